// 客服平台: live messages over /ws/chat/, replies through the API. Every message is saved
// before it is pushed, so after a reconnect the page fetches what it missed (?after=<id>).
(() => {
  const page = document.querySelector("[data-chat-page]");
  if (!page) return;
  const current = page.dataset.conversation;
  const list = page.querySelector("[data-messages]");
  const state = page.querySelector("[data-socket-state]");
  let lastId = Number(page.dataset.lastId || 0);
  const stamp = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", hour: "2-digit",
    minute: "2-digit", hour12: false,
  });
  const csrf = () => document.querySelector("[name=csrfmiddlewaretoken]").value;
  const cardTexts = JSON.parse(document.getElementById("chat-card-texts")?.textContent ?? "{}");

  // A card or an order notice is worded in this page's language from its payload (the
  // socket carries the sender's wording), in the thread or as the list's preview, as the
  // server words them; a person's message is shown as written.
  function wording(message, where = "thread") {
    const payload = message.is_removed ? {} : message.payload || {};
    const subject = payload.title ?? payload.order_sn;
    const template = (cardTexts[where] ?? {})[message.kind];
    if (!template || subject === undefined) return message.text;
    const labels = cardTexts.labels ?? {};
    const values = {
      text: subject,
      sn: payload.order_sn,
      amount: payload.pay_amount ?? payload.amount,
      kind: (labels.kind ?? {})[payload.kind] ?? payload.kind,
      stage: (labels.stage ?? {})[payload.stage] ?? payload.stage,
    };
    return template.replace(/%\((\w+)\)s/g, (_match, key) => values[key] ?? "");
  }

  function render(message) {
    if (!list || String(message.conversation_id) !== current) return;
    if (list.querySelector(`[data-id="${message.id}"]`)) return;
    const item = document.createElement("li");
    item.className = `chat-message from-${message.sender_kind}`;
    item.dataset.id = message.id;
    const body = document.createElement("div");
    const notice = message.kind === "order_notice" || message.kind === "after_sale_notice";
    body.className = notice ? "chat-notice" : "chat-bubble";
    body.textContent = wording(message); // text, never HTML
    const time = document.createElement("time");
    time.className = "chat-time";
    time.textContent = stamp.format(new Date(message.created_at)).replace("/", "-");
    item.append(body, time);
    list.append(item);
    list.scrollTop = list.scrollHeight;
    lastId = Math.max(lastId, message.id);
  }

  function updateList(event) {
    const box = page.querySelector("[data-conversations]");
    let link = box.querySelector(`[data-conversation-id="${event.conversation_id}"]`);
    if (!link) {
      box.querySelector("[data-empty]")?.remove();
      const item = document.createElement("li");
      link = document.createElement("a");
      link.className = "chat-list-item";
      link.href = `?c=${event.conversation_id}`;
      link.dataset.conversationId = event.conversation_id;
      const avatar = document.createElement("span");
      avatar.className = "chat-avatar";
      avatar.textContent = event.buyer.nickname.slice(0, 1);
      const text = document.createElement("span");
      text.className = "chat-list-text";
      const name = document.createElement("span");
      name.className = "chat-list-name";
      name.textContent = event.buyer.nickname;
      const last = document.createElement("span");
      last.className = "chat-list-last";
      last.dataset.last = "";
      text.append(name, last);
      const badge = document.createElement("span");
      badge.className = "badge rounded-pill text-bg-danger";
      badge.dataset.unread = "";
      link.append(avatar, text, badge);
      item.append(link);
    }
    link.querySelector("[data-last]").textContent = wording(event.message, "preview");
    const badge = link.querySelector("[data-unread]");
    const open = String(event.conversation_id) === current;
    badge.textContent = event.merchant_unread;
    badge.hidden = open || !event.merchant_unread;
    box.prepend(link.closest("li"));
  }

  const statusLabels = JSON.parse(document.getElementById("order-status-labels")?.textContent ?? "{}");

  async function refreshOrders() {
    const orders = page.querySelector("[data-orders]");
    if (!orders || !orders.dataset.url) return;
    const response = await fetch(orders.dataset.url, { credentials: "same-origin" });
    if (!response.ok) return;
    const rows = await response.json();
    orders.replaceChildren(...rows.map((order) => {
      const item = document.createElement("li");
      item.className = "chat-order";
      const link = document.createElement("a");
      link.className = "font-monospace";
      link.href = `/orders/${order.order_sn}/`;
      link.textContent = order.order_sn;
      const line = document.createElement("div");
      line.textContent = `¥${order.pay_amount} · ${statusLabels[order.status] ?? order.status}`;
      item.append(link, line);
      return item;
    }));
  }

  async function catchUp() {
    if (!current) return;
    const response = await fetch(`/api/v1/chat/conversations/${current}/messages?after=${lastId}`, {
      credentials: "same-origin",
    });
    if (response.ok) (await response.json()).results.forEach(render);
  }

  let delay = 1000;
  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/chat/`);
    socket.onopen = () => {
      delay = 1000;
      if (state) state.textContent = "●";
      catchUp();
    };
    socket.onmessage = (raw) => {
      const event = JSON.parse(raw.data);
      if (event.type !== "message" && event.type !== "order_notice") return;
      render(event.message);
      updateList(event);
      window.consoleUnread?.(event.unread_total);
      if (event.type === "order_notice" && String(event.conversation_id) === current) refreshOrders();
      if (String(event.conversation_id) === current) {
        fetch(`/api/v1/chat/conversations/${current}/messages?after=${lastId}`, { credentials: "same-origin" });
      }
    };
    socket.onclose = () => {
      if (state) state.textContent = "○";
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 15000);
    };
  }
  connect();

  const form = page.querySelector("[data-reply]");
  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = form.elements.text.value.trim();
    if (!text) return;
    const response = await fetch(form.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ text }),
    });
    const body = await response.json();
    form.querySelector("[data-reply-error]").textContent = response.ok ? "" : body.detail;
    if (response.ok) {
      form.elements.text.value = "";
      render(body);
    }
  });
  page.querySelectorAll("[data-phrase]").forEach((button) => {
    button.addEventListener("click", () => {
      form.elements.text.value = button.textContent;
      form.elements.text.focus();
    });
  });
  if (list) list.scrollTop = list.scrollHeight;
})();

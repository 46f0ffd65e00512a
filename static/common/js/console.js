// Small behaviours of the console, wired by data attributes.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const text = document.querySelector(button.dataset.copy)?.textContent.trim();
  if (text && navigator.clipboard) navigator.clipboard.writeText(text);
});
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// Lists with checkboxes: "select all", a live count, and buttons that need a selection.
document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (!form) return;
  if (event.target.matches("[data-select-all]")) {
    form.querySelectorAll("tbody input[type=checkbox]").forEach((box) => {
      box.checked = event.target.checked;
    });
  }
  const selected = form.querySelectorAll("tbody input[type=checkbox]:checked").length;
  form.querySelectorAll("[data-needs-selection]").forEach((button) => {
    button.disabled = selected === 0;
  });
  const counter = form.querySelector("[data-selection-count]");
  if (counter) counter.textContent = selected ? counter.dataset.template?.replace("%s", selected) ?? String(selected) : "";
});

// The unread total in the top bar, kept live by the chat socket on every console page.
window.consoleUnread = (total) => {
  const badge = document.querySelector("[data-unread-total]");
  if (!badge || total === undefined) return;
  badge.textContent = total;
  badge.hidden = !total;
};
// A socket that reconnects, waiting longer after each loss (up to 30 s).
function listenTo(path, onMessage) {
  (function listen(delay) {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}${path}`);
    socket.onmessage = (raw) => onMessage(JSON.parse(raw.data));
    socket.onclose = () => setTimeout(() => listen(Math.min(delay * 2, 30000)), delay);
  })(2000);
}
if (document.querySelector("[data-topbar-chat]") && !document.querySelector("[data-chat-page]")) {
  listenTo("/ws/chat/", (data) => window.consoleUnread(data.unread_total));
}

// The notification bell's unread count, pushed by the notification center's socket.
if (document.querySelector("[data-topbar-notifications]")) {
  listenTo("/ws/notifications/", (data) => {
    const badge = document.querySelector("[data-notification-unread]");
    if (!badge || data.type !== "unread") return;
    badge.textContent = data.unread;
    badge.hidden = !data.unread;
  });
}

// Forms that ask before they submit (data-confirm="question").
document.addEventListener("submit", (event) => {
  const question = event.target.dataset?.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

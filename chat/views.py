from django.contrib import messages
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from chat import selectors, services
from chat.models import AFTER_SALE_NOTICE_TEXT, CARD_TEXTS, ORDER_NOTICE_TEXT, SenderKind
from common.exceptions import ApplicationError
from common.http import redirect_back
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin
from orders.models import AfterSaleKind, AfterSaleStage, OrderStatus


class ConversationIndexView(ShopAreaRequiredMixin, TemplateView):
    """客服平台: conversations (newest first, unread badges), the open thread with the reply
    box and quick phrases, and the buyer's orders in this shop (个人订单) beside it."""

    area = permissions.CHAT
    template_name = "chat/conversation_list.html"

    def get_context_data(self, **kwargs):
        conversations = list(selectors.list_conversations(shop=self.shop)[:100])
        current = None
        wanted = self.request.GET.get("c")
        if wanted:
            current = selectors.get_conversation_for_shop(shop=self.shop, conversation_id=wanted)
        elif conversations:
            current = conversations[0]
        thread, orders = [], []
        if current is not None:
            thread = list(selectors.list_messages(conversation=current))[-200:]
            orders = selectors.list_buyer_orders_in_shop(conversation=current)
            services.mark_read(conversation=current, side=SenderKind.MERCHANT)
            for conversation in conversations:
                if conversation.pk == current.pk:
                    conversation.merchant_unread = 0
        return super().get_context_data(
            conversations=conversations,
            current=current,
            thread=thread,
            orders=orders,
            phrases=selectors.list_quick_phrases(shop=self.shop),
            # The side panel refreshes its orders from the API (status codes): their labels
            # in the reader's language, for the script.
            order_status_labels={value: str(label) for value, label in OrderStatus.choices},
            # Cards and notices pushed over the socket are worded here, not by the sender:
            # in the thread as Message.display_text, in the list as Conversation.preview.
            card_texts={
                "preview": {kind: str(text) for kind, text in CARD_TEXTS.items()},
                "thread": {
                    **{kind: str(text) for kind, text in CARD_TEXTS.items()},
                    "order_notice": str(ORDER_NOTICE_TEXT),
                    "after_sale_notice": str(AFTER_SALE_NOTICE_TEXT),
                },
                "labels": {
                    "kind": {value: str(label) for value, label in AfterSaleKind.choices},
                    "stage": {value: str(label) for value, label in AfterSaleStage.choices},
                },
            },
            **kwargs,
        )


class QuickPhraseCreateView(ShopAreaRequiredMixin, View):
    area = permissions.CHAT

    def post(self, request):
        try:
            services.add_quick_phrase(shop=self.shop, text=request.POST.get("text", ""))
            messages.success(request, _("Quick phrase added."))
        except ApplicationError as error:
            messages.error(request, str(error.message))
        return redirect_back(request, "chat:index")


class QuickPhraseDeleteView(ShopAreaRequiredMixin, View):
    area = permissions.CHAT

    def post(self, request, phrase_id):
        services.delete_quick_phrase(
            phrase=selectors.get_quick_phrase_for_shop(shop=self.shop, phrase_id=phrase_id)
        )
        messages.success(request, _("Quick phrase removed."))
        return redirect_back(request, "chat:index")

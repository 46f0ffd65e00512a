from django.views.generic import TemplateView

from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin


class ConversationIndexView(ShopAreaRequiredMixin, TemplateView):
    area = permissions.CHAT
    template_name = "chat/conversation_list.html"

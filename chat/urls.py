from django.urls import path

from chat import apis, views

app_name = "chat"

urlpatterns = [
    path("", views.ConversationIndexView.as_view(), name="index"),
    path("phrases/", views.QuickPhraseCreateView.as_view(), name="phrases"),
    path(
        "phrases/<int:phrase_id>/delete/",
        views.QuickPhraseDeleteView.as_view(),
        name="phrase_delete",
    ),
]

api_urlpatterns = [
    path("chat/socket-ticket", apis.SocketTicketApi.as_view(), name="chat-socket-ticket"),
    path("buyer/chat/messages", apis.BuyerMessageCreateApi.as_view(), name="buyer-chat-send"),
    path(
        "buyer/chat/conversations/<int:conversation_id>/messages",
        apis.BuyerMessageListApi.as_view(),
        name="buyer-chat-messages",
    ),
    path("chat/conversations", apis.ConversationListApi.as_view(), name="chat-conversations"),
    path(
        "chat/conversations/<int:conversation_id>/messages",
        apis.ConversationMessagesApi.as_view(),
        name="chat-messages",
    ),
    path(
        "chat/conversations/<int:conversation_id>/orders",
        apis.ConversationOrdersApi.as_view(),
        name="chat-orders",
    ),
]

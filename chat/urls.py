from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("", views.ConversationIndexView.as_view(), name="index"),
]

api_urlpatterns = []

from django.urls import path

from payouts import views

app_name = "payouts"

urlpatterns = [
    path("", views.AccountIndexView.as_view(), name="index"),
]

api_urlpatterns = []

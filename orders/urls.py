from django.urls import path

from orders import apis, views

app_name = "orders"

urlpatterns = [
    path("", views.OrderIndexView.as_view(), name="index"),
]

api_urlpatterns = [
    path("buyer/register", apis.BuyerRegisterApi.as_view(), name="buyer-register"),
]

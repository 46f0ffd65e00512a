from django.urls import path

from products import views

app_name = "products"

urlpatterns = [
    path("", views.ProductIndexView.as_view(), name="index"),
]

api_urlpatterns = []

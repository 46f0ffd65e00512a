from django.urls import path

from dropship import apis, views

app_name = "dropship"

urlpatterns = [
    path("", views.DropshipIndexView.as_view(), name="index"),
]

api_urlpatterns = [
    path("dropship/identity", apis.IdentityApi.as_view(), name="dropship-identity"),
]

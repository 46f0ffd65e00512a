from django.urls import path

from openplatform import views

app_name = "openplatform"

urlpatterns = [
    path("authorize", views.AuthorizeView.as_view(), name="authorize"),
    path("apps/", views.GrantListView.as_view(), name="grants"),
    path("apps/<int:grant_id>/revoke/", views.GrantRevokeView.as_view(), name="revoke"),
]

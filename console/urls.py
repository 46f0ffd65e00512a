from django.urls import path

from console import apis, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
]

api_urlpatterns = [
    path("shop", apis.ShopApi.as_view(), name="shop"),
    path("dashboard", apis.DashboardApi.as_view(), name="dashboard"),
]

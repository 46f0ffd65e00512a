from django.contrib.auth import views as auth_views
from django.urls import path

from merchant import apis, views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.SignupView.as_view(), name="signup"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/tokens/", views.TokenListView.as_view(), name="tokens"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path(
        "notifications/settings/",
        views.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        views.NotificationReadView.as_view(),
        name="notification_read",
    ),
    path("settings/", views.ShopSettingsView.as_view(), name="shop_settings"),
    path("settings/staff/new/", views.StaffCreateView.as_view(), name="staff_create"),
    path("settings/operations/", views.OperationLogView.as_view(), name="operation_log"),
    path(
        "settings/return-addresses/",
        views.ReturnAddressCreateView.as_view(),
        name="return_address_create",
    ),
    path(
        "settings/return-addresses/<int:address_id>/",
        views.ReturnAddressUpdateView.as_view(),
        name="return_address_update",
    ),
    path(
        "settings/return-addresses/<int:address_id>/default/",
        views.ReturnAddressDefaultView.as_view(),
        name="return_address_default",
    ),
    path(
        "settings/return-addresses/<int:address_id>/delete/",
        views.ReturnAddressDeleteView.as_view(),
        name="return_address_delete",
    ),
    path(
        "settings/staff/<int:membership_id>/", views.StaffUpdateView.as_view(), name="staff_update"
    ),
]

api_urlpatterns = [
    path("auth/register", apis.RegisterApi.as_view(), name="auth-register"),
    path("auth/token", apis.TokenApi.as_view(), name="auth-token"),
    path("auth/logout", apis.LogoutApi.as_view(), name="auth-logout"),
    path("auth/tokens", apis.TokenListApi.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:token_id>", apis.TokenDetailApi.as_view(), name="auth-token-detail"),
    path(
        "merchant/return-addresses",
        apis.ReturnAddressListCreateApi.as_view(),
        name="return-addresses",
    ),
    path(
        "merchant/return-addresses/<int:address_id>",
        apis.ReturnAddressDetailApi.as_view(),
        name="return-address-detail",
    ),
    path("notifications", apis.NotificationListApi.as_view(), name="notifications"),
    path(
        "notifications/unread-count",
        apis.NotificationUnreadApi.as_view(),
        name="notifications-unread-count",
    ),
    path("notifications/read", apis.NotificationReadApi.as_view(), name="notifications-read"),
    path(
        "notifications/<int:notification_id>/read",
        apis.NotificationDetailReadApi.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/settings",
        apis.NotificationSettingsApi.as_view(),
        name="notification-settings",
    ),
    path("shop/members", apis.MemberListCreateApi.as_view(), name="shop-members"),
    path("shop/operations", apis.OperationLogApi.as_view(), name="shop-operations"),
    path(
        "shop/members/<int:membership_id>",
        apis.MemberDetailApi.as_view(),
        name="shop-member-detail",
    ),
]

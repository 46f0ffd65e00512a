from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.identifiers import parse_identifier
from common.pagination import KeysetPaginator
from common.throttling import ScopedRateThrottle
from merchant import permissions, selectors, services
from merchant.exceptions import LoginLockedOut
from merchant.filters import OperationFilterSet
from merchant.forms import (
    LoginForm,
    NotificationFilterForm,
    NotificationSettingsForm,
    PasswordChangeForm,
    ReturnAddressForm,
    ShopForm,
    SignupForm,
    StaffCreateForm,
    StaffUpdateForm,
)
from merchant.middleware import SESSION_SHOP_KEY
from merchant.mixins import ShopAreaRequiredMixin
from merchant.models import Notification
from merchant.notifications import kinds_for
from merchant.notifications import link as notification_link
from merchant.notifications import render as render_notification
from merchant.operations import describe_changes


def login_locked_out(request, response=None, credentials=None, *args, **kwargs):
    """django-axes' answer once a username is locked: the API body, or the login page.

    Password confirmations inside the console (bank card, password change) count toward the
    same lock: a session that guesses the password is signed out, and stays out until the
    lock ends, like any other login from that address."""
    error = LoginLockedOut()
    if request.path.startswith("/api/"):
        return JsonResponse({"code": error.code, "detail": str(error.message)}, status=429)
    if request.user.is_authenticated:
        logout(request)
    form = LoginForm(request, data=request.POST or None)
    form.is_valid()
    form.errors.clear()
    form.add_error(None, str(error.message))
    return render(request, "registration/login.html", {"form": form}, status=429)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        self.request.session.pop(SESSION_SHOP_KEY, None)
        return super().form_valid(form)


class SignupView(FormView):
    """入驻: a new merchant opens a shop and lands in its console, logged in."""

    template_name = "merchant/signup.html"
    form_class = SignupForm
    throttle_scope = "auth"  # the same counter as the sign-up and token APIs

    def post(self, request, *args, **kwargs):
        throttle = ScopedRateThrottle()
        if not throttle.allow_request(request, self):
            form = self.get_form()
            wait = int(throttle.wait() or 60)
            form.errors.clear()
            form.add_error(
                None,
                _("Too many attempts from your network. Try again in %(seconds)d seconds.")
                % {"seconds": wait},
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            membership = services.register_merchant(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                shop_name=form.cleaned_data["shop_name"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        shop = membership.shop
        login(self.request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        self.request.session[SESSION_SHOP_KEY] = shop.pk
        messages.success(
            self.request,
            _("Welcome! Your shop %(name)s is open; its shop ID is %(shop_no)s.")
            % {"name": shop.name, "shop_no": shop.shop_no},
        )
        return redirect("home")


class PasswordChangeView(LoginRequiredMixin, auth_views.PasswordChangeView):
    template_name = "merchant/password_change.html"
    success_url = reverse_lazy("home")
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        services.change_password(user=form.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)  # this session stays signed in
        messages.success(
            self.request,
            _("Your password has been changed. Apps signed in with the old one must log in again."),
        )
        return redirect(self.get_success_url())


class TokenListView(LoginRequiredMixin, TemplateView):
    """API 令牌: the clients signed in to the API as this user; each can be revoked, or all."""

    template_name = "merchant/token_list.html"

    def get_context_data(self, **kwargs):
        tokens = selectors.list_tokens(user=self.request.user)[:100]
        idle_days = settings.API_TOKEN_IDLE_LIFETIME.days
        return super().get_context_data(tokens=tokens, idle_days=idle_days, **kwargs)

    def post(self, request):
        if request.POST.get("token_id") == "all":
            count = services.revoke_tokens(user=request.user)
            messages.success(request, _("%(count)d tokens revoked.") % {"count": count})
        else:
            token_id = parse_identifier(request.POST.get("token_id"))
            if token_id is None:
                raise Http404
            services.revoke_token(
                token=selectors.get_token_for_user(user=request.user, pk=token_id)
            )
            messages.success(request, _("Token revoked."))
        return redirect("tokens")


class NotificationListView(ShopAreaRequiredMixin, TemplateView):
    """消息中心: what the console told this member of this shop, newest first, with filters
    (unread, kind); each opens what it tells of, or is marked read; "mark all as read"."""

    area = permissions.SHOP
    template_name = "merchant/notification_list.html"

    def get_context_data(self, **kwargs):
        kinds = kinds_for(self.request.membership)
        form = NotificationFilterForm(self.request.GET, kinds=kinds)
        filters = form.cleaned_data if form.is_valid() else None
        notifications = (
            Notification.objects.none()  # refused filters: nothing rather than everything
            if filters is None
            else selectors.list_notifications(shop=self.shop, user=self.request.user, **filters)
        )
        page = KeysetPaginator(notifications, time_field="created_at", page_size=20).page(
            self.request.GET.get("cursor")
        )
        for notification in page.items:
            notification.text = render_notification(notification)
            notification.link = notification_link(notification)
        query = self.request.GET.copy()
        query.pop("cursor", None)
        return super().get_context_data(
            notifications=page, form=form, filter_query=query.urlencode(), **kwargs
        )

    def post(self, request):
        services.mark_notifications_read(shop=self.shop, user=request.user)
        return redirect("notifications")


class NotificationReadView(ShopAreaRequiredMixin, View):
    """One notification marked read; with `open`, the member is then taken to what it tells
    of (the list again if it leads nowhere)."""

    area = permissions.SHOP

    def post(self, request, notification_id):
        notification = selectors.get_notification_for_user(
            shop=self.shop, user=request.user, notification_id=notification_id
        )
        services.mark_notifications_read(
            shop=self.shop, user=request.user, notification_ids=[notification.pk]
        )
        target = notification_link(notification) if "open" in request.POST else None
        if target:
            return redirect(target)
        # Back to the list as it was filtered (its own filters only, re-encoded).
        query = QueryDict(request.POST.get("query", ""), mutable=True)
        kept = QueryDict(mutable=True)
        for key in ("unread", "kind", "cursor"):
            if key in query:
                kept[key] = query[key]
        return redirect(f"{reverse('notifications')}?{kept.urlencode()}")


class NotificationSettingsView(ShopAreaRequiredMixin, FormView):
    """通知设置: which kinds of notification this member receives in this shop."""

    area = permissions.SHOP
    template_name = "merchant/notification_settings.html"
    form_class = NotificationSettingsForm
    success_url = reverse_lazy("notification_settings")

    def get_form_kwargs(self):
        membership = self.request.membership
        settings = selectors.notification_settings(
            membership=membership, kinds=kinds_for(membership)
        )
        return {**super().get_form_kwargs(), "settings": settings}

    def form_valid(self, form):
        services.set_notification_settings(
            shop=self.shop, user=self.request.user, enabled=form.enabled()
        )
        messages.success(self.request, _("Notification settings saved."))
        return super().form_valid(form)


ADDRESS_IDS = "address_%s"  # the return address form's element ids, apart from the shop's


class ShopSettingsView(ShopAreaRequiredMixin, FormView):
    area = permissions.SETTINGS
    template_name = "merchant/shop_settings.html"
    form_class = ShopForm

    def get_initial(self):
        return {"name": self.shop.name, "low_stock_threshold": self.shop.low_stock_threshold}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            staff=selectors.list_staff(shop=self.shop),
            return_addresses=selectors.list_return_addresses(shop=self.shop),
            address_form=kwargs.pop("address_form", None) or ReturnAddressForm(auto_id=ADDRESS_IDS),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.update_shop(shop=self.shop, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Shop settings saved."))
        return redirect("shop_settings")


class StaffCreateView(ShopAreaRequiredMixin, FormView):
    area = permissions.SETTINGS
    template_name = "merchant/staff_form.html"
    form_class = StaffCreateForm

    def form_valid(self, form):
        try:
            membership = services.add_staff(shop=self.shop, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Sub-account %(username)s created.") % {"username": membership.user.username},
        )
        return redirect("shop_settings")


class StaffUpdateView(ShopAreaRequiredMixin, FormView):
    area = permissions.SETTINGS
    template_name = "merchant/staff_form.html"
    form_class = StaffUpdateForm

    def dispatch(self, request, *args, **kwargs):
        self.membership = None
        return super().dispatch(request, *args, **kwargs)

    def get_membership(self):
        if self.membership is None:
            self.membership = selectors.get_membership_for_shop(
                shop=self.shop, membership_id=self.kwargs["membership_id"]
            )
        return self.membership

    def get_initial(self):
        membership = self.get_membership()
        return {"role": membership.role, "is_active": membership.is_active}

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.get_membership(), **kwargs)

    def form_valid(self, form):
        try:
            services.update_staff(membership=self.get_membership(), **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Sub-account saved."))
        return redirect(reverse("shop_settings"))


class ReturnAddressCreateView(ShopSettingsView):
    """退货地址 of the shop (店铺设置), used when dropship orders are shipped online."""

    def post(self, request, *args, **kwargs):
        form = ReturnAddressForm(request.POST, auto_id=ADDRESS_IDS)
        if form.is_valid():
            try:
                services.add_return_address(shop=self.shop, **form.cleaned_data)
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Return address added."))
                return redirect("shop_settings")
        context = self.get_context_data(form=self.get_form(), address_form=form)
        return self.render_to_response(context, status=400)


class ReturnAddressUpdateView(ShopAreaRequiredMixin, FormView):
    area = permissions.SETTINGS
    template_name = "merchant/return_address_form.html"

    def get_form_class(self):
        return ReturnAddressForm

    @property
    def address(self):
        return selectors.get_return_address_for_shop(
            shop=self.shop, address_id=self.kwargs["address_id"]
        )

    def get_initial(self):
        address = self.address
        return {field: getattr(address, field) for field in services.RETURN_ADDRESS_FIELDS}

    def form_valid(self, form):
        try:
            services.update_return_address(return_address=self.address, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Return address saved."))
        return redirect("shop_settings")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReturnAddressDefaultView(ShopAreaRequiredMixin, View):
    area = permissions.SETTINGS

    def post(self, request, address_id):
        address = selectors.get_return_address_for_shop(shop=self.shop, address_id=address_id)
        services.set_default_return_address(return_address=address)
        messages.success(request, _("Default return address set."))
        return redirect("shop_settings")


class ReturnAddressDeleteView(ShopAreaRequiredMixin, View):
    area = permissions.SETTINGS

    def post(self, request, address_id):
        address = selectors.get_return_address_for_shop(shop=self.shop, address_id=address_id)
        services.delete_return_address(return_address=address)
        messages.success(request, _("Return address deleted."))
        return redirect("shop_settings")


class OperationLogView(ShopAreaRequiredMixin, TemplateView):
    """操作日志 (the owner): who changed what, when and from where, with filters and an
    export of what they select."""

    area = permissions.SETTINGS
    template_name = "merchant/operation_log.html"

    def get_context_data(self, **kwargs):
        filterset = OperationFilterSet(
            self.request.GET, queryset=selectors.list_operations(shop=self.shop)
        )
        operations = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = KeysetPaginator(operations, time_field="created_at", page_size=30).page(
            self.request.GET.get("cursor")
        )
        for operation in page.items:
            operation.described = describe_changes(operation.changes)
        query = self.request.GET.copy()
        query.pop("cursor", None)
        return super().get_context_data(
            form=filterset.form, operations=page, filter_query=query.urlencode(), **kwargs
        )

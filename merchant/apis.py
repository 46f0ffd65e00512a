from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import (
    ERRORS,
    AuthApi,
    CharField,
    DefaultPagination,
    ErrorSerializer,
    bool_param,
    choice_param,
    filter_or_refuse,
    paginated,
)
from common.pagination import CreatedAtKeysetPagination
from merchant import permissions, selectors, services
from merchant.exceptions import InvalidCredentials
from merchant.filters import OperationFilterSet
from merchant.mixins import ShopScopedApi
from merchant.models import STAFF_ROLE_CHOICES, ApiToken, Operation, Role
from merchant.notifications import kinds_for
from merchant.notifications import link as notification_link
from merchant.notifications import render as render_notification


class ShopSummarySerializer(serializers.Serializer):
    shop_no = serializers.IntegerField()
    name = CharField()


class RegisterApi(AuthApi):
    class InputSerializer(serializers.Serializer):
        username = CharField(max_length=150)
        password = CharField(max_length=128, trim_whitespace=False)
        shop_name = CharField(max_length=30)

    class OutputSerializer(serializers.Serializer):
        shop = ShopSummarySerializer()

    @extend_schema(
        operation_id="auth_register",
        request=InputSerializer,
        responses={201: OutputSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.register_merchant(**serializer.validated_data)
        return Response(
            self.OutputSerializer({"shop": membership.shop}).data, status=status.HTTP_201_CREATED
        )


class TokenApi(AuthApi):
    class InputSerializer(serializers.Serializer):
        username = CharField(max_length=150)
        password = CharField(max_length=128, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = CharField()
        expires_at = serializers.DateTimeField(
            help_text="Unless used before: each use moves it API_TOKEN_IDLE_DAYS ahead."
        )

    @extend_schema(
        operation_id="auth_token",
        request=InputSerializer,
        responses={200: OutputSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The Django request, so that django-axes counts the failure and can lock the name.
        user = authenticate(request._request, **serializer.validated_data)
        if user is None:
            raise InvalidCredentials()
        token = services.issue_token(user=user, name=request.headers.get("User-Agent", ""))
        return Response(
            self.OutputSerializer({"token": token.key, "expires_at": token.expires_at}).data
        )


class ApiTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    prefix = CharField(help_text="The first characters of the key, to tell tokens apart.")
    name = CharField(help_text="The client that logged in (its User-Agent).")
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    is_active = serializers.BooleanField()
    is_current = serializers.SerializerMethodField()

    def get_is_current(self, token) -> bool:
        return token.pk == getattr(self.context.get("current"), "pk", None)


class TokenListApi(APIView):
    """The caller's API tokens, newest first: any signed-in user (merchant staff, buyer)."""

    @extend_schema(
        operation_id="auth_tokens_list",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: paginated(ApiTokenSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(selectors.list_tokens(user=request.user), request, self)
        data = ApiTokenSerializer(page, many=True, context={"current": request.auth}).data
        return paginator.get_paginated_response(data)


class TokenDetailApi(APIView):
    @extend_schema(
        operation_id="auth_tokens_revoke",
        responses={204: None, 401: ErrorSerializer, 404: ErrorSerializer},
    )
    def delete(self, request, token_id: int):
        services.revoke_token(token=selectors.get_token_for_user(user=request.user, pk=token_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutApi(APIView):
    """Revoke the token the call is made with (a client's log-out)."""

    @extend_schema(
        operation_id="auth_logout", request=None, responses={204: None, 401: ErrorSerializer}
    )
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            services.revoke_token(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = CharField(source="user.username")
    name = CharField(source="user.first_name")
    role = serializers.ChoiceField(choices=Role.choices)
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class MemberListCreateApi(ShopScopedApi):
    """The shop's accounts: the owner and its staff sub-accounts (子账号)."""

    area = permissions.SETTINGS

    class InputSerializer(serializers.Serializer):
        username = CharField(max_length=150)
        password = CharField(max_length=128, trim_whitespace=False)
        name = CharField(max_length=150)
        role = serializers.ChoiceField(choices=STAFF_ROLE_CHOICES)

    @extend_schema(
        operation_id="shop_members_list",
        responses={200: paginated(MemberOutputSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(selectors.list_staff(shop=self.shop), request, self)
        return paginator.get_paginated_response(MemberOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="shop_members_create",
        request=InputSerializer,
        responses={201: MemberOutputSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.add_staff(shop=self.shop, **serializer.validated_data)
        return Response(MemberOutputSerializer(membership).data, status=status.HTTP_201_CREATED)


class MemberDetailApi(ShopScopedApi):
    area = permissions.SETTINGS

    class InputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=STAFF_ROLE_CHOICES, required=False)
        is_active = serializers.BooleanField(required=False)

    @extend_schema(
        operation_id="shop_members_retrieve", responses={200: MemberOutputSerializer, **ERRORS}
    )
    def get(self, request, membership_id: int):
        membership = selectors.get_membership_for_shop(shop=self.shop, membership_id=membership_id)
        return Response(MemberOutputSerializer(membership).data)

    @extend_schema(
        operation_id="shop_members_update",
        request=InputSerializer,
        responses={200: MemberOutputSerializer, **ERRORS},
    )
    def patch(self, request, membership_id: int):
        membership = selectors.get_membership_for_shop(shop=self.shop, membership_id=membership_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.update_staff(
            membership=membership,
            role=serializer.validated_data.get("role", membership.role),
            is_active=serializer.validated_data.get("is_active", membership.is_active),
        )
        return Response(MemberOutputSerializer(membership).data)


class ReturnAddressSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = CharField(max_length=20)
    phone = CharField(max_length=20, help_text="A mobile, or a landline with its area code.")
    province = CharField(max_length=20)
    city = CharField(max_length=20)
    district = CharField(max_length=20)
    address = CharField(max_length=120)
    is_default = serializers.BooleanField(required=False, default=False)


class ReturnAddressListCreateApi(ShopScopedApi):
    """退货地址 of the shop, chosen when dropship orders are shipped online; the default
    first."""

    area = permissions.DROPSHIP

    @extend_schema(
        operation_id="return_addresses_list",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: paginated(ReturnAddressSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(
            selectors.list_return_addresses(shop=self.shop), request, self
        )
        return paginator.get_paginated_response(ReturnAddressSerializer(page, many=True).data)

    @extend_schema(
        operation_id="return_addresses_create",
        request=ReturnAddressSerializer,
        responses={201: ReturnAddressSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = ReturnAddressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        address = services.add_return_address(shop=self.shop, **serializer.validated_data)
        return Response(ReturnAddressSerializer(address).data, status=status.HTTP_201_CREATED)


class ReturnAddressDetailApi(ShopScopedApi):
    """One return address: read, change (PATCH, `is_default: true` makes it the default),
    delete (hidden; orders shipped with it keep naming it)."""

    area = permissions.DROPSHIP

    def address(self, address_id):
        return selectors.get_return_address_for_shop(shop=self.shop, address_id=address_id)

    @extend_schema(
        operation_id="return_addresses_retrieve",
        responses={200: ReturnAddressSerializer, **ERRORS},
    )
    def get(self, request, address_id: int):
        return Response(ReturnAddressSerializer(self.address(address_id)).data)

    @extend_schema(
        operation_id="return_addresses_update",
        request=ReturnAddressSerializer(partial=True),
        responses={200: ReturnAddressSerializer, **ERRORS},
    )
    def patch(self, request, address_id: int):
        address = self.address(address_id)
        serializer = ReturnAddressSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        make_default = data.pop("is_default", False)
        if data:
            address = services.update_return_address(return_address=address, **data)
        if make_default:
            address = services.set_default_return_address(return_address=address)
        return Response(ReturnAddressSerializer(address).data)

    @extend_schema(operation_id="return_addresses_delete", responses={204: None, **ERRORS})
    def delete(self, request, address_id: int):
        services.delete_return_address(return_address=self.address(address_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# Notification center (消息中心)


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = CharField(help_text="One of the kinds listed by GET /notifications/settings.")
    text = serializers.SerializerMethodField(help_text="In the request's language.")
    link = serializers.SerializerMethodField(help_text="The console page it leads to, if any.")
    params = serializers.DictField(help_text="What the text is made of (amounts as strings).")
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    def get_text(self, notification) -> str:
        return render_notification(notification)

    def get_link(self, notification) -> str | None:
        return notification_link(notification)


class NotificationListApi(ShopScopedApi):
    """消息中心: the caller's notifications in this shop, newest first."""

    area = permissions.SHOP

    @extend_schema(
        operation_id="notifications_list",
        parameters=[
            OpenApiParameter("cursor", str),
            OpenApiParameter("page_size", int),
            OpenApiParameter("unread", bool, description="Only the unread ones."),
            OpenApiParameter("kind", str, description="Only this kind."),
        ],
        responses={200: paginated(NotificationSerializer), **ERRORS},
    )
    def get(self, request):
        kinds = [kind.kind for kind in kinds_for(self.membership)]
        notifications = selectors.list_notifications(
            shop=self.shop,
            user=request.user,
            unread=bool_param(request, "unread"),
            kind=choice_param(request, "kind", kinds),
        )
        paginator = CreatedAtKeysetPagination()
        page = paginator.paginate_queryset(notifications, request)
        return paginator.get_paginated_response(NotificationSerializer(page, many=True).data)


class NotificationUnreadApi(ShopScopedApi):
    area = permissions.SHOP

    class OutputSerializer(serializers.Serializer):
        unread = serializers.IntegerField()

    @extend_schema(
        operation_id="notifications_unread_count", responses={200: OutputSerializer, **ERRORS}
    )
    def get(self, request):
        unread = selectors.unread_notification_count(shop=self.shop, user=request.user)
        return Response({"unread": unread})


class NotificationReadApi(ShopScopedApi):
    """Marks read the given notifications of the caller (`ids`), or all of them (no `ids`).
    Ids of other members' notifications are ignored."""

    area = permissions.SHOP

    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), max_length=100, required=False
        )

    class OutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField(help_text="How many were unread and are read now.")
        unread = serializers.IntegerField()

    @extend_schema(
        operation_id="notifications_read",
        request=InputSerializer,
        responses={200: OutputSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = services.mark_notifications_read(
            shop=self.shop, user=request.user, notification_ids=serializer.validated_data.get("ids")
        )
        unread = selectors.unread_notification_count(shop=self.shop, user=request.user)
        return Response({"marked": marked, "unread": unread})


class NotificationDetailReadApi(ShopScopedApi):
    area = permissions.SHOP

    @extend_schema(
        operation_id="notifications_read_one",
        request=None,
        responses={200: NotificationSerializer, **ERRORS},
    )
    def post(self, request, notification_id):
        notification = selectors.get_notification_for_user(
            shop=self.shop, user=request.user, notification_id=notification_id
        )
        services.mark_notifications_read(
            shop=self.shop, user=request.user, notification_ids=[notification.pk]
        )
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)


class NotificationSettingSerializer(serializers.Serializer):
    kind = CharField()
    label = CharField(read_only=True, help_text="In the request's language.")
    enabled = serializers.BooleanField()
    optional = serializers.BooleanField(
        read_only=True, help_text="False for notices that cannot be turned off."
    )


class NotificationSettingsApi(ShopScopedApi):
    """通知设置: each kind the caller's role receives, on or off. PUT changes those given."""

    area = permissions.SHOP

    class InputSerializer(serializers.Serializer):
        settings = NotificationSettingSerializer(many=True, allow_empty=False, max_length=100)

    def current(self):
        settings = selectors.notification_settings(
            membership=self.membership, kinds=kinds_for(self.membership)
        )
        return Response(NotificationSettingSerializer(settings, many=True).data)

    @extend_schema(
        operation_id="notifications_settings",
        responses={200: NotificationSettingSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        return self.current()

    @extend_schema(
        operation_id="notifications_settings_update",
        request=InputSerializer,
        responses={200: NotificationSettingSerializer(many=True), **ERRORS},
    )
    def put(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_notification_settings(
            shop=self.shop,
            user=request.user,
            enabled={row["kind"]: row["enabled"] for row in serializer.validated_data["settings"]},
        )
        return self.current()


class OperationLogApi(ShopScopedApi):
    """操作日志 (the owner): who changed what in the shop, newest first, with the page's
    filters."""

    area = permissions.SETTINGS

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        created_at = serializers.DateTimeField()
        operator = CharField(
            source="actor.username", default=None, allow_null=True, help_text="null: the system"
        )
        action = serializers.ChoiceField(choices=Operation.choices)
        action_label = CharField(source="get_action_display")
        target = CharField()
        changes = serializers.DictField(
            child=serializers.ListField(child=CharField(allow_blank=True)),
            help_text="{field: [before, after]}; a SKU's fields as spec/field.",
        )
        ip_address = CharField(allow_null=True)

    @extend_schema(
        operation_id="shop_operations_list",
        parameters=[
            OpenApiParameter("cursor", str),
            OpenApiParameter("page_size", int),
            *[OpenApiParameter(name, str) for name in OperationFilterSet.base_filters],
        ],
        responses={200: paginated(OutputSerializer), **ERRORS},
    )
    def get(self, request):
        operations = filter_or_refuse(
            OperationFilterSet, request, queryset=selectors.list_operations(shop=self.shop)
        )
        paginator = CreatedAtKeysetPagination()
        page = paginator.paginate_queryset(operations, request)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)

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
    paginated,
)
from merchant import permissions, selectors, services
from merchant.exceptions import InvalidCredentials
from merchant.mixins import ShopScopedApi
from merchant.models import STAFF_ROLE_CHOICES, ApiToken, Role


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

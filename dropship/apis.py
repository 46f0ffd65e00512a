from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from common.api import ShopScopedApi
from dropship import services
from dropship.models import DropshipRole
from merchant import permissions
from merchant.apis import ERRORS


class IdentityApi(ShopScopedApi):
    """The shop's dropship side, chosen once (owner or operations)."""

    area = permissions.DROPSHIP

    class InputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=DropshipRole.choices)
        display_name = serializers.CharField(max_length=30)
        sender_name = serializers.CharField(max_length=30, required=False, allow_blank=True)
        sender_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
        address = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=DropshipRole.choices)
        display_name = serializers.CharField()
        sender_name = serializers.CharField()
        sender_phone = serializers.CharField()
        address = serializers.CharField()

    @extend_schema(
        operation_id="dropship_identity_create",
        request=InputSerializer,
        responses={201: OutputSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        identity = services.choose_identity(shop=self.shop, **serializer.validated_data)
        return Response(self.OutputSerializer(identity).data, status=status.HTTP_201_CREATED)

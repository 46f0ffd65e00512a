from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from common.api import ErrorSerializer
from merchant.apis import AuthApi
from orders import services


class BuyerRegisterApi(AuthApi):
    """A buyer account for the shopping side; it logs in with /auth/token too."""

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)
        nickname = serializers.CharField(max_length=30)

    class OutputSerializer(serializers.Serializer):
        buyer_id = serializers.IntegerField(source="pk")

    @extend_schema(
        operation_id="buyer_register",
        request=InputSerializer,
        responses={201: OutputSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        buyer = services.register_buyer(**serializer.validated_data)
        return Response(self.OutputSerializer(buyer).data, status=status.HTTP_201_CREATED)

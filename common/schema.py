from drf_spectacular import openapi


class AutoSchema(openapi.AutoSchema):
    """Name nested `Api.InputSerializer` / `Api.OutputSerializer` classes after their view
    (`RegisterApi.InputSerializer` -> `RegisterInput`), so the per-view serializers of the
    services/selectors style do not collide in the OpenAPI components."""

    def get_serializer_name(self, serializer, direction):
        name = super().get_serializer_name(serializer, direction)
        serializer_class = getattr(serializer, "child", serializer).__class__
        outer, _, inner = serializer_class.__qualname__.rpartition(".")
        if outer:
            return outer.removesuffix("Api") + inner.removesuffix("Serializer")
        return name

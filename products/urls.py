from django.urls import path

from products import apis, views

app_name = "products"

urlpatterns = [
    path("", views.ProductIndexView.as_view(), name="index"),
    path("new/", views.ProductCreateView.as_view(), name="create"),
    path("bulk-status/", views.ProductBulkStatusView.as_view(), name="bulk_status"),
    path("<int:product_id>/edit/", views.ProductUpdateView.as_view(), name="update"),
]

api_urlpatterns = [
    path("products", apis.ProductListCreateApi.as_view(), name="products"),
    path("products/<int:product_id>", apis.ProductDetailApi.as_view(), name="product-detail"),
    path(
        "products/<int:product_id>/on-sale", apis.ProductOnSaleApi.as_view(), name="product-on-sale"
    ),
    path(
        "products/<int:product_id>/off-sale",
        apis.ProductOffSaleApi.as_view(),
        name="product-off-sale",
    ),
    path("categories", apis.CategoryListApi.as_view(), name="categories"),
]

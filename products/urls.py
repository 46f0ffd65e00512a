from django.urls import path

from products import apis, views

app_name = "products"

urlpatterns = [
    path("", views.ProductIndexView.as_view(), name="index"),
    path("new/", views.ProductCreateView.as_view(), name="create"),
    path("bulk-status/", views.ProductBulkStatusView.as_view(), name="bulk_status"),
    path("<int:product_id>/edit/", views.ProductUpdateView.as_view(), name="update"),
    path("<int:product_id>/copy/", views.ProductCopyView.as_view(), name="copy"),
    path(
        "<int:product_id>/images/<int:image_id>/main/",
        views.ProductImageMainView.as_view(),
        name="image_main",
    ),
    path(
        "<int:product_id>/images/<int:image_id>/delete/",
        views.ProductImageDeleteView.as_view(),
        name="image_delete",
    ),
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
    path("products/<int:product_id>/copy", apis.ProductCopyApi.as_view(), name="product-copy"),
    path(
        "products/<int:product_id>/images",
        apis.ProductImageListApi.as_view(),
        name="product-images",
    ),
    path(
        "products/<int:product_id>/images/order",
        apis.ProductImageOrderApi.as_view(),
        name="product-images-order",
    ),
    path(
        "products/<int:product_id>/images/<int:image_id>",
        apis.ProductImageDetailApi.as_view(),
        name="product-image",
    ),
    path(
        "products/<int:product_id>/images/<int:image_id>/main",
        apis.ProductImageMainApi.as_view(),
        name="product-image-main",
    ),
    path("categories", apis.CategoryListApi.as_view(), name="categories"),
]

"""售后 pages, at /after-sales/ (namespace `after_sales`)."""

from django.urls import path

from orders.views import after_sales as views

app_name = "after_sales"

urlpatterns = [
    path("", views.AfterSaleIndexView.as_view(), name="index"),
    path("approve/", views.AfterSaleBatchApproveView.as_view(), name="batch_approve"),
    path("<int:after_sale_id>/", views.AfterSaleDetailView.as_view(), name="detail"),
    path(
        "<int:after_sale_id>/images/<int:image_id>/",
        views.AfterSaleImageView.as_view(),
        name="image",
    ),
    path("<int:after_sale_id>/approve/", views.AfterSaleApproveView.as_view(), name="approve"),
    path("<int:after_sale_id>/refuse/", views.AfterSaleRefuseView.as_view(), name="refuse"),
    path(
        "<int:after_sale_id>/confirm-return/",
        views.AfterSaleConfirmReturnView.as_view(),
        name="confirm_return",
    ),
]

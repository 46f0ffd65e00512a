from django.urls import path

from orders import apis, views

app_name = "orders"

urlpatterns = [
    path("", views.OrderIndexView.as_view(), name="index"),
    path("export.csv", views.OrderExportView.as_view(), name="export"),
    path("ship/batch/", views.OrderBatchShipView.as_view(), name="batch_ship"),
    path("ship/import/", views.ShipmentImportView.as_view(), name="import_shipments"),
    path(
        "ship/import/template.csv",
        views.ShipmentTemplateView.as_view(),
        name="import_shipments_template",
    ),
    path(
        "ship/import/<int:import_id>/",
        views.ShipmentImportDetailView.as_view(),
        name="shipment_import",
    ),
    path(
        "ship/import/<int:import_id>/failed.csv",
        views.ShipmentFailedRowsView.as_view(),
        name="shipment_import_failed",
    ),
    path("<str:order_sn>/", views.OrderDetailView.as_view(), name="detail"),
    path("<str:order_sn>/ship/", views.OrderShipView.as_view(), name="ship"),
    path(
        "<str:order_sn>/shipment/", views.OrderModifyShipmentView.as_view(), name="modify_shipment"
    ),
    path("<str:order_sn>/remark/", views.OrderRemarkView.as_view(), name="remark"),
    path(
        "<str:order_sn>/after-sales/<int:after_sale_id>/approve/",
        views.AfterSaleApproveView.as_view(),
        name="after_sale_approve",
    ),
    path(
        "<str:order_sn>/after-sales/<int:after_sale_id>/refuse/",
        views.AfterSaleRefuseView.as_view(),
        name="after_sale_refuse",
    ),
]

api_urlpatterns = [
    path("buyer/register", apis.BuyerRegisterApi.as_view(), name="buyer-register"),
    path("buyer/orders", apis.BuyerOrderListCreateApi.as_view(), name="buyer-orders"),
    path("buyer/orders/<str:order_sn>", apis.BuyerOrderDetailApi.as_view(), name="buyer-order"),
    path(
        "buyer/orders/<str:order_sn>/confirm-receipt",
        apis.BuyerConfirmReceiptApi.as_view(),
        name="buyer-order-confirm-receipt",
    ),
    path(
        "buyer/orders/<str:order_sn>/after-sales",
        apis.BuyerAfterSaleCreateApi.as_view(),
        name="buyer-order-after-sales",
    ),
    path("orders", apis.OrderListApi.as_view(), name="orders"),
    path("orders/<str:order_sn>", apis.OrderDetailApi.as_view(), name="order-detail"),
    path("orders/<str:order_sn>/ship", apis.OrderShipApi.as_view(), name="order-ship"),
    path(
        "orders/<str:order_sn>/shipment",
        apis.OrderModifyShipmentApi.as_view(),
        name="order-modify-shipment",
    ),
    path("orders/<str:order_sn>/remark", apis.OrderRemarkApi.as_view(), name="order-remark"),
    path(
        "orders/<str:order_sn>/after-sales/<int:after_sale_id>/approve",
        apis.AfterSaleApproveApi.as_view(),
        name="after-sale-approve",
    ),
    path(
        "orders/<str:order_sn>/after-sales/<int:after_sale_id>/refuse",
        apis.AfterSaleRefuseApi.as_view(),
        name="after-sale-refuse",
    ),
    path("carriers", apis.CarrierListApi.as_view(), name="carriers"),
    path(
        "logistics/webhook/<str:carrier>",
        apis.LogisticsWebhookApi.as_view(),
        name="logistics-webhook",
    ),
]

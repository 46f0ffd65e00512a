from django.urls import path

from orders import apis, views
from orders.apis import after_sales as after_sale_apis

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
    path("<str:order_sn>/packages/", views.OrderAddPackageView.as_view(), name="add_package"),
    path("<str:order_sn>/remark/", views.OrderRemarkView.as_view(), name="remark"),
    path("<str:order_sn>/address/", views.OrderAddressView.as_view(), name="address"),
    path(
        "<str:order_sn>/address-changes/<int:change_id>/",
        views.AddressChangeAnswerView.as_view(),
        name="address_change_answer",
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
        after_sale_apis.BuyerAfterSaleCreateApi.as_view(),
        name="buyer-order-after-sales",
    ),
    path(
        "buyer/after-sales",
        after_sale_apis.BuyerAfterSaleListApi.as_view(),
        name="buyer-after-sales",
    ),
    path(
        "buyer/after-sales/<int:after_sale_id>",
        after_sale_apis.BuyerAfterSaleDetailApi.as_view(),
        name="buyer-after-sale",
    ),
    path(
        "buyer/after-sales/<int:after_sale_id>/images/<int:image_id>",
        after_sale_apis.BuyerAfterSaleImageApi.as_view(),
        name="buyer-after-sale-image",
    ),
    path(
        "buyer/after-sales/<int:after_sale_id>/withdraw",
        after_sale_apis.BuyerAfterSaleWithdrawApi.as_view(),
        name="buyer-after-sale-withdraw",
    ),
    path(
        "buyer/after-sales/<int:after_sale_id>/return-shipment",
        after_sale_apis.BuyerAfterSaleReturnApi.as_view(),
        name="buyer-after-sale-return-shipment",
    ),
    path(
        "buyer/after-sales/<int:after_sale_id>/appeal",
        after_sale_apis.BuyerAfterSaleAppealApi.as_view(),
        name="buyer-after-sale-appeal",
    ),
    path(
        "buyer/orders/<str:order_sn>/address-change",
        apis.BuyerAddressChangeApi.as_view(),
        name="buyer-order-address-change",
    ),
    path("orders", apis.OrderListApi.as_view(), name="orders"),
    path(
        "orders/<str:order_sn>/address-change/approve",
        apis.OrderAddressChangeApproveApi.as_view(),
        name="order-address-change-approve",
    ),
    path(
        "orders/<str:order_sn>/address-change/refuse",
        apis.OrderAddressChangeRefuseApi.as_view(),
        name="order-address-change-refuse",
    ),
    path(
        "orders/<str:order_sn>/consignee", apis.OrderConsigneeApi.as_view(), name="order-consignee"
    ),
    path("orders/<str:order_sn>", apis.OrderDetailApi.as_view(), name="order-detail"),
    path("orders/<str:order_sn>/ship", apis.OrderShipApi.as_view(), name="order-ship"),
    path(
        "orders/<str:order_sn>/shipment",
        apis.OrderModifyShipmentApi.as_view(),
        name="order-modify-shipment",
    ),
    path("orders/<str:order_sn>/remark", apis.OrderRemarkApi.as_view(), name="order-remark"),
    path("orders/<str:order_sn>/packages", apis.OrderPackageApi.as_view(), name="order-packages"),
    # The first paths of an after-sale's answers, under its order (kept for their clients).
    path(
        "orders/<str:order_sn>/after-sales/<int:after_sale_id>/approve",
        after_sale_apis.OrderAfterSaleApproveApi.as_view(),
        name="order-after-sale-approve",
    ),
    path(
        "orders/<str:order_sn>/after-sales/<int:after_sale_id>/refuse",
        after_sale_apis.OrderAfterSaleRefuseApi.as_view(),
        name="order-after-sale-refuse",
    ),
    path("after-sales", after_sale_apis.AfterSaleListApi.as_view(), name="after-sales"),
    path(
        "after-sales/approve",
        after_sale_apis.AfterSaleBatchApproveApi.as_view(),
        name="after-sales-batch-approve",
    ),
    path(
        "after-sales/<int:after_sale_id>",
        after_sale_apis.AfterSaleDetailApi.as_view(),
        name="after-sale",
    ),
    path(
        "after-sales/<int:after_sale_id>/images/<int:image_id>",
        after_sale_apis.AfterSaleImageApi.as_view(),
        name="after-sale-image",
    ),
    path(
        "after-sales/<int:after_sale_id>/approve",
        after_sale_apis.AfterSaleApproveApi.as_view(),
        name="after-sale-approve",
    ),
    path(
        "after-sales/<int:after_sale_id>/refuse",
        after_sale_apis.AfterSaleRefuseApi.as_view(),
        name="after-sale-refuse",
    ),
    path(
        "after-sales/<int:after_sale_id>/confirm-return",
        after_sale_apis.AfterSaleConfirmReturnApi.as_view(),
        name="after-sale-confirm-return",
    ),
    path("carriers", apis.CarrierListApi.as_view(), name="carriers"),
    path(
        "logistics/webhook/<str:carrier>",
        apis.LogisticsWebhookApi.as_view(),
        name="logistics-webhook",
    ),
]

from django.urls import path

from dropship import apis, views

app_name = "dropship"

urlpatterns = [
    path("", views.DropshipIndexView.as_view(), name="index"),
    path("orders/assign/", views.AssignView.as_view(), name="assign"),
    path("orders/cancel/", views.CancelAssignmentView.as_view(), name="cancel"),
    path("orders/ship/", views.ShipOnlineView.as_view(), name="ship"),
    path("manufacturers/", views.ManufacturerListView.as_view(), name="manufacturers"),
    path("bindings/<int:binding_id>/answer/", views.BindingAnswerView.as_view(), name="answer"),
    path("bindings/<int:binding_id>/unbind/", views.UnbindView.as_view(), name="unbind"),
    path("bindings/<int:binding_id>/prices/", views.SupplyPriceView.as_view(), name="prices"),
    path("statements/", views.StatementListView.as_view(), name="statements"),
    path("statements/table/", views.StatementTableView.as_view(), name="statement_table"),
    path(
        "statements/<int:statement_id>/download/",
        views.StatementDownloadView.as_view(),
        name="statement_download",
    ),
    path("tracking/<str:order_sn>/", views.ReturnTrackingView.as_view(), name="tracking"),
    path("tracking-import/", views.TrackingImportView.as_view(), name="tracking_import"),
    path("print/", views.PrintView.as_view(), name="print"),
]

api_urlpatterns = [
    path("dropship/identity", apis.IdentityApi.as_view(), name="dropship-identity"),
    path("dropship/bindings", apis.BindingListCreateApi.as_view(), name="dropship-bindings"),
    path(
        "dropship/bindings/<int:binding_id>/accept",
        apis.BindingAcceptApi.as_view(),
        name="dropship-binding-accept",
    ),
    path(
        "dropship/bindings/<int:binding_id>/refuse",
        apis.BindingRefuseApi.as_view(),
        name="dropship-binding-refuse",
    ),
    path(
        "dropship/bindings/<int:binding_id>/unbind",
        apis.BindingUnbindApi.as_view(),
        name="dropship-binding-unbind",
    ),
    path("dropship/orders", apis.DropshipOrderListApi.as_view(), name="dropship-orders"),
    path("dropship/assignments", apis.AssignmentApi.as_view(), name="dropship-assignments"),
    path(
        "dropship/assignments/cancel",
        apis.AssignmentCancelApi.as_view(),
        name="dropship-assignments-cancel",
    ),
    path(
        "dropship/manufacturer/orders",
        apis.ManufacturerOrderListApi.as_view(),
        name="dropship-manufacturer-orders",
    ),
    path(
        "dropship/manufacturer/orders/<str:order_sn>/tracking",
        apis.ManufacturerTrackingApi.as_view(),
        name="dropship-manufacturer-tracking",
    ),
    path("dropship/shipments", apis.ShipmentApi.as_view(), name="dropship-shipments"),
    path("dropship/statements", apis.StatementListCreateApi.as_view(), name="dropship-statements"),
    path(
        "dropship/statements/<int:statement_id>/download",
        apis.StatementDownloadApi.as_view(),
        name="dropship-statement-download",
    ),
]

from django.urls import path

from exports import apis, views

app_name = "exports"

urlpatterns = [
    path("", views.ExportListView.as_view(), name="index"),
    path("new/", views.ExportCreateView.as_view(), name="create"),
    path("<int:export_id>/", views.ExportDetailView.as_view(), name="detail"),
    path("<int:export_id>/download/", views.ExportDownloadView.as_view(), name="download"),
]

api_urlpatterns = [
    path("exports", apis.ExportListCreateApi.as_view(), name="exports"),
    path("exports/<int:export_id>", apis.ExportDetailApi.as_view(), name="export-detail"),
    path(
        "exports/<int:export_id>/download",
        apis.ExportDownloadApi.as_view(),
        name="export-download",
    ),
]

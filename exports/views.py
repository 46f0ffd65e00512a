from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.exceptions import ApplicationError
from common.pagination import KeysetPaginator
from common.views import attachment
from exports import selectors, services
from exports.registry import get_kind
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin


class ExportsAreaMixin(ShopAreaRequiredMixin):
    """Every member may see their own exports; asking for one checks the kind's area."""

    area = permissions.SHOP


class ExportListView(ExportsAreaMixin, TemplateView):
    """导出记录: the member's exports, newest first, with their progress and downloads."""

    template_name = "exports/export_list.html"

    def get_context_data(self, **kwargs):
        page = KeysetPaginator(
            selectors.list_exports(shop=self.shop, user=self.request.user),
            time_field="created_at",
            page_size=20,
        ).page(self.request.GET.get("cursor"))
        unfinished = any(not export.finished_at for export in page.items)
        return super().get_context_data(exports=page, unfinished=unfinished, **kwargs)

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["exports/partials/export_table.html"]
        return [self.template_name]


class ExportCreateView(ExportsAreaMixin, View):
    """The export button of a list page: the kind, the page's filters, format and columns.
    Refused input goes back to the list page (as it was filtered) with the reason."""

    def post(self, request):
        spec = get_kind(request.POST.get("kind", ""))
        query = request.POST.get("query", "")
        columns = request.POST.getlist("columns")
        if not columns:  # the page's boxes all unticked (the API takes none as all)
            messages.error(request, _("Choose a format and at least one column."))
            return self.back(spec, query)
        try:
            export = services.request_export(
                shop=self.shop,
                user=request.user,
                kind=request.POST.get("kind", ""),
                file_format=request.POST.get("file_format", ""),
                params=query,
                columns=columns,
                language=request.LANGUAGE_CODE,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return self.back(spec, query)
        return redirect("exports:detail", export_id=export.pk)

    @staticmethod
    def back(spec, query: str):
        if spec is None:
            return redirect("exports:index")
        return redirect(f"{reverse(spec.page)}?{services.clean_query(spec, query)}")


class ExportDetailView(ExportsAreaMixin, TemplateView):
    """One export: its progress (refreshed while it is built), then its download."""

    template_name = "exports/export_detail.html"

    def get_context_data(self, **kwargs):
        export = selectors.get_export_for_member(
            shop=self.shop, user=self.request.user, export_id=self.kwargs["export_id"]
        )
        return super().get_context_data(export=export, **kwargs)

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["exports/partials/export_progress.html"]
        return [self.template_name]


class ExportDownloadView(ExportsAreaMixin, View):
    def get(self, request, export_id):
        return attachment(
            selectors.get_export_file(shop=self.shop, user=request.user, export_id=export_id)
        )

"""Error pages: JSON `{"code", "detail"}` under /api/, console pages elsewhere; downloads."""

import csv
import io
import mimetypes
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.static import serve
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from openpyxl import Workbook

from common.http import content_security_policy
from common.spreadsheets import csv_row, xlsx_row


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"code": "not_found", "detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    if _is_api(request):
        detail = _("You do not have permission to perform this action.")
        return JsonResponse({"code": "permission_denied", "detail": detail}, status=403)
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse({"code": "bad_request", "detail": _("Bad request.")}, status=400)
    return render(request, "400.html", status=400)


def server_error(request):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    if _is_api(request):
        detail = _("Something went wrong on our side. Nothing was changed; please try again.")
        return JsonResponse({"code": "server_error", "detail": detail}, status=500)
    return render(request, "500.html", status=500)


def database_unavailable(request):
    """The database went away mid-request (a dropped connection, a failover): its
    transaction was rolled back, so nothing was written. Rendered without touching the
    database, which is not usable for the rest of this request."""
    headers = {"Retry-After": "5"}
    if _is_api(request):
        detail = _("The service is unavailable for a moment. Nothing was changed; please retry.")
        body = {"code": "service_unavailable", "detail": detail}
        return JsonResponse(body, status=503, headers=headers)
    return HttpResponse(render_to_string("503.html"), status=503, headers=headers)


def attachment(file, *, inline: bool = False) -> FileResponse:
    """A stored file as a download under its own name (`inline`: shown in the page, as an
    image the views re-encoded themselves)."""
    name = file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        file.open("rb"), as_attachment=not inline, filename=name, content_type=content_type
    )


def csv_download(rows, filename: str, rows_per_chunk: int = 500) -> StreamingHttpResponse:
    """`rows` as a streamed CSV file, UTF-8 with a BOM so that Excel opens the Chinese
    right, sent in chunks of `rows_per_chunk` rows (a chunk per row costs the server a
    write each). Cells that would read as formulas are neutralised (common.spreadsheets)."""

    def chunks():
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        for number, row in enumerate(rows, start=1):
            writer.writerow(csv_row(row))
            if number % rows_per_chunk == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(rows, filename: str) -> HttpResponse:
    """`rows` as an XLSX file of one sheet (openpyxl's write-only mode); text cells stay
    text and formulas are neutralised (common.spreadsheets)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI, its script from a URL (the split view). Swagger UI injects its own
    <style> at run time, so this one page allows inline styles; scripts stay 'self' only."""

    http_method_names = ["get", "head"]  # OPTIONS rendered through its HTML renderer: a 500

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = content_security_policy(
            style_src="'self' 'unsafe-inline'"
        )
        return response


def public_media(request, path):
    """Product images (the public store only; private files have no URL). nginx serves the
    same folder in production; this answers wherever it does not (make run, a bare gunicorn).
    """
    response = serve(request, path, document_root=settings.PUBLIC_MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=604800, immutable"  # names never repeat
    return response


def favicon(request):
    """/favicon.ico, which browsers ask for on pages that name no icon (Django admin)."""
    return redirect(static("common/img/favicon.svg"), permanent=True)

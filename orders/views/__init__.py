"""The order pages (订单管理); the after-sales pages are in `orders.views.after_sales`."""

from itertools import chain

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.pagination import KeysetPaginator
from common.views import csv_download
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin
from orders import selectors, services
from orders.carriers import carrier_choices, carrier_name
from orders.exports import ORDER_COLUMNS, order_rows
from orders.filters import TAB_CHOICES, OrderFilterSet
from orders.forms import (
    ConsigneeForm,
    RefuseAfterSaleForm,
    RemarkForm,
    ShipForm,
    ShipmentImportForm,
)
from orders.models import OrderStatus, RemarkFlag

CONSIGNEE_IDS = "consignee_%s"  # the address form's element ids, apart from the others'


class OrdersAreaMixin(ShopAreaRequiredMixin):
    area = permissions.ORDERS


class OrderIndexView(OrdersAreaMixin, TemplateView):
    """订单管理: tabs with capped counts, filters, keyset pages of 20."""

    template_name = "orders/order_list.html"
    page_size = 20

    def get_context_data(self, **kwargs):
        filterset = OrderFilterSet(self.request.GET, queryset=selectors.list_orders(shop=self.shop))
        # Invalid filters are shown as form errors, over an empty list: never the whole list
        # as if nothing had been asked.
        orders = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = KeysetPaginator(orders, page_size=self.page_size).page(
            self.request.GET.get("cursor")
        )
        selectors.with_items(page.items)
        selectors.mark_address_changes(page.items)
        counts = selectors.count_orders_by_tab(shop=self.shop)
        query = self.request.GET.copy()
        query.pop("cursor", None)
        return super().get_context_data(
            form=filterset.form,
            page=page,
            tab=filterset.current_tab,
            tabs=[(key, label, counts.get(key, 0)) for key, label in TAB_CHOICES],
            query=query,
            filter_query=query.urlencode(),
            remark_flags=RemarkFlag,
            **kwargs,
        )


class OrderExportView(OrdersAreaMixin, View):
    """The filtered list as CSV at once, every column, UTF-8 with a BOM so that Excel opens
    the Chinese right. Up to ORDER_QUICK_EXPORT_MAX orders: a larger list is exported in the
    background (the export button), so that no web worker is held for minutes."""

    def get(self, request):
        filterset = OrderFilterSet(request.GET, queryset=selectors.list_orders(shop=self.shop))
        query = request.GET.urlencode()
        back = f"{reverse('orders:index')}?{query}" if query else reverse("orders:index")
        if not filterset.is_valid():  # refused: never every order instead of the asked ones
            messages.error(request, _("The filters are not valid; nothing was exported."))
            return redirect(back)
        if filterset.qs[: settings.ORDER_QUICK_EXPORT_MAX + 1].count() > (
            settings.ORDER_QUICK_EXPORT_MAX
        ):
            messages.error(
                request,
                _(
                    "More than %(count)s orders: use Export, which builds the file in the "
                    "background and tells you when it is ready."
                )
                % {"count": settings.ORDER_QUICK_EXPORT_MAX},
            )
            return redirect(back)
        columns = list(ORDER_COLUMNS)
        header = [[str(ORDER_COLUMNS[column]) for column in columns]]
        return csv_download(
            chain(header, order_rows(filterset.qs, columns)),
            f"orders-{timezone.localtime().strftime('%Y%m%d-%H%M')}.csv",
        )


class OrderDetailView(OrdersAreaMixin, TemplateView):
    """查看: everything about one order, with the actions that fit its state and role
    (customer service reads it, without the actions)."""

    area = permissions.ORDER_VIEW
    template_name = "orders/order_detail.html"

    def get_context_data(self, **kwargs):
        order = selectors.get_order_for_shop(shop=self.shop, order_sn=self.kwargs["order_sn"])
        can_manage = permissions.can_access(self.request.membership, permissions.ORDERS)
        return super().get_context_data(
            order=order,
            ship_form=kwargs.pop("ship_form", None) or ShipForm(),
            remark_form=RemarkForm(
                initial={"remark": order.remark, "remark_flag": order.remark_flag}
            ),
            can_handle_after_sales=permissions.can_access(
                self.request.membership, permissions.AFTER_SALES
            ),
            address_change=selectors.get_pending_address_change(order=order),
            parcels=selectors.parcels(order),
            can_add_package=can_manage and order.status == OrderStatus.SHIPPED,
            package_form=kwargs.pop("package_form", None)
            or ShipForm(auto_id=OrderAddPackageView.auto_id),
            can_change_address=can_manage
            and order.status == OrderStatus.AWAITING_SHIPMENT
            and not selectors.printed_by_manufacturer(order=order),
            consignee_form=kwargs.pop("consignee_form", None)
            or ConsigneeForm(
                auto_id=CONSIGNEE_IDS,
                initial={
                    "name": order.consignee_name,
                    "phone": order.consignee_phone,
                    "province": order.province,
                    "city": order.city,
                    "district": order.district,
                    "address": order.address,
                },
            ),
            address_refuse_form=kwargs.pop("address_refuse_form", None) or RefuseAfterSaleForm(),
            can_manage=can_manage,
            can_ship=can_manage and order.status == OrderStatus.AWAITING_SHIPMENT,
            can_modify_shipment=can_manage and selectors.can_modify_shipment(order=order),
            modify_form=kwargs.pop("modify_form", None)
            or ShipForm(initial={"carrier": order.carrier, "tracking_no": order.tracking_no}),
            assigned_to_manufacturer=selectors.is_assigned_to_manufacturer(order=order),
            now=timezone.now(),
            **kwargs,
        )


class ShipmentFormView(OrderDetailView):
    """A carrier and tracking number posted from the order page to `service`; refused, the
    page again with the form (`form_name`) showing why."""

    area = permissions.ORDERS
    form_name = ""
    auto_id = "id_%s"  # each form of the page its own element ids

    def post(self, request, order_sn):
        order = selectors.get_order_for_shop(shop=self.shop, order_sn=order_sn)
        form = ShipForm(request.POST, auto_id=self.auto_id)
        if form.is_valid():
            try:
                self.service(order=order, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, self.success_message(order))
                return redirect("orders:detail", order_sn=order_sn)
        return self.render_to_response(self.get_context_data(**{self.form_name: form}), status=400)


class OrderShipView(ShipmentFormView):
    form_name = "ship_form"
    service = staticmethod(services.ship_order)

    def success_message(self, order):
        return _("Order %(sn)s shipped.") % {"sn": order.order_sn}


class OrderModifyShipmentView(ShipmentFormView):
    """修改发货: correct the carrier or number of a shipped order, once."""

    form_name = "modify_form"
    service = staticmethod(services.modify_shipment)

    def success_message(self, order):
        return _("Shipment corrected.")


class OrderAddPackageView(ShipmentFormView):
    """拆包裹: a further parcel of a shipped order."""

    form_name = "package_form"
    auto_id = "package_%s"
    service = staticmethod(services.add_package)

    def success_message(self, order):
        return _("Package added.")


class OrderRemarkView(OrdersAreaMixin, View):
    def post(self, request, order_sn):
        order = selectors.get_order_for_shop(shop=self.shop, order_sn=order_sn)
        form = RemarkForm(request.POST)
        if form.is_valid():
            try:
                services.set_remark(order=order, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Remark saved."))
            except ApplicationError as error:
                messages.error(request, str(error.message))
        else:
            messages.error(request, _("Keep the remark under 200 characters."))
        return redirect("orders:detail", order_sn=order_sn)


class OrderBatchShipView(OrdersAreaMixin, TemplateView):
    """批量发货 of the orders picked in the list: a carrier and tracking number each."""

    template_name = "orders/order_batch_ship.html"

    def get_context_data(self, **kwargs):
        order_sns = self.request.GET.getlist("order_sn") or self.request.POST.getlist("order_sn")
        return super().get_context_data(
            orders=selectors.list_orders_by_sn(shop=self.shop, order_sns=order_sns),
            carriers=carrier_choices(),
            **kwargs,
        )

    def post(self, request):
        rows = [
            {"order_sn": sn, "carrier": carrier, "tracking_no": tracking_no}
            for sn, carrier, tracking_no in zip(
                request.POST.getlist("order_sn"),
                request.POST.getlist("carrier"),
                request.POST.getlist("tracking_no"),
                strict=False,
            )
        ]
        results = services.ship_orders_batch(shop=self.shop, rows=rows, actor=request.user)
        return self.render_to_response(
            {"results": results, "shipped_count": sum(r["ok"] for r in results)},
            status=200,
        )


class ShipmentImportView(OrdersAreaMixin, FormView):
    """导入发货: upload a CSV or XLSX of order number, carrier and tracking number; the
    shop's last imports below the form."""

    template_name = "orders/shipment_import.html"
    form_class = ShipmentImportForm

    def get_context_data(self, **kwargs):
        imports = selectors.list_shipment_imports(shop=self.shop)[:10]
        return super().get_context_data(imports=imports, **kwargs)

    def form_valid(self, form):
        job = services.start_shipment_import(
            shop=self.shop,
            rows=form.cleaned_data["file"],
            actor=self.request.user,
            file_name=self.request.FILES["file"].name,
            language=self.request.LANGUAGE_CODE,
        )
        return redirect("orders:shipment_import", import_id=job.pk)


class ShipmentImportDetailView(OrdersAreaMixin, TemplateView):
    """One import: its progress while a worker ships it (the page polls this view for the
    progress partial), then what changed and each refused row with its reason."""

    template_name = "orders/shipment_import_detail.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["orders/partials/shipment_import_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        job = selectors.get_shipment_import_for_shop(
            shop=self.shop, import_id=self.kwargs["import_id"]
        )
        return super().get_context_data(job=job, **kwargs)


class ShipmentFailedRowsView(OrdersAreaMixin, View):
    """An import's refused rows with the reason, as a file to correct and upload again."""

    def get(self, request, import_id):
        job = selectors.get_shipment_import_for_shop(shop=self.shop, import_id=import_id)
        rows = [[_("Order number"), _("Carrier"), _("Tracking number"), _("Reason")]]
        rows += [
            [row["order_sn"], row["carrier"], row["tracking_no"], row["detail"]]
            for row in job.failed_rows
        ]
        stamp = timezone.localtime(job.created_at).strftime("%Y%m%d-%H%M")
        return csv_download(rows, f"shipments-failed-{stamp}.csv")


class ShipmentTemplateView(OrdersAreaMixin, View):
    """The file to fill in for 导入发货: the three columns and an example row."""

    def get(self, request):
        rows = [
            [_("Order number"), _("Carrier"), _("Tracking number")],
            ["261125-123456789012345", carrier_name("YTO"), "YT1234567890123"],
        ]
        return csv_download(rows, "shipments-template.csv")


class OrderAddressView(OrderDetailView):
    """改地址 by the merchant: the consignee corrected on the order page."""

    area = permissions.ORDERS

    def post(self, request, order_sn):
        order = selectors.get_order_for_shop(shop=self.shop, order_sn=order_sn)
        form = ConsigneeForm(request.POST, auto_id=CONSIGNEE_IDS)
        if form.is_valid():
            try:
                services.change_address(
                    order=order, actor=request.user, consignee=form.cleaned_data
                )
            except ApplicationError as error:
                add_application_error(
                    form, error, field_map={f"consignee.{name}": name for name in form.fields}
                )
            else:
                messages.success(request, _("Address changed."))
                return redirect("orders:detail", order_sn=order_sn)
        context = self.get_context_data(consignee_form=form)
        return self.render_to_response(context, status=400)


class AddressChangeAnswerView(OrderDetailView):
    """The merchant's answer to the buyer's 改地址 request: agree, or refuse with a reason."""

    area = permissions.ORDERS

    def post(self, request, order_sn, change_id):
        order = selectors.get_order_for_shop(shop=self.shop, order_sn=order_sn)
        answered = {"order": order, "actor": request.user, "change_id": change_id}
        form = RefuseAfterSaleForm(request.POST)
        try:
            if request.POST.get("answer") == "agree":
                services.approve_address_change(**answered)
                messages.success(request, _("Address changed."))
                return redirect("orders:detail", order_sn=order_sn)
            if form.is_valid():
                services.refuse_address_change(**answered, reason=form.cleaned_data["reason"])
                messages.success(request, _("Address change refused."))
                return redirect("orders:detail", order_sn=order_sn)
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return redirect("orders:detail", order_sn=order_sn)
        context = self.get_context_data(address_refuse_form=form)
        return self.render_to_response(context, status=400)

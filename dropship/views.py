from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.http import redirect_back
from common.identifiers import is_identifier
from common.pagination import KeysetPaginator
from common.views import attachment, csv_download, xlsx_download
from dropship import selectors, services
from dropship.forms import BindForm, IdentityForm, StatementForm, TrackingForm
from dropship.models import BindingStatus, DropshipRole, DropshipStatus
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin
from merchant.selectors import list_return_addresses
from orders.carriers import carrier_choices
from orders.forms import ShipmentImportForm
from products.selectors import list_products

TABS = [
    (DropshipStatus.UNASSIGNED, gettext_lazy("Unassigned")),
    (DropshipStatus.ASSIGNED, gettext_lazy("Assigned")),
    (DropshipStatus.TRACKING_RETURNED, gettext_lazy("Tracking returned")),
    (DropshipStatus.SHIPPED, gettext_lazy("Shipped")),
]


class DropshipAreaMixin(ShopAreaRequiredMixin):
    area = permissions.DROPSHIP
    role = ""  # "merchant" or "manufacturer" when the page belongs to one side

    def check_shop(self):
        """The side's rule (services.require_role, as the API applies it); a page of one side
        is simply not there for the other side's shops."""
        if self.role:
            try:
                services.require_role(self.shop, self.role)
            except ApplicationError:
                raise Http404 from None

    def back(self, default="dropship:index"):
        return redirect_back(self.request, default)


def report(request, result: dict, done_key: str, done_message: str) -> None:
    """One message for the orders done and one per refused order, with its reason."""
    if result[done_key]:
        messages.success(request, done_message % {"count": len(result[done_key])})
    for row in result["rejected"]:
        messages.warning(
            request,
            _("Order %(sn)s: %(reason)s") % {"sn": row["order_sn"], "reason": row["detail"]},
        )


class DropshipIndexView(DropshipAreaMixin, TemplateView):
    """代发管理: the identity choice, then the merchant's dropship orders or the
    manufacturer's assigned orders."""

    def get_template_names(self):
        role = selectors.get_dropship_role(shop=self.shop)
        return {
            DropshipRole.MERCHANT: ["dropship/merchant_orders.html"],
            DropshipRole.MANUFACTURER: ["dropship/manufacturer_orders.html"],
        }.get(role, ["dropship/index.html"])

    def get_context_data(self, **kwargs):
        role = selectors.get_dropship_role(shop=self.shop)
        context = super().get_context_data(
            identity=selectors.get_identity(shop=self.shop), **kwargs
        )
        status = self.request.GET.get("status", "")
        if role == DropshipRole.MERCHANT:
            status = status or DropshipStatus.UNASSIGNED
            rows = selectors.list_dropship_orders(
                shop=self.shop, dropship_status=status, q=self.request.GET.get("q", "")
            )
            counts = selectors.count_dropship_orders(shop=self.shop)
            context.update(
                status=status,
                tabs=[(key, label, counts.get(key, 0)) for key, label in TABS],
                page=KeysetPaginator(rows, page_size=50).page(self.request.GET.get("cursor")),
                manufacturers=selectors.list_active_manufacturers(shop=self.shop),
                bindings=selectors.list_bindings(shop=self.shop).filter(merchant_shop=self.shop),
                return_addresses=list_return_addresses(shop=self.shop),
            )
        elif role == DropshipRole.MANUFACTURER:
            rows = selectors.list_manufacturer_orders(shop=self.shop, dropship_status=status)
            context.update(
                status=status,
                page=KeysetPaginator(rows, page_size=50).page(self.request.GET.get("cursor")),
                carriers=carrier_choices(),
                pending=selectors.list_bindings(shop=self.shop).filter(
                    manufacturer_shop=self.shop, status=BindingStatus.PENDING
                ),
            )
        else:
            forms_by_role = {
                DropshipRole.MERCHANT: IdentityForm(initial={"role": DropshipRole.MERCHANT}),
                DropshipRole.MANUFACTURER: IdentityForm(
                    initial={"role": DropshipRole.MANUFACTURER}
                ),
            }
            form = kwargs.get("form")
            if form is not None and form.data.get("role") in forms_by_role:
                forms_by_role[form.data["role"]] = form
            context.update(
                merchant_form=forms_by_role[DropshipRole.MERCHANT],
                manufacturer_form=forms_by_role[DropshipRole.MANUFACTURER],
            )
        return context

    def post(self, request):
        """The identity choice (the only form posted here)."""
        form = IdentityForm(request.POST)
        if form.is_valid():
            try:
                services.choose_identity(shop=self.shop, **form.cleaned_data)
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Your dropship identity is set."))
                return redirect("dropship:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AssignView(DropshipAreaMixin, View):
    role = DropshipRole.MERCHANT

    def post(self, request):
        result = services.assign_orders(
            merchant_shop=self.shop,
            order_sns=request.POST.getlist("order_sn"),
            manufacturer_shop_no=request.POST.get("manufacturer_shop_no", ""),
            actor=request.user,
        )
        report(request, result, "assigned", _("%(count)d orders assigned."))
        return self.back()


class CancelAssignmentView(DropshipAreaMixin, View):
    role = DropshipRole.MERCHANT

    def post(self, request):
        result = services.cancel_assignments(
            merchant_shop=self.shop, order_sns=request.POST.getlist("order_sn"), actor=request.user
        )
        report(request, result, "cancelled", _("%(count)d assignments cancelled."))
        return self.back()


class ShipOnlineView(DropshipAreaMixin, View):
    role = DropshipRole.MERCHANT

    def post(self, request):
        try:
            result = services.ship_online(
                merchant_shop=self.shop,
                order_sns=request.POST.getlist("order_sn"),
                return_address_id=request.POST.get("return_address_id", ""),
                actor=request.user,
            )
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            report(request, result, "shipped", _("%(count)d orders shipped."))
        return self.back()


class ManufacturerListView(DropshipAreaMixin, TemplateView):
    """厂家管理 for a merchant (bind by shop ID, the bindings); the binding requests and
    merchants for a manufacturer."""

    template_name = "dropship/bindings.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            role=selectors.get_dropship_role(shop=self.shop),
            bindings=selectors.list_bindings(shop=self.shop),
            form=kwargs.pop("form", None) or BindForm(),
            **kwargs,
        )

    def post(self, request):
        form = BindForm(request.POST)
        if form.is_valid():
            try:
                services.bind_manufacturer(
                    merchant_shop=self.shop, requested_by=request.user, **form.cleaned_data
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Binding request sent; waiting for the manufacturer."))
                return redirect("dropship:manufacturers")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BindingAnswerView(DropshipAreaMixin, View):
    role = DropshipRole.MANUFACTURER

    def post(self, request, binding_id):
        binding = selectors.get_binding_for_shop(shop=self.shop, binding_id=binding_id)
        if binding.manufacturer_shop_id != self.shop.pk:
            raise Http404
        accept = request.POST.get("answer") == "accept"
        try:
            services.answer_binding(binding=binding, accept=accept)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Binding accepted.") if accept else _("Binding refused."))
        return self.back("dropship:manufacturers")


class UnbindView(DropshipAreaMixin, View):
    def post(self, request, binding_id):
        binding = selectors.get_binding_for_shop(shop=self.shop, binding_id=binding_id)
        try:
            services.unbind(binding=binding, by_shop=self.shop, actor=request.user)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Unbound; open assignments were cancelled."))
        return self.back("dropship:manufacturers")


class SupplyPriceView(DropshipAreaMixin, TemplateView):
    """供货价: the merchant's price list for one manufacturer, per SKU."""

    role = DropshipRole.MERCHANT
    template_name = "dropship/supply_prices.html"

    def get_binding(self):
        binding = selectors.get_binding_for_shop(
            shop=self.shop, binding_id=self.kwargs["binding_id"]
        )
        if binding.merchant_shop_id != self.shop.pk:
            raise Http404
        return binding

    def get_context_data(self, **kwargs):
        binding = self.get_binding()
        prices = selectors.list_supply_prices(binding=binding)
        products = list_products(shop=self.shop)[:200]
        return super().get_context_data(binding=binding, products=products, prices=prices, **kwargs)

    def post(self, request, binding_id):
        binding = self.get_binding()
        skus = {
            sku.pk: sku for product in list_products(shop=self.shop) for sku in product.skus.all()
        }
        saved = 0
        for key, value in request.POST.items():
            if key.startswith("price_") and value.strip():
                sku = skus.get(int(key[6:])) if is_identifier(key[6:]) else None
                if sku is None:
                    continue
                try:
                    services.set_supply_price(binding=binding, sku=sku, price=value.strip())
                    saved += 1
                except (ApplicationError, ArithmeticError, ValueError):
                    messages.warning(
                        request, _("%(spec)s: enter a price such as 12.50.") % {"spec": sku.spec}
                    )
        messages.success(request, _("%(count)d supply prices saved.") % {"count": saved})
        return redirect("dropship:prices", binding_id=binding.pk)


class StatementListView(DropshipAreaMixin, TemplateView):
    template_name = "dropship/statements.html"

    def get_context_data(self, **kwargs):
        manufacturers = list(selectors.list_active_manufacturers(shop=self.shop))
        today = timezone.localdate()
        form = kwargs.pop("form", None) or StatementForm(
            manufacturers=manufacturers,
            initial={"start_date": today.replace(day=1), "end_date": today},
        )
        return super().get_context_data(
            role=selectors.get_dropship_role(shop=self.shop),
            form=form,
            statements=selectors.list_statements(shop=self.shop)[:50],
            **kwargs,
        )

    def post(self, request):
        manufacturers = list(selectors.list_active_manufacturers(shop=self.shop))
        form = StatementForm(request.POST, manufacturers=manufacturers)
        if form.is_valid():
            try:
                services.request_statement(
                    merchant_shop=self.shop, actor=request.user, **form.cleaned_data
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("The statement is being generated."))
                return redirect("dropship:statements")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StatementTableView(DropshipAreaMixin, TemplateView):
    """刷新列表: the statements table alone, for htmx to swap in without a reload."""

    template_name = "dropship/partials/statement_table.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(statements=selectors.list_statements(shop=self.shop)[:50])


class StatementDownloadView(DropshipAreaMixin, View):
    def get(self, request, statement_id):
        return attachment(
            selectors.get_statement_file(
                shop=self.shop, statement_id=statement_id, file_format=request.GET.get("format", "")
            )
        )


class ReturnTrackingView(DropshipAreaMixin, View):
    role = DropshipRole.MANUFACTURER

    def post(self, request, order_sn):
        selectors.get_manufacturer_order(shop=self.shop, order_sn=order_sn)
        form = TrackingForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a carrier and enter the tracking number."))
            return self.back()
        try:
            services.return_tracking(
                manufacturer_shop=self.shop,
                order_sn=order_sn,
                actor=request.user,
                **form.cleaned_data,
            )
        except ApplicationError as error:
            messages.error(request, f"{order_sn}: {error.message}")
        else:
            messages.success(request, _("Tracking number of %(sn)s returned.") % {"sn": order_sn})
        return self.back()


class TrackingImportView(DropshipAreaMixin, FormView):
    """回传 from a file of order number, carrier and tracking number."""

    role = DropshipRole.MANUFACTURER
    template_name = "dropship/tracking_import.html"
    form_class = ShipmentImportForm

    def form_valid(self, form):
        results = services.return_tracking_batch(
            manufacturer_shop=self.shop, rows=form.cleaned_data["file"], actor=self.request.user
        )
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(),
                results=results,
                shipped_count=sum(r["ok"] for r in results),
            )
        )


class PrintView(DropshipAreaMixin, View):
    """打单: the selected orders with the full consignee, as CSV, XLSX or a printable page.
    The only place a manufacturer sees them, and each time it goes on the order's timeline."""

    role = DropshipRole.MANUFACTURER
    header = [
        gettext_lazy("Order number"),
        gettext_lazy("Merchant"),
        gettext_lazy("Consignee"),
        gettext_lazy("Phone"),
        gettext_lazy("Address"),
        gettext_lazy("Items"),
        gettext_lazy("Sender"),
        gettext_lazy("Sender phone"),
        gettext_lazy("Sender address"),
    ]

    @staticmethod
    def line(row, sender) -> list:
        order = row.order
        return [
            order.order_sn,
            row.shop.name,
            order.consignee_name,
            order.consignee_phone,
            f"{order.province}{order.city}{order.district}{order.address}",
            order.items_summary,
            sender.sender_name if sender else row.shop.name,
            sender.sender_phone if sender else "",
            sender.address if sender else "",
        ]

    def post(self, request):
        selected = request.POST.getlist("order_sn")
        if not selected:
            messages.warning(request, _("Select the orders to print first."))
            return self.back()
        rows = services.reveal_consignees(
            manufacturer_shop=self.shop, order_sns=selected, actor=request.user
        )
        if len(rows) < len(set(selected)):
            messages.warning(
                request,
                _(
                    "%(count)d of the selected orders cannot be printed: only orders assigned "
                    "to you and not yet shipped, under an active binding, show the consignee."
                )
                % {"count": len(set(selected)) - len(rows)},
            )
        if not rows:
            return self.back()
        # The waybill names the merchant as sender (the buyer bought from the merchant's
        # shop): the sender and address each merchant gave with its dropship identity.
        senders = selectors.get_identities(shop_ids={row.shop_id for row in rows})
        lines = [self.line(row, senders.get(row.shop_id)) for row in rows]
        output = request.POST.get("format", "html")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if output == "csv":
            return csv_download([[str(h) for h in self.header], *lines], f"print-{stamp}.csv")
        if output == "xlsx":
            return xlsx_download([[str(h) for h in self.header], *lines], f"print-{stamp}.xlsx")
        return render(request, "dropship/print.html", {"lines": lines, "header": self.header})

"""售后 pages: the list with its tabs, counts, deadlines and batch agreement, and one
request's page with the steps its stage allows. Refusals come back as form errors on the
page that was posted from; nothing is changed by a refused step."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.pagination import KeysetPaginator
from common.views import attachment
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin
from orders import selectors, services
from orders.filters import AFTER_SALE_TAB_CHOICES, AfterSaleFilterSet
from orders.forms import AgreeReturnForm, RefuseAfterSaleForm, ShipForm
from orders.models import RETURN_KINDS, AfterSaleKind, AfterSaleStage, OrderEventKind

# The timeline events an after-sale's page shows from its order's.
AFTER_SALE_EVENTS = {
    OrderEventKind.AFTER_SALE_OPENED,
    OrderEventKind.AFTER_SALE_REFUNDED,
    OrderEventKind.AFTER_SALE_CLOSED,
    OrderEventKind.AFTER_SALE_AGREED,
    OrderEventKind.AFTER_SALE_RETURN_SHIPPED,
    OrderEventKind.AFTER_SALE_RETURN_RECEIVED,
    OrderEventKind.AFTER_SALE_RESENT,
    OrderEventKind.AFTER_SALE_WITHDRAWN,
    OrderEventKind.AFTER_SALE_APPEALED,
    OrderEventKind.AFTER_SALE_EXPIRED,
    OrderEventKind.CANCELLED,
}


class AfterSalesAreaMixin(ShopAreaRequiredMixin):
    area = permissions.AFTER_SALES


class AfterSaleIndexView(AfterSalesAreaMixin, TemplateView):
    """售后: tabs by stage (the open ones counted), filters, keyset pages of 20, and the
    refund-only requests awaiting an answer agreed in a batch."""

    template_name = "orders/after_sale_list.html"
    page_size = 20

    def get_context_data(self, **kwargs):
        data = self.request.GET.copy()
        data.setdefault("tab", "pending")
        filterset = AfterSaleFilterSet(data, queryset=selectors.list_after_sales(shop=self.shop))
        after_sales = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = KeysetPaginator(after_sales, time_field="created_at", page_size=self.page_size)
        page = page.page(self.request.GET.get("cursor"))
        selectors.with_items([after_sale.order for after_sale in page.items])
        counts = selectors.count_after_sales_by_tab(shop=self.shop)
        query = data.copy()
        query.pop("cursor", None)
        return super().get_context_data(
            form=filterset.form,
            page=page,
            tab=filterset.current_tab,
            tabs=[(key, label, counts.get(key)) for key, label in AFTER_SALE_TAB_CHOICES],
            filter_query=query.urlencode(),
            batch_limit=services.BATCH_APPROVE_LIMIT,
            now=timezone.now(),
            **kwargs,
        )


class AfterSaleBatchApproveView(AfterSalesAreaMixin, View):
    """批量同意退款: the ticked refund-only requests; what could not be agreed is named."""

    def post(self, request):
        ids = [int(value) for value in request.POST.getlist("after_sale") if value.isdigit()]
        if not ids:
            messages.error(request, _("Select the requests to agree to."))
            return redirect("after_sales:index")
        result = services.approve_refunds(shop=self.shop, after_sale_ids=ids, actor=request.user)
        if result["approved"]:
            messages.success(
                request, _("%(count)d refunds agreed.") % {"count": len(result["approved"])}
            )
        if result["rejected"]:
            messages.error(
                request,
                _(
                    "%(count)d requests were not agreed: they are not refund-only requests "
                    "awaiting your answer (any more)."
                )
                % {"count": len(result["rejected"])},
            )
        return redirect("after_sales:index")


class AfterSaleDetailView(AfterSalesAreaMixin, TemplateView):
    """One request: what the buyer asked, where it stands, the time left, the steps its
    stage allows, and its part of the order's timeline."""

    template_name = "orders/after_sale_detail.html"

    def get_after_sale(self):
        return selectors.get_after_sale(shop=self.shop, after_sale_id=self.kwargs["after_sale_id"])

    def get_context_data(self, **kwargs):
        after_sale = kwargs.pop("after_sale", None) or self.get_after_sale()
        order = after_sale.order
        stage, kind = after_sale.stage, after_sale.kind
        awaiting_merchant = stage == AfterSaleStage.AWAITING_MERCHANT
        awaiting_receipt = stage == AfterSaleStage.AWAITING_RECEIPT
        events = order.events.filter(kind__in=AFTER_SALE_EVENTS).select_related("actor")
        return super().get_context_data(
            after_sale=after_sale,
            order=order,
            items=list(order.items.order_by("id")),
            events=events.order_by("created_at", "id"),
            can_refund=awaiting_merchant and kind == AfterSaleKind.REFUND_ONLY,
            can_agree_return=awaiting_merchant and kind in RETURN_KINDS,
            can_resend=awaiting_merchant and kind == AfterSaleKind.RESEND,
            can_confirm_return=awaiting_receipt,
            confirm_needs_replacement=awaiting_receipt and kind == AfterSaleKind.EXCHANGE,
            can_refuse=awaiting_merchant or awaiting_receipt,
            can_view_order=permissions.can_access(self.request.membership, permissions.ORDER_VIEW),
            can_add_address=permissions.can_access(self.request.membership, permissions.SETTINGS),
            now=timezone.now(),
            agree_form=kwargs.pop("agree_form", None) or AgreeReturnForm(shop=self.shop),
            ship_form=kwargs.pop("ship_form", None) or ShipForm(),
            refuse_form=kwargs.pop("refuse_form", None) or RefuseAfterSaleForm(),
            **kwargs,
        )

    def refused(self, after_sale, form_name, form):
        """The page again, with the refusal on the form that was posted."""
        context = self.get_context_data(after_sale=after_sale, **{form_name: form})
        return self.render_to_response(context, status=400)

    def step(self, after_sale, service, success: str, form_name: str = "", form=None):
        """`service` with the form's values: done, back to the page with `success`;
        refused, the form shows why (a step without a form, a message over the page)."""
        if form is not None and not form.is_valid():
            return self.refused(after_sale, form_name, form)
        values = form.cleaned_data if form is not None else {}
        try:
            service(after_sale=after_sale, actor=self.request.user, **values)
        except ApplicationError as error:
            if form is not None:
                add_application_error(form, error)
                return self.refused(after_sale, form_name, form)
            messages.error(self.request, str(error.message))
        else:
            messages.success(self.request, success)
        return redirect("after_sales:detail", after_sale_id=after_sale.pk)


class AfterSaleImageView(AfterSaleDetailView):
    """One of the buyer's photos, for the request's page (the shop's own only)."""

    def get(self, request, after_sale_id, image_id):
        image = selectors.get_after_sale_image(after_sale=self.get_after_sale(), image_id=image_id)
        return attachment(image.image, inline=True)


class AfterSaleApproveView(AfterSaleDetailView):
    """同意: a refund is paid; a return is agreed with a return address; a resend is
    shipped (carrier and tracking number)."""

    def post(self, request, after_sale_id):
        after_sale = self.get_after_sale()
        form_name, form = "", None  # a refund: nothing to fill in
        if after_sale.kind in RETURN_KINDS:
            form_name, form = "agree_form", AgreeReturnForm(request.POST, shop=self.shop)
        elif after_sale.kind == AfterSaleKind.RESEND:
            form_name, form = "ship_form", ShipForm(request.POST)
        return self.step(
            after_sale, services.approve_after_sale, _("Request agreed."), form_name, form
        )


class AfterSaleConfirmReturnView(AfterSaleDetailView):
    """确认收货: the returned goods are back (an exchange ships its replacement)."""

    def post(self, request, after_sale_id):
        after_sale = self.get_after_sale()
        form = ShipForm(request.POST) if after_sale.kind == AfterSaleKind.EXCHANGE else None
        return self.step(
            after_sale, services.confirm_return, _("Return received."), "ship_form", form
        )


class AfterSaleRefuseView(AfterSaleDetailView):
    def post(self, request, after_sale_id):
        return self.step(
            self.get_after_sale(),
            services.refuse_after_sale,
            _("After-sales request refused."),
            "refuse_form",
            RefuseAfterSaleForm(request.POST),
        )

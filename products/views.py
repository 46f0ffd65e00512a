from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.http import redirect_back
from common.identifiers import is_identifier
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin
from products import selectors, services
from products.forms import ProductFilterForm, ProductForm, SkuFormSet, sku_rows


class ProductsAreaMixin(ShopAreaRequiredMixin):
    area = permissions.PRODUCTS


class ProductIndexView(ProductsAreaMixin, TemplateView):
    """商品管理: the shop's products with filters and bulk 上架/下架."""

    template_name = "products/product_list.html"

    def get_context_data(self, **kwargs):
        form = ProductFilterForm(self.request.GET or None)
        products = selectors.list_products(shop=self.shop, **form.filters())
        page = Paginator(products, 20).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page=page,
            categories=selectors.list_categories(),
            low_stock_threshold=self.shop.low_stock_threshold,
            filter_query=query.urlencode(),
            **kwargs,
        )


class ProductBulkStatusView(ProductsAreaMixin, View):
    def post(self, request):
        on_sale = request.POST.get("action") == "on_sale"
        ids = [pk for pk in request.POST.getlist("product_id") if is_identifier(pk)]
        changed, refused = services.set_sale_status(
            shop=self.shop, product_ids=ids, on_sale=on_sale
        )
        if changed:
            done = (
                _("%(count)d products put on sale.")
                if on_sale
                else _("%(count)d products taken off sale.")
            )
            messages.success(request, done % {"count": len(changed)})
        if refused:
            messages.warning(
                request,
                _("%(count)d products were not changed: a product goes on sale only with stock.")
                % {"count": len(refused)},
            )
        return redirect_back(request, "products:index")


class ProductFormView(ProductsAreaMixin, TemplateView):
    """Create or edit a product with all its SKUs on one page."""

    template_name = "products/product_form.html"
    product = None

    def get_product(self):
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            shop_low_stock_threshold=self.shop.low_stock_threshold, **kwargs
        )

    def get(self, request, *args, **kwargs):
        product = self.get_product()
        if product is None:
            form, formset = ProductForm(), SkuFormSet(initial=[{}], prefix="skus")
        else:
            form = ProductForm(
                initial={
                    "title": product.title,
                    "category": product.category_id,
                    "description": product.description,
                    "spec_dimensions": product.spec_dimensions,
                }
            )
            formset = SkuFormSet(
                initial=[
                    {
                        "id": sku.pk,
                        "spec": sku.spec,
                        "price": sku.price,
                        "single_price": sku.single_price,
                        "stock": sku.stock,
                        "low_stock_threshold": sku.low_stock_threshold,
                        "sku_code": sku.sku_code,
                    }
                    for sku in product.skus.all()
                ],
                prefix="skus",
            )
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset, product=product)
        )

    def post(self, request, *args, **kwargs):
        product = self.get_product()
        form = ProductForm(request.POST, request.FILES)
        formset = SkuFormSet(request.POST, prefix="skus")
        if form.is_valid() and formset.is_valid():
            fields = {
                "title": form.cleaned_data["title"],
                "category": form.cleaned_data["category"],
                "description": form.cleaned_data["description"],
                "skus": sku_rows(formset),
                "images": form.cleaned_data["images"],
                "spec_dimensions": form.cleaned_data["spec_dimensions"] or None,
            }
            try:
                if product is None:
                    product = services.create_product(shop=self.shop, **fields)
                    messages.success(
                        request, _("Product created. Put it on sale when it is ready.")
                    )
                else:
                    services.update_product(product=product, **fields)
                    messages.success(request, _("Product saved."))
            except ApplicationError as error:
                self._show_error(form, formset, error)
            else:
                return redirect("products:index")
        context = self.get_context_data(form=form, formset=formset, product=product)
        return self.render_to_response(context, status=400)

    @staticmethod
    def _show_error(form, formset, error):
        """A service's `skus.N.field` errors go to that row of the formset."""
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        for name, messages_ in (error.fields or {}).items():
            parts = name.split(".")
            if (
                parts[0] == "skus"
                and len(parts) == 3
                and is_identifier(parts[1])
                and int(parts[1]) < len(kept)
            ):
                for message in messages_:
                    kept[int(parts[1])].add_error(
                        parts[2] if parts[2] in kept[0].fields else None, message
                    )
                return
        add_application_error(form, error, field_map={"spec_dimensions": ""})


class ProductCreateView(ProductFormView):
    pass


class ProductUpdateView(ProductFormView):
    def get_product(self):
        return selectors.get_product_for_shop(shop=self.shop, product_id=self.kwargs["product_id"])


class ProductStepView(ProductsAreaMixin, View):
    """A step on one product of the shop from its edit page (another shop's: a 404)."""

    def product(self):
        return selectors.get_product_for_shop(shop=self.shop, product_id=self.kwargs["product_id"])

    def back(self):
        return redirect("products:update", product_id=self.kwargs["product_id"])


class ProductCopyView(ProductStepView):
    def post(self, request, product_id):
        copy = services.copy_product(product=self.product())
        messages.success(
            request, _("Copied. The copy is off sale and has no stock yet: check it and save.")
        )
        return redirect("products:update", product_id=copy.pk)


class ProductImageStepView(ProductStepView):
    """A step on one image of the product (another product's: a 404): `step` does it."""

    step = None  # a products service taking `image`
    done = ""

    def post(self, request, product_id, image_id):
        image = selectors.get_product_image(product=self.product(), image_id=image_id)
        self.step(image=image)
        messages.success(request, self.done)
        return self.back()


class ProductImageMainView(ProductImageStepView):
    step = staticmethod(services.set_main_image)
    done = gettext_lazy("Main image set.")


class ProductImageDeleteView(ProductImageStepView):
    step = staticmethod(services.delete_image)
    done = gettext_lazy("Image deleted.")

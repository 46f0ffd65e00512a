import csv
import io

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from common.exceptions import RowHasControlCharacters
from common.forms import CONTROL_CHARACTERS
from merchant.models import ReturnAddress
from merchant.selectors import list_return_addresses
from orders.carriers import CARRIERS, carrier_choices, resolve_carrier
from orders.models import RemarkFlag

MAX_IMPORT_ROWS = 5000


def _csv_lines(raw: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise forms.ValidationError(_("Save the file as CSV (UTF-8 or GBK) or XLSX."))
    return list(csv.reader(io.StringIO(text)))


def _xlsx_lines(raw: bytes):
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        lines = [list(row[:3]) for row in sheet.iter_rows(values_only=True, max_row=10_001)]
        workbook.close()
    except Exception as error:  # noqa: BLE001  (any broken workbook is the same form error)
        raise forms.ValidationError(_("The XLSX file could not be read.")) from error
    return lines


class ShipForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=carrier_choices)
    tracking_no = forms.CharField(label=_("Tracking number"), max_length=30)


class RemarkForm(forms.Form):
    remark = forms.CharField(label=_("Remark"), max_length=200, required=False)
    remark_flag = forms.ChoiceField(label=_("Flag"), choices=RemarkFlag.choices, required=False)


class RefuseAfterSaleForm(forms.Form):
    reason = forms.CharField(label=_("Reason for refusal"), max_length=200)


class ShipmentImportForm(forms.Form):
    """A CSV or XLSX file of order number, carrier, tracking number (a header row is
    optional). A row with control characters (a NUL byte, say) becomes a refused row of the
    report, never a database error."""

    file = forms.FileField(
        label=_("Shipment file (CSV or XLSX)"),
        help_text=format_lazy(
            _(
                "Columns: order number, carrier (code or name, e.g. YTO or {name}), "
                "tracking number."
            ),
            name=CARRIERS["YTO"].name,
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        raw = upload.read(2 * 1024 * 1024 + 1)
        if len(raw) > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        lines = _xlsx_lines(raw) if raw[:2] == b"PK" else _csv_lines(raw)
        rows = []
        for line in lines:
            cells = [str(cell).strip() if cell is not None else "" for cell in line]
            if not any(cells):
                continue
            if not rows and not cells[0][:1].isdigit():
                continue  # the header row
            cells += [""] * (3 - len(cells))
            row = {
                "order_sn": cells[0][:30],
                "carrier": cells[1][:30],
                "tracking_no": cells[2][:30],
            }
            if any(CONTROL_CHARACTERS.search(value) for value in row.values()):
                # Refused, and kept without them (for the report and the file to correct).
                row = {key: CONTROL_CHARACTERS.sub("", value) for key, value in row.items()}
                row["error"] = RowHasControlCharacters.code
            else:
                row["carrier"] = resolve_carrier(row["carrier"])
            rows.append(row)
        if not rows:
            raise forms.ValidationError(_("The file has no rows."))
        if len(rows) > MAX_IMPORT_ROWS:
            raise forms.ValidationError(_("At most 5,000 rows per file."))
        return rows


class AgreeReturnForm(forms.Form):
    """同意退货: where the buyer sends the goods (the shop's return addresses, the default
    chosen first)."""

    return_address = forms.ModelChoiceField(
        label=_("Return address"), queryset=ReturnAddress.objects.none(), empty_label=None
    )

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["return_address"].queryset = list_return_addresses(shop=shop)

    def clean(self):
        """What the service takes: the chosen address's id."""
        address = self.cleaned_data.get("return_address")
        return {"return_address_id": address.pk} if address else {}


class ConsigneeForm(forms.Form):
    """收货信息 as the merchant corrects it (checked again by the service)."""

    name = forms.CharField(label=_("Consignee"), max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    province = forms.CharField(label=_("Province"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=20)
    district = forms.CharField(label=_("District"), max_length=20)
    address = forms.CharField(label=_("Address"), max_length=120)

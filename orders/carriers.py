"""Carriers the console ships with, and the format of each one's tracking numbers."""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Carrier:
    code: str
    name: Promise
    pattern: re.Pattern
    example: str

    def accepts(self, tracking_no: str) -> bool:
        return bool(self.pattern.fullmatch(tracking_no))


CARRIERS = {
    carrier.code: carrier
    for carrier in (
        Carrier("ZTO", _("ZTO Express"), re.compile(r"7\d{11}|7[3-9]\d{12}"), "75312345678901"),
        Carrier("YTO", _("YTO Express"), re.compile(r"YT\d{13}"), "YT1234567890123"),
        Carrier("STO", _("STO Express"), re.compile(r"77\d{13}|[2-9]68\d{9}"), "773123456789012"),
        Carrier("YUNDA", _("Yunda Express"), re.compile(r"[34]\d{12}|46\d{13}"), "4312345678901"),
        Carrier("JTSD", _("J&T Express"), re.compile(r"JT\d{13}"), "JT1234567890123"),
        Carrier("SF", _("SF Express"), re.compile(r"SF\d{12,13}"), "SF1234567890123"),
        Carrier(
            "EMS", _("China Post EMS"), re.compile(r"[19]\d{12}|E[A-Z]\d{9}CN"), "1123456789012"
        ),
        Carrier("JD", _("JD Logistics"), re.compile(r"JD[0-9A-Z]{13}"), "JDVA12345678901"),
    )
}


def normalize_tracking_no(tracking_no: str) -> str:
    return re.sub(r"\s+", "", tracking_no or "").upper()


def carrier_choices():
    return [(carrier.code, carrier.name) for carrier in CARRIERS.values()]

"""Carriers the console ships with, and the format of each one's tracking numbers."""

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Carrier:
    code: str
    name: Promise
    pattern: re.Pattern
    example: str
    aliases: tuple[str, ...] = ()

    def accepts(self, tracking_no: str) -> bool:
        return bool(self.pattern.fullmatch(tracking_no))


def _carrier(code, name, pattern, example, *aliases) -> Carrier:
    return Carrier(code, name, re.compile(pattern), example, aliases)


CARRIERS = {
    carrier.code: carrier
    for carrier in (
        _carrier(
            "ZTO", _("ZTO Express"), r"7\d{11}|7[3-9]\d{12}", "75312345678901", "中通", "中通快递"
        ),
        _carrier("YTO", _("YTO Express"), r"YT\d{13}", "YT1234567890123", "圆通", "圆通速递"),
        _carrier(
            "STO", _("STO Express"), r"77\d{13}|[2-9]68\d{9}", "773123456789012", "申通", "申通快递"
        ),
        _carrier(
            "YUNDA", _("Yunda Express"), r"[34]\d{12}|46\d{13}", "4312345678901", "韵达", "韵达快递"
        ),
        _carrier("JTSD", _("J&T Express"), r"JT\d{13}", "JT1234567890123", "极兔", "极兔速递"),
        _carrier("SF", _("SF Express"), r"SF\d{12,13}", "SF1234567890123", "顺丰", "顺丰速运"),
        _carrier(
            "EMS",
            _("China Post EMS"),
            r"[19]\d{12}|E[A-Z]\d{9}CN",
            "1123456789012",
            "邮政",
            "邮政EMS",
            "中国邮政",
        ),
        _carrier("JD", _("JD Logistics"), r"JD[0-9A-Z]{13}", "JDVA12345678901", "京东", "京东物流"),
    )
}


def sample_tracking_no(code: str, rng) -> str:
    """A made-up number of the carrier's format (demo data, benchmarks): its example with the
    last 8 digits drawn from `rng` (a random.Random)."""
    carrier = CARRIERS[code]
    drawn = "".join(str(rng.randint(0, 9)) for _ in range(8))
    return carrier.example[:-8] + drawn  # every example ends in 8 free digits (tested)


def normalize_tracking_no(tracking_no: str) -> str:
    return re.sub(r"\s+", "", tracking_no or "").upper()


def carrier_name(code: str) -> str:
    """A carrier's name as merchants know it (中通快递) for its code; "" before shipping."""
    carrier = CARRIERS.get(code)
    return str(carrier.name) if carrier else code


def carrier_names() -> dict[str, str]:
    """Every carrier's name in the active language, by code: files of many rows take them
    once from here instead of translating a name per row."""
    return {code: str(carrier.name) for code, carrier in CARRIERS.items()}


def carrier_choices():
    return [(carrier.code, carrier.name) for carrier in CARRIERS.values()]


@cache
def _codes_by_name() -> dict[str, str]:
    """Each name a carrier goes by, in every language of the console, folded: its code."""
    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for carrier in CARRIERS.values():
                names = (carrier.code, str(carrier.name), *carrier.aliases)
                found.update({name.casefold(): carrier.code for name in names})
    return found


def resolve_carrier(text: str) -> str:
    """A carrier code from what a person typed in a file: the code or a name, in Chinese
    or English (YTO, 圆通, 圆通速递, YTO Express)."""
    text = (text or "").strip()
    return _codes_by_name().get(text.casefold(), text)

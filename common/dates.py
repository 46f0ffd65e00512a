"""Days as merchants count them: calendar days in the shop's time zone (Asia/Shanghai)."""

from datetime import date, datetime, time

from django.utils import timezone


def shanghai_day_start(day: date) -> datetime:
    """The first instant of `day` in the current time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))

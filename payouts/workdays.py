"""Chinese working days: weekends off, public holidays off, make-up working days on
(调休), from the `chinese-calendar` package, which is updated each year once the State
Council publishes the schedule (usually in November).

Until a release knows a year, the platform can enter that year's official schedule itself
(`WORKDAY_CALENDAR_YEARS`, `EXTRA_HOLIDAYS`, `EXTRA_WORKDAYS` in settings). A year known to
neither is counted Monday to Friday, and the dates computed for it are estimates: the pages
say so (`is_estimate`), and a test fails once a promise could fall into such a year.
"""

import logging
from datetime import date, timedelta

import chinese_calendar
from django.conf import settings

logger = logging.getLogger(__name__)


def _configured(day: date) -> bool | None:
    """The platform's own entry for `day`, if its year is configured."""
    if day.year not in settings.WORKDAY_CALENDAR_YEARS:
        return None
    if day in settings.EXTRA_HOLIDAYS:
        return False
    if day in settings.EXTRA_WORKDAYS:
        return True
    return day.weekday() < 5


def is_known(day: date) -> bool:
    """Whether the holidays of `day`'s year are known (package or settings)."""
    if day.year in settings.WORKDAY_CALENDAR_YEARS:
        return True
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    configured = _configured(day)
    if configured is not None:
        return configured
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        logger.warning("no holiday data for %s; counting Monday to Friday", day.year)
        return day.weekday() < 5


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (`start` itself not counted)."""
    day = start
    while count:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def is_estimate(start: date, end: date) -> bool:
    """Whether a date computed over [start, end] rests on Monday-to-Friday guesses."""
    return not (is_known(start) and is_known(end))

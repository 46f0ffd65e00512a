"""Chinese working days: weekends off, public holidays off, make-up working days on
(调休), from the `chinese-calendar` package. Past the years it knows (it is updated each
year when the State Council publishes the schedule) it falls back to Monday to Friday."""

import logging
from datetime import date, timedelta

import chinese_calendar

logger = logging.getLogger(__name__)


def is_working_day(day: date) -> bool:
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

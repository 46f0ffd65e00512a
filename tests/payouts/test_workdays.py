"""Working days for arrival dates: holidays from chinese-calendar, a year's schedule that
the platform enters itself while the package lags, and an honest "estimate" otherwise."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from payouts import workdays
from tests.factories.payouts import bind_card

# Withdrawals promise arrival within 4 working days: with a week-long holiday that reaches
# about 14 calendar days ahead.
PROMISE_HORIZON = timedelta(days=14)


def test_every_date_promised_from_today_is_known_or_called_an_estimate():
    """Holiday data runs out each December until chinesecalendar (or the platform's own
    WORKDAY_CALENDAR_YEARS and EXTRA_HOLIDAYS / EXTRA_WORKDAYS, from the State Council's
    notice) has the next year: until then a promise reaching into it is called an estimate,
    never silently wrong, and the worker logs a warning. True on any date, so the suite
    does not start failing on the day the data runs out."""
    today = timezone.localdate()
    horizon = today + PROMISE_HORIZON

    assert workdays.is_estimate(today, horizon) is not workdays.is_known(horizon)


def test_spring_festival_2026_is_not_counted():
    # 2026-02-13 (Fri) + 2 working days: the holiday runs 02-15 to 02-23, 02-14 is worked.
    assert workdays.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_a_year_the_package_does_not_know_falls_back_to_weekdays_as_an_estimate():
    unknown = date(2099, 1, 1)

    assert not workdays.is_known(unknown)
    assert workdays.is_estimate(date(2098, 12, 30), unknown)
    assert workdays.add_working_days(date(2099, 1, 2), 2) == date(2099, 1, 6)  # Fri -> Tue


def test_the_platform_enters_a_years_schedule_itself(settings):
    settings.WORKDAY_CALENDAR_YEARS = {2099}
    settings.EXTRA_HOLIDAYS = {date(2099, 1, 5)}
    settings.EXTRA_WORKDAYS = {date(2099, 1, 3)}  # a Saturday worked

    assert workdays.is_known(date(2099, 6, 1))
    assert workdays.add_working_days(date(2099, 1, 2), 2) == date(2099, 1, 6)  # Sat, Tue


@pytest.mark.django_db
def test_the_fund_page_says_when_the_arrival_date_is_an_estimate(owner_client, shop, owner):
    bind_card(shop, owner)
    with mock.patch.object(workdays, "is_known", return_value=True):
        known = owner_client.get("/payouts/").content.decode()
    with mock.patch.object(workdays, "is_known", return_value=False):
        guessed = owner_client.get("/payouts/").content.decode()

    assert 'data-testid="arrival-estimate"' not in known
    assert 'data-testid="arrival-estimate"' in guessed

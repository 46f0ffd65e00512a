"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API keeps an event loop running in the test thread, so Django's guard
against sync database calls inside a loop must be lifted for the test process.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser suite. Package-scoped: Playwright's sync API keeps an
    event loop running in the main thread while it is open, which the tests after this
    package (async tests, async_to_sync in on_commit pushes) must not inherit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


def _new_page(browser, request, **context_options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser, request, live_server):
    context, page = _new_page(browser, request, viewport={"width": 1366, "height": 860})
    page.base_url = live_server.url
    yield page
    _screenshot_on_failure(request, page)
    context.close()


@pytest.fixture
def phone_page(browser, request, live_server):
    context, page = _new_page(
        browser, request, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page.base_url = live_server.url
    yield page
    _screenshot_on_failure(request, page)
    context.close()


def _screenshot_on_failure(request, page):
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)


def log_in(page, username, password):
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("domcontentloaded")


@pytest.fixture
def asgi_server(transactional_db):
    """The real ASGI application (HTTP and websockets) under uvicorn, in its own process, on
    the test database: pytest-django's live server speaks WSGI only."""
    from tests.processes import asgi_server, child_env

    with asgi_server(child_env()) as url:
        yield url

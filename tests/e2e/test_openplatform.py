"""The consent page in Chromium: the owner authorises an ERP, the browser arrives at the
app's redirect URI with the code (the page's Content-Security-Policy lets its form lead
there, and only there), the ERP exchanges it, and the app then shows under 授权管理
until revoked."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from openplatform import services
from tests.e2e.conftest import log_in
from tests.factories.merchant import PASSWORD
from tests.factories.openplatform import REDIRECT_URI, make_app

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_owner_authorises_an_erp_and_revokes_it(page, owner, shop):
    app = make_app(name="聚水潭ERP")
    arrived = []
    page.route(
        "https://erp.example.com/**",
        lambda route: (arrived.append(route.request.url), route.fulfill(body="ERP"))[1],
    )
    log_in(page, owner.username, PASSWORD)
    link = "/open/authorize?" + urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": REDIRECT_URI,
            "state": "s1",
        }
    )

    page.goto(f"{page.base_url}{link}")
    expect(page.get_by_test_id("consent")).to_contain_text("聚水潭ERP")
    expect(page.get_by_test_id("purposes")).to_contain_text("读取您的订单")
    page.get_by_test_id("allow").click()
    page.wait_for_url("https://erp.example.com/**")

    query = parse_qs(urlsplit(arrived[0]).query)
    assert query["state"] == ["s1"]
    services.exchange_code(app=app, code=query["code"][0])  # the ERP's server, with the code
    page.goto(f"{page.base_url}/open/apps/")
    expect(page.get_by_test_id("grant")).to_contain_text("聚水潭ERP")
    page.get_by_test_id("revoke").click()
    expect(page.get_by_test_id("grants")).to_contain_text("暂无授权应用")

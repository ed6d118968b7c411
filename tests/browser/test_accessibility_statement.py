"""The accessibility statement is reached from the login page's footer and
passes axe-core itself (issue 10, point 27)."""

from playwright.sync_api import expect

from tests.browser.helpers import heading


def test_the_statement_is_one_click_from_the_login_page(page, assert_accessible):
    page.goto("/konto/logga-in/")
    page.get_by_role("contentinfo").get_by_role(
        "link", name="Tillgänglighetsredogörelse"
    ).click()

    expect(heading(page, "Tillgänglighetsredogörelse för webSesam")).to_be_visible()
    assert_accessible(page)

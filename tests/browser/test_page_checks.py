"""The checks every browser test relies on must be able to fail: axe-core
really runs, and console errors (here a CSP violation) are caught."""

import pytest


def test_axe_reports_a_field_without_label(page, assert_accessible):
    page.goto("/konto/logga-in/")
    page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML(
            "beforeend", '<input type="text" id="unlabelled">')"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    assert "- label (critical)" in str(failure.value)
    assert "#unlabelled" in str(failure.value)


def test_a_content_security_policy_violation_fails_the_test(
    page, page_errors, assert_accessible
):
    page.goto("/konto/logga-in/")
    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "document.title = 'injected'";
                document.body.append(script);
            }"""
        )
    assert page.title() != "injected"
    with pytest.raises(AssertionError, match="Content Security Policy"):
        assert_accessible(page)
    # Seen and expected: do not fail this test at teardown.
    page_errors.clear()

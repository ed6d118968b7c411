"""core.redirects.local_url: a form's `next` is followed only to a page of
this site; the care relationship page and Beställ on the article lists
both go back through it."""

import pytest

from core.redirects import local_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/hjalpmedel/?q=rullator", "/hjalpmedel/?q=rullator"),
        ("https://example.com/", "/fallback/"),
        ("//example.com/", "/fallback/"),
        ("article_search", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_only_a_path_on_this_site_is_followed(rf, url, expected):
    assert local_url(rf.get("/"), url, "/fallback/") == expected

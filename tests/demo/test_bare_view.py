"""The load benchmark's bare view answers "ok" to anyone where the demo app
is installed (the benchmark server sets DEMO=1) and does not exist in
production."""

import pytest

from tests.accounts.test_security_settings import run_manage
from tests.demo.test_installed import production

RESOLVE = (
    "from django.urls import NoReverseMatch, reverse\n"
    "try:\n"
    "    print(reverse('bench_bare'))\n"
    "except NoReverseMatch:\n"
    "    print('not routed')\n"
)


@pytest.mark.django_db
def test_the_bare_view_answers_ok_without_login(client):
    response = client.get("/bench/ok/")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_production_does_not_route_the_bare_view():
    result = run_manage("shell", "--no-imports", "-c", RESOLVE, **production())

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "not routed"


def test_the_benchmark_server_routes_it():
    """The check above is real: the same settings with DEMO=1 route it."""
    result = run_manage("shell", "--no-imports", "-c", RESOLVE, **production(DEMO="1"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/bench/ok/"

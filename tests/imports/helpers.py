"""Run the import command and compare what the database holds."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Authorisation, Customer, Payer, PayerAuthorisation, User
from aids.models import Holding, Individual, IndividualHistory, Person
from catalog.models import Article, ArticleFit, IsoClass, Replacement
from warehouse.models import StockBalance, StockMovement

MODELS = (
    Payer,
    Customer,
    User,
    Authorisation,
    PayerAuthorisation,
    IsoClass,
    Article,
    Replacement,
    ArticleFit,
    StockBalance,
    StockMovement,
    Person,
    Holding,
    Individual,
    IndividualHistory,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def import_csv(kind, path, *options):
    """Run the command; return what it printed."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_csv", kind, path, *options, stdout=out, stderr=err)
    except CommandError as error:
        raise AssertionError(err.getvalue()) from error
    return out.getvalue()


def import_fails(kind, path, *options):
    """Run the command expecting it to fail with nothing changed; return the
    error lines it printed."""
    before = counts()
    err = StringIO()
    with pytest.raises(CommandError, match="inget har ändrats"):
        call_command("import_csv", kind, path, *options, stdout=StringIO(), stderr=err)
    assert counts() == before
    return err.getvalue().splitlines()

"""core.tokens: a form's token is the id of what it registered; the draft,
pickup and work order services ask it the same way, each with its own
Swedish answer."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from core.tokens import made_with_token
from orders.models import Order
from tests.factories import DraftOrderFactory

pytestmark = pytest.mark.django_db


def test_a_new_token_has_made_nothing():
    assert made_with_token(Order.objects, uuid.uuid4(), "Redan skickat.") is None


def test_the_same_sender_finds_what_the_token_made(prescriber):
    draft = DraftOrderFactory(prescriber=prescriber)

    assert (
        made_with_token(
            Order.objects, draft.pk, "Redan skickat.", prescriber_id=prescriber.pk
        )
        == draft
    )


def test_anyone_else_is_refused_with_the_caller_s_words(prescriber, colleague):
    draft = DraftOrderFactory(prescriber=prescriber)

    with pytest.raises(ValidationError) as refusal:
        made_with_token(
            Order.objects, draft.pk, "Redan skickat.", prescriber_id=colleague.pk
        )

    assert refusal.value.code == "token"
    assert refusal.value.messages == ["Redan skickat."]

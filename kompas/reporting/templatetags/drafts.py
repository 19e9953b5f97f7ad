"""The report form's draft, kept in the member's browser tab (`kompas/js/draft.js`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.crypto import salted_hmac

register = template.Library()


@register.simple_tag(takes_context=True)
def draft_owner(context: Any) -> str:
    """A keyed tag of the person signed in: the script puts a draft back for the same person
    only, so that someone who signs in on the same tab after an idle sign-out does not see it.
    It names nobody without the server's secret key."""
    person = context["request"].user
    return salted_hmac("kompas.reporting.draft-owner", str(person.pk)).hexdigest()[:24]

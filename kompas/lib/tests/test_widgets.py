"""The quick select box writes exactly the HTML of Django's own Select, only faster."""

from __future__ import annotations

import time

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils import translation
from django.utils.translation import gettext_lazy

from kompas.lib.widgets import QuickSelect

CHOICES = [
    ("", "---------"),
    (1, "Operaties & <Verkeer>"),
    ("Wijken", [(2, 'Wijk "Noord"'), (3, "Wijk Zuid")]),
    (2, "Wijk Noord, once more"),  # the same value twice: Django selects the first only
    ('a"<b>', gettext_lazy("Yes")),  # a text value and a lazily translated label
]


@pytest.mark.parametrize("value", [2, 'a"<b>', None, 99, ""])
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_html_is_that_of_django(value, language) -> None:
    attrs = {"id": "id_service", "required": True, "aria-describedby": "help", "disabled": False}
    with translation.override(language):
        mine = QuickSelect(choices=CHOICES).render("service", value, attrs)
        theirs = forms.Select(choices=CHOICES).render(
            "service", value, attrs, renderer=get_default_renderer()
        )
    assert mine == theirs
    assert "&lt;Verkeer&gt;" in mine and "Wijk &#34;Noord&#34;" in mine


def test_a_form_field_with_a_quick_select_checks_its_choices_as_before() -> None:
    class Form(forms.Form):
        where = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=QuickSelect)

    assert Form({"where": "b"}).is_valid()
    assert not Form({"where": "z"}).is_valid()
    assert "selected>B</option>" in str(Form({"where": "b"})["where"])


def test_a_thousand_options_cost_a_fraction_of_django_s_select() -> None:
    """Why the widget exists (kompas/lib/README.md): a zone's thousand services."""
    choices = [("", "---------")] + [(i, f"Dienst {i}") for i in range(1, 1001)]

    def cost(widget: forms.Select) -> float:
        start = time.perf_counter()
        widget.render("service", 500, {"id": "id_service"}, get_default_renderer())
        return time.perf_counter() - start

    assert cost(QuickSelect(choices=choices)) * 10 < cost(forms.Select(choices=choices))

"""The quick select boxes write exactly the HTML of Django's own, only faster."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy

from kompas.lib.widgets import QuickSelect, QuickSelectMultiple

CHOICES = [
    ("", "---------"),
    (1, "Operaties & <Verkeer>"),
    ("Wijken", [(2, 'Wijk "Noord"'), (3, "Wijk Zuid")]),
    ('a"<b>', gettext_lazy("Yes")),  # a text value and a lazily translated label
]


def same(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(
    ("quick", "django", "value"),
    [
        (QuickSelect, forms.Select, 2),
        (QuickSelect, forms.Select, None),
        (QuickSelectMultiple, forms.SelectMultiple, [1, 3]),
    ],
)
def test_the_html_is_that_of_django(quick, django, value) -> None:
    attrs = {"id": "id_service", "required": True, "aria-describedby": "help", "disabled": False}
    mine = quick(choices=CHOICES).render("service", value, attrs)
    # Django templates' escaping (Jinja2 writes &#34; for &quot;, the same character).
    theirs = django(choices=CHOICES).render("service", value, attrs, renderer=DjangoTemplates())
    assert same(mine) == same(theirs)
    assert "&lt;Verkeer&gt;" in mine and "Wijk &quot;Noord&quot;" in mine


def test_a_form_field_with_a_quick_select_checks_its_choices_as_before() -> None:
    class Form(forms.Form):
        where = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=QuickSelect)

    assert Form({"where": "b"}).is_valid()
    assert not Form({"where": "z"}).is_valid()
    assert "selected>B</option>" in str(Form({"where": "b"})["where"])


PLAIN = [
    ("", "---------"),
    (1, "Operaties & <Verkeer>"),
    (2, 'Wijk "Noord"'),
    (2, "Wijk Noord, once more"),  # the same value twice: Django selects the first only
    ('a"<b>', gettext_lazy("Yes")),
]


@pytest.mark.parametrize(
    ("quick", "django", "value"),
    [
        (QuickSelect, forms.Select, 2),
        (QuickSelect, forms.Select, 'a"<b>'),
        (QuickSelect, forms.Select, None),
        (QuickSelect, forms.Select, 99),
        (QuickSelectMultiple, forms.SelectMultiple, [1, 2]),
        (QuickSelectMultiple, forms.SelectMultiple, []),
    ],
)
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_plain_list_written_once_is_still_that_of_django(quick, django, value, language) -> None:
    from django.utils import translation

    attrs = {"id": "id_service", "required": True}
    with translation.override(language):
        for _again in range(2):  # the second time from the options kept the first time
            mine = quick(choices=PLAIN).render("service", value, attrs)
            theirs = django(choices=PLAIN).render(
                "service", value, attrs, renderer=DjangoTemplates()
            )
            assert same(mine) == same(theirs)
    # Marking one list's choice never marks it in the next one written from the same options.
    written = QuickSelect(choices=PLAIN).render("service", 1, attrs)
    assert written.count(" selected") == 1 and 'value="1" selected' in written

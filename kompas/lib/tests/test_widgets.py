"""The quick select box writes exactly the HTML of Django's own Select, only faster."""

from __future__ import annotations

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


def test_a_thousand_options_are_written_without_a_template_each(monkeypatch) -> None:
    """Why the widget exists (kompas/lib/README.md, measured there: 18 ms against 0.5 ms): a
    zone's thousand services, each of which Django's Select writes through a template of its
    own (an include in Django's Jinja2 select template)."""
    from django.template import engines

    env = engines["jinja2"].env  # type: ignore[attr-defined]
    asked: list[str] = []
    get_template = env.get_template

    def counting(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(str(name))
        return get_template(name, *args, **kwargs)

    monkeypatch.setattr(env, "get_template", counting)
    choices = [("", "---------")] + [(i, f"Dienst {i}") for i in range(1, 1001)]
    forms.Select(choices=choices).render("service", 500, {"id": "id_service"})
    # Django's own select template includes its option template once per option; the project's
    # (kompas/jinja2/django/forms/widgets/select.html) writes them in place, but Django's Select
    # still builds a context of its own for each option (`optgroups`).
    assert "django/forms/widgets/select.html" in asked
    assert asked.count("django/forms/widgets/select_option.html") == 0
    asked.clear()
    QuickSelect(choices=choices).render("service", 500, {"id": "id_service"})
    assert asked == []

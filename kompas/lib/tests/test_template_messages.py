"""Every text of every Jinja2 template is in the catalogues, and `make messages` finds them."""

from __future__ import annotations

import ast

import polib
import pytest

from kompas.lib.compilemessages import LOCALE_DIR
from kompas.lib.template_messages import all_messages, as_python, messages_of


def test_the_extractor_finds_every_kind_of_text() -> None:
    source = (
        '{{ _("One %(x)s", x=1) }}{{ pgettext("month", "May") }}'
        '{{ ngettext("%(num)s day", "%(num)s days", n) }}'
        "{% trans n=3 %}one {{ n }}{% pluralize %}many {{ n }}{% endtrans %}"
        "{{ _(name) }}"
    )
    assert sorted(messages_of(source), key=str) == sorted(
        [
            (None, "One %(x)s", None),
            ("month", "May", None),
            (None, "%(num)s day", "%(num)s days"),
            (None, "one %(n)s", "many %(n)s"),
        ],
        key=str,
    )


def test_what_makemessages_reads_is_python_with_the_same_texts() -> None:
    written = as_python({("c", "A 'quoted' text", None): ["x.html"], (None, "B", "Bs"): ["y"]})
    calls = [node for node in ast.walk(ast.parse(written)) if isinstance(node, ast.Call)]
    assert [ast.unparse(call) for call in calls] == [
        "pgettext('c', \"A 'quoted' text\")",
        "ngettext('B', 'Bs', 1)",
    ]


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_text_of_every_template_is_in_the_catalogue(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid, entry.msgid_plural or None) for entry in catalogue}
    found = all_messages()
    assert len(found) > 100
    missing = {message: paths for message, paths in found.items() if message not in known}
    assert missing == {}

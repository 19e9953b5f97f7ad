"""The texts of the Jinja2 templates, for the catalogues.

Django's `makemessages` reads Python files and Django templates, not Jinja2 ones. `make messages`
first writes every text of the templates (found by Jinja2's own extractor, with its context or
plural) as gettext calls into a Python file that `makemessages` reads with the code, then
deletes that file:

    python -m kompas.lib.template_messages kompas/_template_messages.py
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

KOMPAS = Path(__file__).resolve().parents[1]


def template_files() -> list[Path]:
    """Every Jinja2 template of the project and its apps (pages, includes, mails)."""
    return sorted(p for p in KOMPAS.rglob("jinja2/**/*") if p.suffix in (".html", ".txt"))


Message = tuple[str | None, str, str | None]  # (context, msgid, plural)


def messages_of(source: str) -> Iterator[Message]:
    """The translatable texts of one template: `_()`, `gettext`, `ngettext`, `pgettext`,
    `npgettext` and `{% trans %}` blocks."""
    from django.template import engines

    env = engines["jinja2"].env  # type: ignore[attr-defined]
    for _line, function, found in env.extract_translations(source):
        texts = [text for text in (found if isinstance(found, tuple) else (found,))]
        if function in ("pgettext", "npgettext"):
            context, *texts = texts
        else:
            context = None
        if not texts or not isinstance(texts[0], str):
            continue  # a text built at run time: nothing to extract
        plural = texts[1] if function.endswith("ngettext") and len(texts) > 1 else None
        yield context, texts[0], plural if isinstance(plural, str) else None


def all_messages() -> dict[Message, list[str]]:
    """Each text of every template, with the templates it appears in."""
    found: dict[Message, list[str]] = {}
    for path in template_files():
        for message in messages_of(path.read_text()):
            found.setdefault(message, []).append(str(path.relative_to(KOMPAS)))
    return found


def as_python(messages: dict[Message, list[str]]) -> str:
    lines = ["# Written by kompas.lib.template_messages for makemessages; not code.", ""]
    for (context, msgid, plural), paths in sorted(
        messages.items(), key=lambda item: (item[0][1], item[0][0] or "")
    ):
        lines.append(f"# {paths[0]}")
        if context and plural:
            lines.append(f"npgettext({context!r}, {msgid!r}, {plural!r}, 1)")
        elif context:
            lines.append(f"pgettext({context!r}, {msgid!r})")
        elif plural:
            lines.append(f"ngettext({msgid!r}, {plural!r}, 1)")
        else:
            lines.append(f"gettext({msgid!r})")
    return "\n".join(lines) + "\n"


def main(target: str) -> None:
    import django

    django.setup()
    Path(target).write_text(as_python(all_messages()))


if __name__ == "__main__":  # pragma: no cover - `make messages`
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.settings")
    main(sys.argv[1])

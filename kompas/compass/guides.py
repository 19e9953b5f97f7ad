"""The two seven-step conversation guides (addressing a colleague, being addressed), in our own
words. Each step has a title and a hint; the member writes their own preparation under it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kompas.compass.models import Guide

STEPS: dict[str, list[tuple[Any, Any]]] = {
    Guide.ADDRESSING: [
        (
            _("1. Say why you want to talk"),
            _("Name the purpose first: you want to work well together, not to accuse."),
        ),
        (
            _("2. Describe the facts as behaviour"),
            _("What did you see or hear, when and where? Describe what happened, not the person."),
        ),
        (
            _("3. Say what it does to you"),
            _("How did it affect you, the team or citizens? Speak for yourself."),
        ),
        (
            _("4. Let your colleague react"),
            _("Stop talking and listen. What might their side of the story be?"),
        ),
        (
            _("5. Look for alternatives together"),
            _("What could be done differently next time? Which ideas can you offer?"),
        ),
        (
            _("6. Agree on what happens next"),
            _("What exactly do you agree on, and when will you come back to it?"),
        ),
        (
            _("7. Thank your colleague"),
            _("Thank them for listening: addressing each other is a sign of respect."),
        ),
    ],
    Guide.ADDRESSED: [
        (
            _("1. Accept the purpose"),
            _("Your colleague takes a risk by talking to you. Start from the good intention."),
        ),
        (
            _("2. Listen and ask questions"),
            _("Do not defend yourself yet. Which questions will help you understand?"),
        ),
        (
            _("3. Try to understand"),
            _("What did your colleague see, and why does it matter to them?"),
        ),
        (
            _("4. Summarise"),
            _("Say in your own words what you heard, so you both know you understood."),
        ),
        (
            _("5. Ask for suggestions"),
            _("What would your colleague like to see differently? What do you suggest?"),
        ),
        (
            _("6. Agree on what happens next"),
            _("What do you agree on, and how will you both know it works?"),
        ),
        (
            _("7. Thank your colleague"),
            _("Thank them for their openness, even if it was not pleasant to hear."),
        ),
    ],
}

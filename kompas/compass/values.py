"""The eight core values of the zone's ethical compass, as codes other parts of Kompas refer to.

The explanations and expected behaviour, editable by the integrity officer, come with the compass
feature; reports, dilemmas and register rules only store these codes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Value(models.TextChoices):
    CUSTOMER_FOCUS = "customer_focus", _("Customer focus")
    QUALITY = "quality", _("Quality of service")
    OBJECTIVITY = "objectivity", _("Objectivity")
    ETHICAL_LEADERSHIP = "ethical_leadership", _("Ethical leadership")
    LOYALTY = "loyalty", _("Loyalty and cooperation")
    NETWORKING = "networking", _("Networking")
    RELIABILITY = "reliability", _("Reliability")
    TRANSPARENCY = "transparency", _("Transparent communication")


# Each value's colour on the compass picture until the zone chooses its own (compass settings).
# White numbers are written on them: each has a contrast of at least 4.5:1 with white.
DEFAULT_COLOURS: dict[str, str] = {
    Value.CUSTOMER_FOCUS: "#0b4f8a",
    Value.QUALITY: "#1e6b33",
    Value.OBJECTIVITY: "#5b3a8c",
    Value.ETHICAL_LEADERSHIP: "#a0181c",
    Value.LOYALTY: "#b35900",
    Value.NETWORKING: "#00697a",
    Value.RELIABILITY: "#37474f",
    Value.TRANSPARENCY: "#ad1457",
}

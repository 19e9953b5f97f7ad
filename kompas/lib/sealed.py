"""Private notes sealed at rest with a server key, so a copy of the database alone reads nothing.

For texts that belong to one member (a dilemma decision aid, a conversation preparation sheet):
they are not reports with their own keys, but they are nobody else's business either. The key
comes from ``KOMPAS_NOTES_KEY`` (or, by default, from the secret key), never from the database.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from nacl import secret


def _box(purpose: str) -> secret.SecretBox:
    key = hashlib.blake2b(
        settings.NOTES_KEY.encode(),
        digest_size=secret.SecretBox.KEY_SIZE,
        person=b"kompas-notes",
        salt=purpose.encode()[:16].ljust(16, b"\0"),
    ).digest()
    return secret.SecretBox(key)


def seal_json(purpose: str, data: Any) -> bytes:
    return bytes(_box(purpose).encrypt(json.dumps(data, ensure_ascii=False).encode()))


def open_json(purpose: str, sealed: bytes | memoryview | None, default: Any = None) -> Any:
    if not sealed:
        return default
    return json.loads(_box(purpose).decrypt(bytes(sealed)).decode())

"""Creating, opening and managing the wraps of a handler's private key (passkeys, passphrase).

Every change names its actor and writes its audit event in the same transaction; the events hold
which passkey and how, never a PRF output, a passphrase or a key.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib.clock import today
from kompas.passkeys import crypto as passkey_crypto
from kompas.passkeys import notices
from kompas.passkeys.ceremony import Asserted, Registered, b64url
from kompas.passkeys.models import KeyPassphrase, Passkey
from kompas.reporting import crypto, keys
from kompas.reporting.models import HandlerKey

PASSPHRASE_MIN_LENGTH = 12


class WrongSecret(Exception):
    """The passkey's PRF output or the passphrase does not open the key."""


def passkeys_of(person: Person) -> list[Passkey]:
    """The person's passkeys that open their current key, oldest first."""
    return list(
        Passkey.objects.filter(person=person, handler_key__person=person, handler_key__active=True)
        .defer("wrapped_private_key")
        .order_by("created_on", "pk")
    )


def passphrase_of(person: Person) -> KeyPassphrase | None:
    return KeyPassphrase.objects.filter(
        person=person, handler_key__person=person, handler_key__active=True
    ).first()


def ways_to_unlock(person: Person, key: HandlerKey) -> int:
    """How many secrets open the key: passkeys, the passphrase and the password wrap."""
    return (
        Passkey.objects.filter(person=person, handler_key=key).count()
        + KeyPassphrase.objects.filter(person=person, handler_key=key).count()
        + int(keys.has_password_wrap(key))
    )


def _drop_stale_wraps(person: Person) -> None:
    """Wraps of a key no longer used (a new key pair after a password reset or a lost passkey)
    open nothing useful: removed before the person registers again."""
    Passkey.objects.filter(person=person).exclude(handler_key__active=True).delete()
    KeyPassphrase.objects.filter(person=person).exclude(handler_key__active=True).delete()


def _store_passkey(
    *, person: Person, key: HandlerKey, private_key: bytes, registered: Registered, name: str
) -> Passkey:
    passkey = Passkey.objects.create(
        person=person,
        handler_key=key,
        name=name.strip()[:100] or _("Passkey"),
        credential_id=b64url(registered.credential.credential_id),
        credential_data=bytes(registered.credential),
        sign_count=registered.sign_count,
        prf_salt=registered.prf_salt,
        wrapped_private_key=passkey_crypto.wrap_with_prf(
            private_key, registered.prf_output, registered.prf_salt
        ),
        created_on=today(),
    )
    record("passkeys.passkey_added", actor=person, obj=passkey, zone_id=person.zone_id)
    return passkey


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < PASSPHRASE_MIN_LENGTH:
        raise ValidationError(
            _("A key passphrase has at least %(count)d characters.")
            % {"count": PASSPHRASE_MIN_LENGTH}
        )


def _store_passphrase(
    *, person: Person, key: HandlerKey, private_key: bytes, passphrase: str
) -> KeyPassphrase:
    _check_passphrase(passphrase)
    wrapped = crypto.wrap_private_key(private_key, passphrase)
    KeyPassphrase.objects.filter(person=person).delete()
    stored = KeyPassphrase.objects.create(
        person=person,
        handler_key=key,
        wrapped_private_key=wrapped.wrapped_private_key,
        salt=wrapped.salt,
        opslimit=wrapped.opslimit,
        memlimit=wrapped.memlimit,
        created_on=today(),
    )
    record("passkeys.passphrase_set", actor=person, obj=person, zone_id=person.zone_id)
    return stored


# --- A new key pair -----------------------------------------------------------------------------


@transaction.atomic
def create_key_with_passkey(
    *, person: Person, registered: Registered, name: str
) -> tuple[HandlerKey, bytes]:
    """The person's first key pair (or a new one after losing every way in), wrapped with the
    new passkey only."""
    _check_may_have_key(person)
    key, private_key = keys.create_key_without_password(person)
    _drop_stale_wraps(person)
    _store_passkey(
        person=person, key=key, private_key=private_key, registered=registered, name=name
    )
    return key, private_key


@transaction.atomic
def create_key_with_passphrase(*, person: Person, passphrase: str) -> tuple[HandlerKey, bytes]:
    _check_may_have_key(person)
    _check_passphrase(passphrase)
    key, private_key = keys.create_key_without_password(person)
    _drop_stale_wraps(person)
    _store_passphrase(person=person, key=key, private_key=private_key, passphrase=passphrase)
    return key, private_key


def already_have_a_key() -> str:
    return _("You already have a key: open it instead.")


def _check_may_have_key(person: Person) -> None:
    """Inside the transaction that makes the key: the person's row is locked first, so that two
    requests at once (a double click) cannot both find no key and both make one; the second
    waits for the first and then finds its key."""
    Person.objects.select_for_update(no_key=True).filter(pk=person.pk).first()
    if keys.active_key(person) is not None:
        raise ValidationError(already_have_a_key())


@transaction.atomic
def start_over(*, person: Person) -> None:
    """Every way in is lost: the key stops being used (its cases come back through the zone's
    recovery key, kompas.reporting.recovery) and the person makes a new one. The handler and
    the zone's integrity officers are mailed (kompas.passkeys.notices)."""
    Person.objects.select_for_update(no_key=True).filter(pk=person.pk).first()
    retired = HandlerKey.objects.filter(person=person, active=True).update(active=False)
    _drop_stale_wraps(person)
    if retired:
        notices.tell_key_retired(person)
    record(
        "passkeys.key_abandoned",
        actor=person,
        obj=person,
        zone_id=person.zone_id,
        detail={"keys": retired},
    )


# --- More ways in for a key that is open ---------------------------------------------------------


@transaction.atomic
def add_passkey(
    *, person: Person, key: HandlerKey, private_key: bytes, registered: Registered, name: str
) -> Passkey:
    _drop_stale_wraps(person)
    return _store_passkey(
        person=person, key=key, private_key=private_key, registered=registered, name=name
    )


@transaction.atomic
def set_passphrase(
    *, person: Person, key: HandlerKey, private_key: bytes, passphrase: str
) -> KeyPassphrase:
    return _store_passphrase(person=person, key=key, private_key=private_key, passphrase=passphrase)


@transaction.atomic
def rename_passkey(*, person: Person, passkey: Passkey, name: str) -> None:
    passkey.name = name.strip()[:100] or passkey.name
    passkey.save(update_fields=["name"])
    record("passkeys.passkey_renamed", actor=person, obj=passkey, zone_id=person.zone_id)


def _refuse_last_way(person: Person, key: HandlerKey) -> None:
    if ways_to_unlock(person, key) <= 1:
        raise ValidationError(
            _(
                "This is the last way to open your key: add another passkey or a key passphrase "
                "first."
            )
        )


@transaction.atomic
def remove_passkey(*, person: Person, passkey: Passkey) -> None:
    # Locked so that two removals at once cannot both pass the last-way check.
    key = HandlerKey.objects.select_for_update(no_key=True).get(
        pk=passkey.handler_key_id, person=person
    )
    if key.active:
        _refuse_last_way(person, key)
    record("passkeys.passkey_removed", actor=person, obj=passkey, zone_id=person.zone_id)
    passkey.delete()


@transaction.atomic
def remove_passphrase(*, person: Person, passphrase: KeyPassphrase) -> None:
    key = HandlerKey.objects.select_for_update(no_key=True).get(
        pk=passphrase.handler_key_id, person=person
    )
    _refuse_last_way(person, key)
    passphrase.delete()
    record("passkeys.passphrase_removed", actor=person, obj=person, zone_id=person.zone_id)


# --- Opening the key -----------------------------------------------------------------------------


@transaction.atomic
def unlock_with_passkey(*, person: Person, asserted: Asserted) -> tuple[HandlerKey, bytes]:
    """The private key opened with the passkey's PRF output; the counter and the day of use are
    kept only when it opens (a PRF output that does not fit changes nothing)."""
    passkey = Passkey.objects.select_for_update(no_key=True).get(
        pk=asserted.passkey.pk, person=person
    )
    key = HandlerKey.objects.get(pk=passkey.handler_key_id, person=person, active=True)
    if asserted.sign_count and asserted.sign_count <= passkey.sign_count:
        raise WrongSecret  # another request used this counter value first
    try:
        private_key = passkey_crypto.unwrap_with_prf(
            passkey.wrapped_private_key, asserted.prf_output, passkey.prf_salt
        )
    except crypto.DecryptionError as exc:
        raise WrongSecret from exc
    passkey.sign_count = asserted.sign_count
    passkey.last_used_on = today()
    passkey.save(update_fields=["sign_count", "last_used_on"])
    record(
        "passkeys.key_unlocked",
        actor=person,
        obj=passkey,
        zone_id=person.zone_id,
        detail={"with": "passkey"},
    )
    return key, private_key


@transaction.atomic
def unlock_with_passphrase(*, person: Person, passphrase: str) -> tuple[HandlerKey, bytes]:
    stored = passphrase_of(person)
    if stored is None:
        raise WrongSecret
    try:
        private_key = crypto.unwrap_private_key(
            bytes(stored.wrapped_private_key),
            passphrase,
            bytes(stored.salt),
            stored.opslimit,
            stored.memlimit,
        )
    except crypto.DecryptionError as exc:
        raise WrongSecret from exc
    record(
        "passkeys.key_unlocked",
        actor=person,
        obj=person,
        zone_id=person.zone_id,
        detail={"with": "passphrase"},
    )
    return HandlerKey.objects.get(pk=stored.handler_key_id), private_key

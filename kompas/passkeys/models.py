"""Ways other than the password to open a handler's private key (see README, "Crypto design")."""

from __future__ import annotations

from django.db import models

from kompas.accounts.models import Person
from kompas.reporting.models import HandlerKey


class Passkey(models.Model):
    """A handler's passkey (a WebAuthn credential) and the handler's private key wrapped with a
    key derived from the passkey's PRF output for ``prf_salt``. The PRF output itself is never
    stored: only the authenticator can give it again."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="passkeys")
    handler_key = models.ForeignKey(
        HandlerKey, on_delete=models.CASCADE, related_name="passkey_wraps"
    )
    name = models.CharField(max_length=100)
    # Base64url, as WebAuthn names it; unique across the installation so that one credential can
    # never answer for two people.
    credential_id = models.CharField(max_length=1400, unique=True)
    # The credential's public key as the authenticator attested it (fido2 AttestedCredentialData).
    credential_data = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    prf_salt = models.BinaryField()
    wrapped_private_key = models.BinaryField()
    created_on = models.DateField()
    last_used_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"passkey {self.pk} of person {self.person_id}"


class KeyPassphrase(models.Model):
    """The handler's private key wrapped with a key passphrase (Argon2id, as the password wrap),
    for browsers or authenticators without the PRF extension."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="key_passphrases")
    handler_key = models.OneToOneField(
        HandlerKey, on_delete=models.CASCADE, related_name="passphrase_wrap"
    )
    wrapped_private_key = models.BinaryField()
    salt = models.BinaryField()
    opslimit = models.PositiveIntegerField()
    memlimit = models.PositiveBigIntegerField()
    created_on = models.DateField()

    def __str__(self) -> str:
        return f"key passphrase of person {self.person_id}"

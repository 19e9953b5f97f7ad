"""Backup and restore of a whole installation: database, attachments and keys, in one encrypted file.

The database is read as one consistent snapshot while the app keeps running: on PostgreSQL inside a
REPEATABLE READ transaction, on SQLite from a copy made with SQLite's online backup API. The archive
is a tar file (``data.json`` as Django's dumpdata writes it, the ``media/`` folder, ``keys.json``)
encrypted as a stream with XChaCha20-Poly1305 (libsodium secretstream) under a key derived from
the operator's passphrase with Argon2id. Report content inside is still encrypted with case keys:
the archive's passphrase protects the installation, not the reports' confidentiality.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import nacl.bindings as sodium
import nacl.utils
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from nacl.pwhash import argon2id

MAGIC = b"KOMPAS-BACKUP-1\n"
CHUNK = 1024 * 1024
# What a restore needs: every app's data. Sessions (Django's, `django.contrib.sessions`) are
# sign-ins, never kept in a backup (a restored one would sign someone in); lockout counters are
# not worth keeping.
INCLUDE = [
    "accounts",
    "audit",
    "reporting",
    "registers",
    "compass",
    "risks",
    "plans",
    "privacy",
    "api",
    "scim",
    "sso",
    "passkeys",
    "retention",
    "otp_totp",
]
# Organisation stamps are made afresh by their triggers as the backup is loaded.
EXCLUDE = ["accounts.OrganisationStamp"]
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES


class BackupError(Exception):
    pass


def _key(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return argon2id.kdf(32, passphrase.encode(), salt, opslimit=opslimit, memlimit=memlimit)


def _limits() -> tuple[int, int]:
    if settings.KDF_STRENGTH == "min":
        return argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN
    return argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE


@contextmanager
def _snapshot_alias(workdir: Path) -> Iterator[str]:
    """A database alias that reads one consistent state of the data."""
    if connection.vendor == "sqlite":
        copy = workdir / "snapshot.sqlite3"
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        target = sqlite3.connect(str(copy))
        with target:
            source.backup(target)
        source.close()
        target.close()
        connections.databases["kompas_snapshot"] = {
            **settings.DATABASES["default"],
            "NAME": str(copy),
            "OPTIONS": {},
        }
        try:
            yield "kompas_snapshot"
        finally:
            connections["kompas_snapshot"].close()
            del connections.databases["kompas_snapshot"]
    else:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield "default"


def _keys() -> dict[str, str]:
    secret_file = Path(settings.DATA_DIR) / "secret_key"
    return {
        "secret_key": settings.SECRET_KEY,
        "audit_key": settings.AUDIT_KEY,
        "secret_key_from_file": str(
            secret_file.exists() and not os.environ.get("KOMPAS_SECRET_KEY")
        ),
    }


def write_backup(destination: Path, passphrase: str) -> dict[str, Any]:
    """Write the encrypted archive; returns a summary (object and file counts)."""
    if len(passphrase) < 12:
        raise BackupError("The passphrase must have at least 12 characters.")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        data = workdir / "data.json"
        with _snapshot_alias(workdir) as alias:
            call_command(
                "dumpdata",
                *INCLUDE,
                exclude=EXCLUDE,
                database=alias,
                output=str(data),
                verbosity=0,
            )
        media = Path(settings.MEDIA_ROOT)
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        tar_path = workdir / "archive.tar"
        with tarfile.open(tar_path, "w") as tar:
            tar.add(data, arcname="data.json")
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(media)}")
            keys = json.dumps(_keys()).encode()
            info = tarfile.TarInfo("keys.json")
            info.size = len(keys)
            tar.addfile(info, io.BytesIO(keys))
        objects = len(json.loads(data.read_text(encoding="utf-8")))
        _encrypt_file(tar_path, destination, passphrase)
    return {"objects": objects, "files": len(files)}


def _encrypt_file(source: Path, destination: Path, passphrase: str) -> None:
    salt = nacl.utils.random(argon2id.SALTBYTES)
    opslimit, memlimit = _limits()
    key = _key(passphrase, salt, opslimit, memlimit)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    partial = destination.with_suffix(destination.suffix + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as plain:
        out.write(MAGIC + salt + opslimit.to_bytes(4, "big") + memlimit.to_bytes(8, "big") + header)
        chunk = plain.read(CHUNK)
        while True:
            following = plain.read(CHUNK)
            tag = _TAG_MESSAGE if following else _TAG_FINAL
            out.write(sodium.crypto_secretstream_xchacha20poly1305_push(state, chunk, None, tag))
            if not following:
                break
            chunk = following
        out.flush()
        os.fsync(out.fileno())
    partial.replace(destination)  # a backup file is either whole or absent


def _decrypt_to(source: IO[bytes], target: Path, passphrase: str) -> None:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("This is not a Kompas backup.")
    salt = source.read(argon2id.SALTBYTES)
    opslimit = int.from_bytes(source.read(4), "big")
    memlimit = int.from_bytes(source.read(8), "big")
    header = source.read(sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    key = _key(passphrase, salt, opslimit, memlimit)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    with target.open("wb") as out:
        while True:
            block = source.read(CHUNK + _ABYTES)
            if not block:
                raise BackupError("The backup is cut short.")
            try:
                plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, block, None)
            except Exception as exc:
                raise BackupError("Wrong passphrase, or the backup was altered.") from exc
            out.write(plain)
            if tag == _TAG_FINAL:
                break


def restore_backup(source: Path, passphrase: str) -> dict[str, Any]:
    """Rebuild an empty installation from an archive (the database must be migrated and empty)."""
    from kompas.accounts.models import Person, Zone

    if Zone.objects.exists() or Person.objects.exists():
        raise BackupError("This installation is not empty; restore into a new one.")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        tar_path = workdir / "archive.tar"
        with source.open("rb") as encrypted:
            _decrypt_to(encrypted, tar_path, passphrase)
        with tarfile.open(tar_path) as tar:
            tar.extractall(workdir / "out", filter="data")
        out = workdir / "out"
        keys = json.loads((out / "keys.json").read_text())
        call_command("loaddata", str(out / "data.json"), verbosity=0)
        media_in = out / "media"
        count = 0
        if media_in.exists():
            for path in media_in.rglob("*"):
                if path.is_file():
                    target = Path(settings.MEDIA_ROOT) / path.relative_to(media_in)
                    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                    shutil.copy2(path, target)
                    os.chmod(target, 0o600)
                    count += 1
    return {"files": count, "keys": keys}

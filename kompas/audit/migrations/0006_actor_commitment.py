"""Events commit to their actor instead of naming them in their HMAC, so that the actor can be
pseudonymised after the zone's period and the chain still verify.

- Three columns: `actor_salt` (random per event), `actor_digest` (HMAC of the salt and the actor's
  id, which new events' HMAC covers instead of the id) and `seal` (events written before this
  migration only).
- The events already written keep their hash (the next event links to it) and have it sealed:
  their chain is first checked as it was written, and each event up to the first broken link
  gets a salt, a commitment to its actor and a `seal`, an HMAC of its hash and its fields with
  the commitment. `verify-audit` then checks both an old event's own hash (while it has its
  actor) and its seal (always); an event at or after a broken link is left unsealed, and still
  fails as it did. The sealing is itself recorded as an event of the chain
  (`audit.legacy_events_sealed`: how many, up to which event, and the head hash it continued).
- The guard: DELETE still refused; UPDATE refused but for exactly one change, pseudonymisation
  (actor_id and actor_salt emptied on an event that has a commitment, every other column as it
  was). Forward and back on PostgreSQL and SQLite (SQLite rebuilds the table to add a column
  with a default, which loses its triggers: they are made again here).

Going back is refused once the log holds an event in the new form (it could no longer verify).

The hashing below is a copy made for this migration (it must not change when the services do);
`kompas.audit.services` verifies with the same formulas.
"""

import hashlib
import hmac
import importlib
import json
import secrets
from datetime import UTC

from django.conf import settings
from django.db import migrations, models
from django.db.migrations.exceptions import IrreversibleError
from django.utils import timezone

_initial = importlib.import_module("kompas.audit.migrations.0001_initial")

GENESIS = "0" * 64
COLUMNS = (
    "seq",
    "at",
    "zone_id",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "detail",
    "prev_hash",
    "hash",
    "actor_digest",
    "seal",
)

PG_GUARD = f"""
CREATE OR REPLACE FUNCTION kompas_audit_append_only() RETURNS trigger AS $$
BEGIN
    -- Pseudonymisation, and nothing else: the actor and the salt of the commitment to them go.
    IF TG_OP = 'UPDATE'
        AND OLD.actor_digest <> '' AND NEW.actor_id IS NULL AND NEW.actor_salt = ''
        AND ({", ".join(f"NEW.{c}" for c in COLUMNS)})
            IS NOT DISTINCT FROM ({", ".join(f"OLD.{c}" for c in COLUMNS)})
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PG_OLD_GUARD = """
CREATE OR REPLACE FUNCTION kompas_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
_SAME = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in COLUMNS)
SQLITE_GUARD = [
    f"""CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    WHEN NOT (OLD.actor_digest <> '' AND NEW.actor_id IS NULL AND NEW.actor_salt = ''
        AND {_SAME})
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END;""",
]


def _mac(*parts):
    return hmac.new(settings.AUDIT_KEY.encode(), b"|".join(parts), hashlib.sha256).hexdigest()


def _at(at):
    return (at.astimezone(UTC) if timezone.is_aware(at) else at).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json(values):
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _v1(event):
    return _json(
        [
            event.seq,
            _at(event.at),
            event.zone_id,
            event.actor_id,
            event.actor_role,
            event.action,
            event.object_type,
            event.object_id,
            event.detail,
        ]
    )


def _v2(event, digest):
    return _json(
        [
            "v2",
            event.seq,
            _at(event.at),
            event.zone_id,
            digest,
            event.actor_role,
            event.action,
            event.object_type,
            event.object_id,
            event.detail,
        ]
    )


def _unguard(connection, schema_editor):
    if connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
        )
    elif connection.vendor == "sqlite":
        for statement in _initial.SQLITE_BACKWARD:
            schema_editor.execute(statement)


def _seal(AuditEvent, connection):
    """Seal the events written so far, up to the first broken link; returns (sealed, head)."""
    prev_hash, expected, sealed, head = GENESIS, 1, 0, None
    after = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=after).order_by("seq")[:2000])
        if not batch:
            break
        rows = []
        for event in batch:
            intact = (
                event.seq == expected
                and event.prev_hash == prev_hash
                and hmac.compare_digest(event.hash, _mac(prev_hash.encode(), _v1(event)))
            )
            if not intact:
                break
            salt = secrets.token_hex(16) if event.actor_id is not None else ""
            digest = (
                _mac(b"kompas.audit.actor", salt.encode(), str(event.actor_id).encode())
                if salt
                else ""
            )
            seal = _mac(b"kompas.audit.seal", event.hash.encode(), _v2(event, digest))
            rows.append((salt, digest, seal, event.seq))
            expected, prev_hash, head = event.seq + 1, event.hash, (event.seq, event.hash)
        _write_seals(connection, rows)
        sealed += len(rows)
        if len(rows) < len(batch):
            break
        after = batch[-1].seq
    return sealed, head


def _write_seals(connection, rows):
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per batch: a statement per event took two minutes per 100,000.
            # Only placeholders are written into the statement; the values are bound.
            values = ", ".join(["(%s, %s, %s, %s::bigint)"] * len(rows))
            statement = (
                "UPDATE audit_auditevent AS e SET actor_salt = v.salt, actor_digest = v.digest,"
                f" seal = v.seal FROM (VALUES {values}) AS v (salt, digest, seal, seq)"  # nosec B608
                " WHERE e.seq = v.seq"
            )
            cursor.execute(
                statement,
                [value for row in rows for value in row],
            )
        else:
            cursor.executemany(
                "UPDATE audit_auditevent SET actor_salt = %s, actor_digest = %s, seal = %s"
                " WHERE seq = %s",
                rows,
            )


def _record_sealing(AuditEvent, sealed, head):
    """The sealing as an event of the chain, after its last event (written as the services write
    an event without an actor)."""
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    now = timezone.now()
    event = AuditEvent(
        seq=seq,
        at=now.replace(microsecond=now.microsecond // 1000 * 1000),
        zone_id=None,
        actor_id=None,
        actor_salt="",
        actor_digest="",
        actor_role="system",
        action="audit.legacy_events_sealed",
        object_type="audit.auditevent",
        object_id="",
        detail={
            "sealed": sealed,
            "up_to": head[0] if head else 0,
            "head": head[1] if head else GENESIS,
            "left_unsealed": AuditEvent.objects.filter(seal="").count(),
        },
        prev_hash=prev_hash,
        seal="",
    )
    event.hash = _mac(prev_hash.encode(), _v2(event, ""))
    event.save(force_insert=True)


def forward(apps, schema_editor):
    connection = schema_editor.connection
    AuditEvent = apps.get_model("audit", "AuditEvent")
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_GUARD, params=None)
    _unguard(connection, schema_editor)
    if AuditEvent.objects.exists():
        sealed, head = _seal(AuditEvent, connection)
        _record_sealing(AuditEvent, sealed, head)
    if connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
        )
    elif connection.vendor == "sqlite":
        for statement in SQLITE_GUARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    AuditEvent = apps.get_model("audit", "AuditEvent")
    if AuditEvent.objects.filter(seal="").exists():
        raise IrreversibleError(
            "The audit log holds events that commit to their actor: they cannot go back."
        )
    _unguard(connection, schema_editor)
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_OLD_GUARD, params=None)
        schema_editor.execute(
            "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
        )
    # SQLite: the table is rebuilt without the columns next, and 0002's guards made after it.


def append_only_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _initial.SQLITE_BACKWARD + _initial.SQLITE_FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_audit_log_without_cases_index"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, append_only_on_sqlite, elidable=False),
        migrations.AddField(
            model_name="auditevent",
            name="actor_salt",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="actor_digest",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seal",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]

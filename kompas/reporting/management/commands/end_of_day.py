from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompas.lib import clock
from kompas.reporting.endofday import close_days, commit_times_kept


class Command(BaseCommand):
    help = (
        "Daily, after midnight: the held audit events of the days before join the chain in "
        "random order; on PostgreSQL the rows about reports, and the rows their writing "
        "locked, are rewritten, put in random order and vacuumed; the last days' files are "
        "rewritten; so that nothing places a report within its day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if commit_times_kept():
            self.stderr.write(
                "PostgreSQL keeps the moment of every commit (track_commit_timestamp = on): "
                "that places every report in time. Turn it off (postgresql.conf, then restart)."
            )
        closed = close_days(clock.today())
        self.stdout.write(
            f"{closed.events} held event(s) chained, {closed.rows} row(s) and "
            f"{closed.files} file(s) rewritten."
        )
        if closed.not_reordered:
            self.stderr.write(
                f"Rows left in the order they were written: {', '.join(closed.not_reordered)} "
                "(run outside any transaction; a table held by a long request is done next time)."
            )
        if closed.not_vacuumed:
            self.stderr.write(
                "Old row versions not vacuumed (run outside any transaction): they still carry "
                "the transactions that wrote them until the next VACUUM."
            )

from django.db import migrations

from kompas.lib.pg_indexes import covering_index


class Migration(migrations.Migration):
    dependencies = [("registers", "0008_pending_indexes")]

    operations = [
        # The dashboard's year of gifts per month, decision and "offered only"; the signals of a
        # risk analysis (the last twelve months, per member's service).
        covering_index(
            "gift_year_declared",
            "registers_giftdeclaration",
            ["zone_id", "declared_on"],
            ["decision", "offered_only", "person_id"],
        ),
        # The registers per year: gifts given in a year, per member's service.
        covering_index(
            "gift_year_given",
            "registers_giftdeclaration",
            ["zone_id", "given_on"],
            ["person_id", "decision", "offered_only"],
        ),
    ]

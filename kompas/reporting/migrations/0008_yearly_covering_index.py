from django.db import migrations

from kompas.lib.pg_indexes import covering_index


class Migration(migrations.Migration):
    dependencies = [("reporting", "0007_list_indexes")]

    operations = [
        # The dashboard's and the statistics' year of reports: kinds, outcomes and deadlines met.
        covering_index(
            "report_year_received",
            "reporting_report",
            ["zone_id", "received_on"],
            ["kind", "outcome", "parent_id", "acknowledge_by", "acknowledged_on", "feedback_by",
             "feedback_on"],
        ),
    ]

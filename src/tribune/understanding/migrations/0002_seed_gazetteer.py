"""Load the bundled gazetteer (data/organizations.tsv, data/people.tsv) into Topic and Alias.

Calls tribune.understanding.seed.seed_gazetteer, a function kept stable for this migration:
it takes the historical models as arguments and imports none itself. Idempotent; reversing
removes the rows the seed created (origin "gazetteer").
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from tribune.understanding.seed import seed_gazetteer

    seed_gazetteer(
        apps.get_model("understanding", "Topic"), apps.get_model("understanding", "Alias")
    )


def backwards(apps, schema_editor):
    from tribune.understanding.seed import unseed_gazetteer

    unseed_gazetteer(
        apps.get_model("understanding", "Topic"), apps.get_model("understanding", "Alias")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("understanding", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

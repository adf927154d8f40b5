"""Make status and progress agree on existing rows before the CHECK constraints arrive:
"Fullført" (completed) is 100 %, "Ikke startet" (not_started) is 0 %."""

from django.db import migrations

FIXED_PROGRESS = {"completed": 100, "not_started": 0}


def fix_progress(apps, schema_editor):
    for name in ("Measure", "StatusUpdate"):
        model = apps.get_model("measures", name)
        for status, progress in FIXED_PROGRESS.items():
            model.objects.filter(status=status).exclude(progress=progress).update(
                progress=progress
            )


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]

    operations = [migrations.RunPython(fix_progress, migrations.RunPython.noop)]

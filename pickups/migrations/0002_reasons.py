from django.db import migrations

REASONS = [
    "Behovet upphört",
    "Avliden",
    "Byte till annat hjälpmedel",
    "Flyttat",
    "Flyttat till särskilt boende",
    "Hjälpmedlet är trasigt",
]


def add_reasons(apps, schema_editor):
    PickupReason = apps.get_model("pickups", "PickupReason")
    for name in REASONS:
        PickupReason.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("pickups", "0001_initial")]

    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]

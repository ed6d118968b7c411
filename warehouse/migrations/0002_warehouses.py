from django.db import migrations

WAREHOUSES = [
    ("500", "HMV huvudlager"),
    ("402", "NUS Umeå"),
    ("602", "Lycksele lasarett"),
]


def create_warehouses(apps, schema_editor):
    Warehouse = apps.get_model("warehouse", "Warehouse")
    for code, name in WAREHOUSES:
        Warehouse.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("warehouse", "0001_initial")]

    operations = [migrations.RunPython(create_warehouses, migrations.RunPython.noop)]

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_swedish_names'),
        ('aids', '0005_shared_recipient_and_address'),
        ('catalog', '0006_swedish_names'),
        ('orders', '0003_shared_recipient_and_address'),
        ('workorders', '0002_swedish_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The constraint is now RecipientOwned's, named after its model: a
        # rename, so the rows are not checked again.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE workorders_workorder RENAME CONSTRAINT work_order_one_recipient TO workorders_workorder_one_recipient",
                    "ALTER TABLE workorders_workorder RENAME CONSTRAINT workorders_workorder_one_recipient TO work_order_one_recipient",
                )
            ],
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='workorder',
                    name='work_order_one_recipient',
                ),
                migrations.AddConstraint(
                    model_name='workorder',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('care_unit__isnull', True), ('person__isnull', False)), models.Q(('care_unit__isnull', False), ('person__isnull', True)), _connector='OR'), name='workorders_workorder_one_recipient'),
                ),
            ],
        ),
        migrations.AlterModelOptions(
            name='workorder',
            options={'default_related_name': 'work_orders', 'ordering': ['-created_at'], 'verbose_name': 'arbetsorder', 'verbose_name_plural': 'arbetsorder'},
        ),
        migrations.AlterField(
            model_name='workorder',
            name='care_unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='received_%(class)s_set', to='accounts.customer', verbose_name='vårdenhet'),
        ),
        migrations.AlterField(
            model_name='workorder',
            name='city',
            field=models.CharField(blank=True, max_length=100, verbose_name='ort'),
        ),
        migrations.AlterField(
            model_name='workorder',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='aids.person', verbose_name='patient'),
        ),
        migrations.AlterField(
            model_name='workorder',
            name='street',
            field=models.CharField(blank=True, max_length=200, verbose_name='gatuadress'),
        ),
        migrations.AlterField(
            model_name='workorderevent',
            name='city',
            field=models.CharField(blank=True, max_length=100, verbose_name='ort'),
        ),
        migrations.AlterField(
            model_name='workorderevent',
            name='street',
            field=models.CharField(blank=True, max_length=200, verbose_name='gatuadress'),
        ),
    ]

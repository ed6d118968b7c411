import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_swedish_names'),
        ('aids', '0004_swedish_names'),
        ('catalog', '0006_swedish_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The constraint is now RecipientOwned's, named after its model: a
        # rename, so the rows are not checked again.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE aids_holding RENAME CONSTRAINT holding_one_recipient TO aids_holding_one_recipient",
                    "ALTER TABLE aids_holding RENAME CONSTRAINT aids_holding_one_recipient TO holding_one_recipient",
                )
            ],
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='holding',
                    name='holding_one_recipient',
                ),
                migrations.AddConstraint(
                    model_name='holding',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('care_unit__isnull', True), ('person__isnull', False)), models.Q(('care_unit__isnull', False), ('person__isnull', True)), _connector='OR'), name='aids_holding_one_recipient'),
                ),
            ],
        ),
        migrations.AlterModelOptions(
            name='holding',
            options={'default_related_name': 'holdings', 'ordering': ['-ordered_on', '-delivered_on', '-id'], 'verbose_name': 'innehav', 'verbose_name_plural': 'innehav'},
        ),
        migrations.AlterField(
            model_name='holding',
            name='care_unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='received_%(class)s_set', to='accounts.customer', verbose_name='vårdenhet'),
        ),
        migrations.AlterField(
            model_name='holding',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='aids.person', verbose_name='patient'),
        ),
        migrations.AlterField(
            model_name='holdingevent',
            name='person',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='aids.person', verbose_name='patient'),
        ),
    ]

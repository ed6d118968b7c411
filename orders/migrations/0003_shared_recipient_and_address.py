import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_swedish_names'),
        ('aids', '0005_shared_recipient_and_address'),
        ('orders', '0002_swedish_names'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='order',
            options={'default_related_name': 'orders', 'ordering': ['-executed_at', '-created_at'], 'verbose_name': 'kundorder', 'verbose_name_plural': 'kundorder'},
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='order',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='order',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='order',
            name='delete_delete',
        ),
        migrations.RenameField(
            model_name='order',
            old_name='delivery_name',
            new_name='address_name',
        ),
        migrations.RenameField(
            model_name='order',
            old_name='delivery_city',
            new_name='city',
        ),
        migrations.RenameField(
            model_name='order',
            old_name='delivery_postal_code',
            new_name='postal_code',
        ),
        migrations.RenameField(
            model_name='order',
            old_name='delivery_street',
            new_name='street',
        ),
        migrations.RenameField(
            model_name='orderevent',
            old_name='delivery_name',
            new_name='address_name',
        ),
        migrations.RenameField(
            model_name='orderevent',
            old_name='delivery_city',
            new_name='city',
        ),
        migrations.RenameField(
            model_name='orderevent',
            old_name='delivery_postal_code',
            new_name='postal_code',
        ),
        migrations.RenameField(
            model_name='orderevent',
            old_name='delivery_street',
            new_name='street',
        ),
        migrations.AlterField(
            model_name='order',
            name='care_unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='received_%(class)s_set', to='accounts.customer', verbose_name='vårdenhet'),
        ),
        migrations.AlterField(
            model_name='order',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='aids.person', verbose_name='patient'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='order',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "orders_orderevent" ("address_choice", "address_name", "cancelled_at", "cancelled_by_id", "care_unit_id", "city", "contact_person", "created_at", "customer_id", "delivery_phone", "door_code", "executed_at", "id", "instructions", "joint_delivery", "kind", "number", "other_information", "payer_id", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postal_code", "prescriber_id", "recipient_phone", "status", "street", "updated_at", "warehouse_id") VALUES (NEW."address_choice", NEW."address_name", NEW."cancelled_at", NEW."cancelled_by_id", NEW."care_unit_id", NEW."city", NEW."contact_person", NEW."created_at", NEW."customer_id", NEW."delivery_phone", NEW."door_code", NEW."executed_at", NEW."id", NEW."instructions", NEW."joint_delivery", NEW."kind", NEW."number", NEW."other_information", NEW."payer_id", NEW."person_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."postal_code", NEW."prescriber_id", NEW."recipient_phone", NEW."status", NEW."street", NEW."updated_at", NEW."warehouse_id"); RETURN NULL;', hash='2d5347ddbaef6dfd280a570b9a1a93d3d19486da', operation='INSERT', pgid='pgtrigger_insert_insert_eb763', table='orders_order', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='order',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "orders_orderevent" ("address_choice", "address_name", "cancelled_at", "cancelled_by_id", "care_unit_id", "city", "contact_person", "created_at", "customer_id", "delivery_phone", "door_code", "executed_at", "id", "instructions", "joint_delivery", "kind", "number", "other_information", "payer_id", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postal_code", "prescriber_id", "recipient_phone", "status", "street", "updated_at", "warehouse_id") VALUES (NEW."address_choice", NEW."address_name", NEW."cancelled_at", NEW."cancelled_by_id", NEW."care_unit_id", NEW."city", NEW."contact_person", NEW."created_at", NEW."customer_id", NEW."delivery_phone", NEW."door_code", NEW."executed_at", NEW."id", NEW."instructions", NEW."joint_delivery", NEW."kind", NEW."number", NEW."other_information", NEW."payer_id", NEW."person_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."postal_code", NEW."prescriber_id", NEW."recipient_phone", NEW."status", NEW."street", NEW."updated_at", NEW."warehouse_id"); RETURN NULL;', hash='06428c6948934e72a127458be173c5f9eb58f12c', operation='UPDATE', pgid='pgtrigger_update_update_d4b84', table='orders_order', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='order',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "orders_orderevent" ("address_choice", "address_name", "cancelled_at", "cancelled_by_id", "care_unit_id", "city", "contact_person", "created_at", "customer_id", "delivery_phone", "door_code", "executed_at", "id", "instructions", "joint_delivery", "kind", "number", "other_information", "payer_id", "person_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postal_code", "prescriber_id", "recipient_phone", "status", "street", "updated_at", "warehouse_id") VALUES (OLD."address_choice", OLD."address_name", OLD."cancelled_at", OLD."cancelled_by_id", OLD."care_unit_id", OLD."city", OLD."contact_person", OLD."created_at", OLD."customer_id", OLD."delivery_phone", OLD."door_code", OLD."executed_at", OLD."id", OLD."instructions", OLD."joint_delivery", OLD."kind", OLD."number", OLD."other_information", OLD."payer_id", OLD."person_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."postal_code", OLD."prescriber_id", OLD."recipient_phone", OLD."status", OLD."street", OLD."updated_at", OLD."warehouse_id"); RETURN NULL;', hash='48deec0fa54e331d31f1bc7112e1c4ebd94c8f3a', operation='DELETE', pgid='pgtrigger_delete_delete_709b4', table='orders_order', when='AFTER')),
        ),
    ]

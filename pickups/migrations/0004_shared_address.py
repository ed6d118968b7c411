from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pickups', '0003_swedish_names'),
    ]

    operations = [
        migrations.AlterField(
            model_name='pickuporder',
            name='city',
            field=models.CharField(blank=True, max_length=100, verbose_name='ort'),
        ),
        migrations.AlterField(
            model_name='pickuporder',
            name='postal_code',
            field=models.CharField(blank=True, max_length=10, verbose_name='postnummer'),
        ),
        migrations.AlterField(
            model_name='pickuporder',
            name='street',
            field=models.CharField(blank=True, max_length=200, verbose_name='gatuadress'),
        ),
        migrations.AlterField(
            model_name='pickuporderevent',
            name='city',
            field=models.CharField(blank=True, max_length=100, verbose_name='ort'),
        ),
        migrations.AlterField(
            model_name='pickuporderevent',
            name='postal_code',
            field=models.CharField(blank=True, max_length=10, verbose_name='postnummer'),
        ),
        migrations.AlterField(
            model_name='pickuporderevent',
            name='street',
            field=models.CharField(blank=True, max_length=200, verbose_name='gatuadress'),
        ),
    ]

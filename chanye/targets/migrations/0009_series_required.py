import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("targets", "0008_series_fill")]

    operations = [
        migrations.AlterField(
            model_name="observation",
            name="series",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="observations",
                to="targets.series",
                verbose_name="指标序列",
            ),
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.UniqueConstraint(
                fields=("series", "period_end"), name="observation_one_per_period_of_series"
            ),
        ),
    ]

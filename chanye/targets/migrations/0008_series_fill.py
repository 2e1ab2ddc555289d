"""Every target gets the series of its indicator and owner; every observation moves to the series
of the target it was entered through. Where two targets of one series both hold a value for the
same period, the one entered last is kept (the other stays in the history)."""

from django.db import migrations


def key_of(indicator_id, owner_kind, district_id, office_id) -> str:
    return f"{indicator_id}:{owner_kind}:{district_id or '-'}:{office_id or '-'}"


def fill(apps, schema_editor):
    Target = apps.get_model("targets", "Target")
    Series = apps.get_model("targets", "Series")
    Observation = apps.get_model("targets", "Observation")
    for target in Target.objects.all():
        key = key_of(target.indicator_id, target.owner_kind, target.district_id, target.office_id)
        series, _ = Series.objects.get_or_create(
            key=key,
            defaults={"indicator_id": target.indicator_id, "owner_kind": target.owner_kind,
                      "district_id": target.district_id, "office_id": target.office_id},
        )  # fmt: skip
        Target.objects.filter(pk=target.pk).update(series=series)
    kept = {}
    for obs in Observation.objects.select_related("target").order_by("-entered_at", "-pk"):
        series_id = obs.target.series_id
        if (series_id, obs.period_end) in kept:
            obs.delete()
            continue
        kept[(series_id, obs.period_end)] = obs.pk
        Observation.objects.filter(pk=obs.pk).update(series_id=series_id)


class Migration(migrations.Migration):
    dependencies = [("targets", "0007_series")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

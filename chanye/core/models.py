from django.db import models

CONFIDENCE_HIGH = "high"
CONFIDENCE_MEDIUM = "medium"
CONFIDENCE_LOW = "low"
CONFIDENCE_UNVERIFIED = "unverified"
CONFIDENCE_CHOICES = [
    (CONFIDENCE_HIGH, "高"),
    (CONFIDENCE_MEDIUM, "中"),
    (CONFIDENCE_LOW, "低"),
    (CONFIDENCE_UNVERIFIED, "未核实"),
]


class Sourced(models.Model):
    """Provenance every definition entry carries: which documents say so, and how sure we are."""

    confidence = models.CharField(
        "可信度", max_length=12, choices=CONFIDENCE_CHOICES, default=CONFIDENCE_HIGH
    )
    source_ids = models.JSONField("来源", default=list, blank=True)

    class Meta:
        abstract = True

    @property
    def is_unconfirmed(self) -> bool:
        return self.confidence in (CONFIDENCE_LOW, CONFIDENCE_UNVERIFIED)


class DataVersion(models.Model):
    """One counter, bumped (in SQL) by every change of business data: pages cached under it are
    never stale. Bumped by every history row written through the ORM, and explicitly by the bulk
    paths that write history in SQL (definition loads, imports, re-classification)."""

    value = models.PositiveBigIntegerField("版本", default=1)

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"

    def __str__(self):
        return str(self.value)

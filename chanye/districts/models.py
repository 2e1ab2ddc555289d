from django.db import models
from django.urls import reverse

from chanye.core.history import history
from chanye.core.models import Sourced
from chanye.industries.models import Industry
from chanye.systems.models import System


class District(models.Model):
    """A county-level district of the city (区), identified by its GB/T 2260 code."""

    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="districts", verbose_name="体系"
    )
    code = models.CharField("行政区划代码", max_length=6)
    slug = models.CharField("标识", max_length=40)
    name_zh = models.CharField("名称", max_length=40)
    name_en = models.CharField("英文名称", max_length=80, blank=True)
    area_km2 = models.DecimalField("面积（平方公里）", max_digits=9, decimal_places=2, null=True, blank=True)
    area_confidence = models.CharField("面积可信度", max_length=12, blank=True)
    area_source_ids = models.JSONField("面积来源", default=list, blank=True)
    layout_zh = models.TextField("产业布局", blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    # Maintained by the district in the app; the definition file never overwrites them.
    contact_zh = models.CharField("联络人", max_length=100, blank=True)
    work_note_zh = models.TextField("工作备注", blank=True)
    history = history()

    EDITABLE_FIELDS = ("contact_zh", "work_note_zh")

    class Meta:
        verbose_name = "区"
        verbose_name_plural = "区"
        ordering = ["system", "order"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="district_code_unique_in_system"),
            models.UniqueConstraint(fields=["system", "slug"], name="district_slug_unique_in_system"),
        ]

    def __str__(self):
        return self.name_zh

    def get_absolute_url(self):
        return reverse("districts:district_detail", args=[self.system.slug, self.code])


class DistrictPriority(Sourced):
    """An industry a district prioritises in its layout, with the role it gives it (首位突破 …)."""

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="priorities", verbose_name="区"
    )
    industry = models.ForeignKey(
        Industry, on_delete=models.CASCADE, related_name="district_priorities", verbose_name="产业"
    )
    role_zh = models.CharField("定位", max_length=300, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "区重点产业"
        verbose_name_plural = "区重点产业"
        ordering = ["district", "order"]
        constraints = [
            models.UniqueConstraint(fields=["district", "industry"], name="district_priority_unique")
        ]

    def __str__(self):
        return f"{self.district} · {self.industry}"


class DistrictSystem(Sourced):
    """A district's own named system that mirrors the city's (天河 “12126”, 番禺 “2104” …)."""

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="named_systems", verbose_name="区"
    )
    name_zh = models.CharField("名称", max_length=100)
    composition_zh = models.TextField("构成", blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "区产业体系"
        verbose_name_plural = "区产业体系"
        ordering = ["district", "order"]

    def __str__(self):
        return self.name_zh


class DistrictFact(Sourced):
    """A sourced number about a district (GDP, resident population …), for context on its page."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="facts", verbose_name="区")
    key = models.CharField("标识", max_length=40)
    name_zh = models.CharField("名称", max_length=60)
    value = models.DecimalField("数值", max_digits=14, decimal_places=2)
    unit = models.CharField("单位", max_length=20)
    year = models.PositiveIntegerField("年份", null=True, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "区数据"
        verbose_name_plural = "区数据"
        ordering = ["district", "order"]
        constraints = [models.UniqueConstraint(fields=["district", "key"], name="district_fact_key_unique")]

    def __str__(self):
        return f"{self.district} {self.name_zh} {self.value}{self.unit}"

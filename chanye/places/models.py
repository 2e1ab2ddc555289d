"""Parks (and the platforms and areas a system names), carrier supply and land records.

Areas are kept in 亩 and floor space in 万㎡ — the units of the targets they feed; an import may give
another unit (公顷, 平方公里, 平方米 …), converted by chanye.analytics.units on the way in.
"""

from django.db import models
from django.urls import reverse

from chanye.core.history import history

PARK_KINDS = [
    ("benchmark_park", "特色标杆工业园"),
    ("energy_storage_park", "新型储能产业园"),
    ("biomed_value_park", "生物医药价值园"),
    ("biomanufacturing_park", "生物制造产业园"),
    ("village_cluster", "村镇工业集聚区"),
    ("innovation_carrier", "科创载体"),
    ("future_industry_park", "未来产业科技园"),
    ("specialised_park", "专业园区"),
    ("industrial_park", "产业园区"),
    ("platform", "平台"),
    ("area", "片区"),
]
PARK_STATUS = [("planned", "谋划"), ("building", "在建"), ("operating", "运营")]
ORIGINS = [("document", "来源文件"), ("manual", "手工录入"), ("import", "导入"), ("demo", "演示数据")]
CONFIDENCE = [("high", "高"), ("medium", "中"), ("low", "低")]

LAND_USES = [
    ("new_industrial", "新增工业用地"),
    ("reserve", "土地收储"),
    ("renewal", "工改工"),
    ("integration", "产业用地整合"),
    ("village_renovation", "村镇工业集聚区改造"),
]
LAND_STATUS = [
    ("planned", "计划"),
    ("offered", "已推出（挂牌）"),
    ("supplied", "已供应（成交/划拨）"),
    ("done", "已完成"),
]
CARRIER_KINDS = [
    ("innovation", "科创载体"),
    ("factory", "高标准工业厂房"),
    ("industrial", "产业载体"),
    ("renovated_space", "改造产业空间"),
]
CARRIER_WORKS = [("new", "新建"), ("upgrade", "升级改造")]


class Park(models.Model):
    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="parks", verbose_name="体系"
    )
    key = models.SlugField("标识", max_length=80)
    name_zh = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=30, choices=PARK_KINDS)
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parks",
        verbose_name="所在区",
    )
    industries = models.ManyToManyField(
        "industries.Industry", blank=True, related_name="parks", verbose_name="主导产业"
    )
    status = models.CharField("状态", max_length=12, choices=PARK_STATUS, default="planned")
    since = models.DateField("开工或认定日期", null=True, blank=True, help_text="按此日期计入园区数量目标")
    land_mu = models.DecimalField("用地面积（亩）", max_digits=12, decimal_places=2, null=True, blank=True)
    floor_area = models.DecimalField(
        "建筑面积（万㎡）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    operator = models.CharField("运营主体", max_length=120, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    origin = models.CharField("数据来源", max_length=10, choices=ORIGINS, default="manual")
    source_key = models.CharField("来源", max_length=20, blank=True)
    source_quote = models.CharField("原文", max_length=300, blank=True)
    confidence = models.CharField("可信度", max_length=6, choices=CONFIDENCE, default="high")
    history = history()

    class Meta:
        verbose_name = "园区"
        verbose_name_plural = "园区"
        ordering = ["system", "district__order", "name_zh"]
        constraints = [models.UniqueConstraint(fields=["system", "key"], name="park_key_unique")]

    def __str__(self):
        return self.name_zh

    def get_absolute_url(self):
        return reverse("places:park_detail", args=[self.system.slug, self.key])

    @property
    def demo(self) -> bool:
        return self.origin == "demo"


class LandRecord(models.Model):
    """One parcel's event: supplied as new industrial land, taken into the reserve, renewed …"""

    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="land_records", verbose_name="体系"
    )
    parcel = models.CharField("地块编号", max_length=60)
    name = models.CharField("地块名称", max_length=200, blank=True)
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="land_records", verbose_name="所在区"
    )
    park = models.ForeignKey(
        Park,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="land_records",
        verbose_name="所在园区",
    )
    use = models.CharField("类别", max_length=20, choices=LAND_USES)
    area_mu = models.DecimalField("面积（亩）", max_digits=12, decimal_places=2)
    status = models.CharField("状态", max_length=10, choices=LAND_STATUS)
    on = models.DateField("日期", help_text="推出、供应、收储或完成的日期")
    note = models.CharField("备注", max_length=300, blank=True)
    origin = models.CharField("数据来源", max_length=10, choices=ORIGINS, default="manual")
    import_file = models.CharField("导入文件", max_length=255, blank=True)
    import_row = models.PositiveIntegerField("导入行号", null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = "用地记录"
        verbose_name_plural = "用地记录"
        ordering = ["system", "-on", "parcel"]
        constraints = [
            models.UniqueConstraint(fields=["system", "parcel", "use"], name="land_parcel_use_unique")
        ]
        indexes = [models.Index(fields=["system", "use", "on"], name="land_use_on")]

    def __str__(self):
        return f"{self.parcel} {self.get_use_display()}"


class CarrierRecord(models.Model):
    """New or upgraded floor space (产业载体) by project; counted when started and when completed."""

    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="carrier_records", verbose_name="体系"
    )
    code = models.CharField("载体编号", max_length=60)
    name = models.CharField("载体名称", max_length=200)
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="carrier_records", verbose_name="所在区"
    )
    park = models.ForeignKey(
        Park,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carrier_records",
        verbose_name="所在园区",
    )
    kind = models.CharField("类型", max_length=20, choices=CARRIER_KINDS)
    work = models.CharField("建设方式", max_length=10, choices=CARRIER_WORKS, default="new")
    floor_area = models.DecimalField("建筑面积（万㎡）", max_digits=12, decimal_places=2)
    started_on = models.DateField("开工日期", null=True, blank=True)
    completed_on = models.DateField("建成日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    origin = models.CharField("数据来源", max_length=10, choices=ORIGINS, default="manual")
    import_file = models.CharField("导入文件", max_length=255, blank=True)
    import_row = models.PositiveIntegerField("导入行号", null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = "载体记录"
        verbose_name_plural = "载体记录"
        ordering = ["system", "code"]
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="carrier_code_unique")]

    def __str__(self):
        return self.name

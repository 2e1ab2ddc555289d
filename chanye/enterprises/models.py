"""Enterprises (一企一档): the registry, periodic figures, placement in chains, and imports."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from chanye.core.history import history

ORIGIN_CHOICES = [("manual", "手工录入"), ("import", "导入"), ("document", "来源文件"), ("demo", "演示数据")]

# (field, label) of the tag flags, in display order. Booleans: counted and filtered in SQL at scale.
TAGS = [
    ("is_chain_leader", "链主"),
    ("is_srdi", "专精特新"),
    ("is_little_giant", "专精特新“小巨人”"),
    ("is_high_tech", "高新技术企业"),
    ("is_listed", "上市"),
    ("is_fortune500", "世界500强"),
    ("is_key", "重点企业"),
]


class ImportBatch(models.Model):
    """One enterprise import (or dry run): who, which file, progress, and what it changed."""

    STATUS_CHOICES = [
        ("queued", "排队中"),
        ("running", "进行中"),
        ("done", "完成"),
        ("failed", "有错误，未写入"),
        ("error", "出错"),
    ]

    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="+", verbose_name="体系"
    )
    file_name = models.CharField("文件", max_length=255)
    sha256 = models.CharField("文件摘要", max_length=64, blank=True)
    stored_path = models.CharField("暂存路径", max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="导入人"
    )
    dry_run = models.BooleanField("试导入", default=False)
    status = models.CharField("状态", max_length=10, choices=STATUS_CHOICES, default="queued")
    stage = models.CharField("阶段", max_length=40, blank=True)
    rows_total = models.PositiveIntegerField("行数", default=0)
    rows_done = models.PositiveIntegerField("已处理", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("无变化", default=0)
    figures = models.PositiveIntegerField("经营数据行", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    started_at = models.DateTimeField("开始", auto_now_add=True)
    finished_at = models.DateTimeField("结束", null=True, blank=True)
    seconds = models.FloatField("耗时（秒）", null=True, blank=True)

    class Meta:
        verbose_name = "企业导入"
        verbose_name_plural = "企业导入"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        return (
            100
            if self.status in ("done", "failed")
            else int(self.rows_done * 100 / self.rows_total)
            if self.rows_total
            else 0
        )


class Enterprise(models.Model):
    """One firm of the city, identified by its 统一社会信用代码 within a system."""

    # Each index costs every one of a million inserts: foreign keys covered by a composite index,
    # or never filtered on by themselves, are declared without their own (db_index=False).
    # The high-volume tables (firms, placements, figures) keep their foreign keys in Django only
    # (db_constraint=False): PostgreSQL checks a declared key with one lookup per row at commit,
    # ~15 s per 200,000 imported firms (measured), while the importer writes only ids it has just
    # read from the database. Django still applies on_delete; selectors.orphan_counts() checks.
    system = models.ForeignKey(
        "systems.System",
        on_delete=models.CASCADE,
        db_index=False,
        db_constraint=False,
        related_name="enterprises",
        verbose_name="体系",
    )
    # Null only for firms named in a source whose code is not known yet (shown as 待确认).
    uscc = models.CharField("统一社会信用代码", max_length=18, null=True, blank=True)
    name = models.CharField("企业名称", max_length=200)
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="enterprises",
        verbose_name="所在区",
    )
    industry_code = models.CharField(
        "国民经济行业代码", max_length=4, blank=True, help_text="GB/T 4754-2017 小类，4 位"
    )
    business_scope = models.TextField("经营范围", blank=True)
    main_products = models.CharField("主要产品", max_length=500, blank=True)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    # Null when no source has said (e.g. a firm named in an article): shown as 未知, never as 规下.
    # An import states it for every row (a blank cell there means 否, as the template says).
    above_scale = models.BooleanField("规上企业", null=True, blank=True, default=None)
    is_chain_leader = models.BooleanField("链主", default=False)
    is_srdi = models.BooleanField("专精特新", default=False)
    is_little_giant = models.BooleanField("专精特新“小巨人”", default=False)
    is_high_tech = models.BooleanField("高新技术企业", default=False)
    is_listed = models.BooleanField("上市", default=False)
    is_fortune500 = models.BooleanField("世界500强", default=False)
    is_key = models.BooleanField("重点企业", default=False)
    # Placement in the system (chanye.analytics.classify); `industry_slugs` is "a|b", best first.
    industry_slugs = models.CharField("所属产业", max_length=300, blank=True)
    segment = models.ForeignKey(
        "industries.ChainSegment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
        verbose_name="产业链环节",
    )
    class_confidence = models.FloatField("归类置信度", null=True, blank=True)
    class_evidence = models.TextField("归类依据", blank=True)
    class_version = models.CharField("对照表版本", max_length=40, blank=True)
    needs_review = models.BooleanField("待复核", default=False)
    # A person's decision outranks the rules until they clear it; re-classification keeps it.
    override_slugs = models.CharField("人工归类", max_length=300, blank=True)
    override_segment = models.ForeignKey(
        "industries.ChainSegment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
        verbose_name="人工环节",
    )
    override_reason = models.CharField("人工归类理由", max_length=300, blank=True)
    origin = models.CharField("数据来源", max_length=10, choices=ORIGIN_CHOICES, default="manual")
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
        verbose_name="导入批次",
    )
    import_row = models.PositiveIntegerField("导入行号", null=True, blank=True)
    # The park the firm is in (园区企业, 亩均 by park); indexed for the park page.
    park = models.ForeignKey(
        "places.Park",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="firms",
        verbose_name="所在园区",
    )
    # For firms named in a source document: the source id and the words that name them.
    source_key = models.CharField("来源", max_length=20, blank=True)
    source_quote = models.CharField("原文", max_length=300, blank=True)
    history = history(
        no_db_index=["system", "district", "segment", "override_segment", "import_batch", "uscc", "park"],
        user_db_constraint=False,
    )

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["system", "name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "uscc"], name="enterprise_uscc_unique_in_system")
        ]
        indexes = [
            models.Index(fields=["system", "district"], name="enterprise_system_district"),
            models.Index(fields=["system", "needs_review"], name="enterprise_system_review"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises:enterprise_detail", args=[self.system.slug, self.pk])

    @property
    def demo(self) -> bool:
        return self.origin == "demo"

    @property
    def tags(self) -> list[str]:
        return [label for name, label in TAGS if getattr(self, name)]


class EnterpriseIndustry(models.Model):
    """An enterprise's placement in one industry (several allowed); derived from the classification."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        db_index=False,
        db_constraint=False,
        related_name="placements",
        verbose_name="企业",
    )
    industry = models.ForeignKey(
        "industries.Industry",
        on_delete=models.CASCADE,
        db_index=False,
        db_constraint=False,
        related_name="placements",
        verbose_name="产业",
    )
    segment = models.ForeignKey(
        "industries.ChainSegment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="placements",
        verbose_name="环节",
    )
    rank = models.PositiveSmallIntegerField("次序", default=0)  # 0 = the firm's main industry

    class Meta:
        verbose_name = "企业所属产业"
        verbose_name_plural = "企业所属产业"
        constraints = [models.UniqueConstraint(fields=["enterprise", "industry"], name="placement_unique")]
        indexes = [models.Index(fields=["industry", "segment"], name="placement_industry_segment")]

    def __str__(self):
        return f"{self.enterprise_id} → {self.industry_id}"


class EnterpriseFigure(models.Model):
    """Periodic figures of a firm: a year (quarter 0) or one quarter. Money in 万元."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        db_index=False,
        db_constraint=False,
        related_name="figures",
        verbose_name="企业",
    )
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", default=0, help_text="0 表示全年")
    output_value = models.DecimalField(
        "工业总产值（万元）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    revenue = models.DecimalField("营业收入（万元）", max_digits=16, decimal_places=2, null=True, blank=True)
    tax = models.DecimalField("税收（万元）", max_digits=16, decimal_places=2, null=True, blank=True)
    rd_spend = models.DecimalField("研发投入（万元）", max_digits=16, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField("从业人员（人）", null=True, blank=True)
    land_mu = models.DecimalField("用地面积（亩）", max_digits=12, decimal_places=2, null=True, blank=True)
    energy_tce = models.DecimalField(
        "综合能耗（吨标准煤）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    origin = models.CharField("数据来源", max_length=10, choices=ORIGIN_CHOICES, default="manual")
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
        verbose_name="导入批次",
    )
    import_row = models.PositiveIntegerField("导入行号", null=True, blank=True)
    history = history(no_db_index=["enterprise", "import_batch"], user_db_constraint=False)

    class Meta:
        verbose_name = "企业经营数据"
        verbose_name_plural = "企业经营数据"
        ordering = ["enterprise", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "quarter"], name="figure_unique_period")
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.year}{'' if not self.quarter else f'Q{self.quarter}'}"


class EnterpriseRollup(models.Model):
    """Pre-aggregated figures per (industry, segment, district): pages read these, never 1M rows.

    Rebuilt after every import and classification run (chanye.enterprises.rollups). `level` says
    which keys are set; in the segment levels a null segment means 未定环节. `year` is the figures' year.
    """

    LEVELS = ["segment_district", "segment", "industry_district", "industry", "district", "all"]

    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="+", verbose_name="体系"
    )
    level = models.CharField("汇总层级", max_length=20)
    industry = models.ForeignKey("industries.Industry", on_delete=models.CASCADE, null=True, related_name="+")
    segment = models.ForeignKey(
        "industries.ChainSegment", on_delete=models.CASCADE, null=True, related_name="+"
    )
    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, null=True, related_name="+")
    year = models.PositiveSmallIntegerField("年度", null=True)
    firms = models.PositiveIntegerField("企业数", default=0)
    above_scale = models.PositiveIntegerField("规上企业数", default=0)
    chain_leaders = models.PositiveIntegerField("链主企业数", default=0)
    srdi = models.PositiveIntegerField("专精特新企业数", default=0)
    little_giants = models.PositiveIntegerField("小巨人企业数", default=0)
    high_tech = models.PositiveIntegerField("高新技术企业数", default=0)
    listed = models.PositiveIntegerField("上市企业数", default=0)
    key_firms = models.PositiveIntegerField("重点企业数", default=0)
    demo_firms = models.PositiveIntegerField("演示企业数", default=0)
    output_value = models.DecimalField("工业总产值（万元）", max_digits=20, decimal_places=2, default=0)
    revenue = models.DecimalField("营业收入（万元）", max_digits=20, decimal_places=2, default=0)
    tax = models.DecimalField("税收（万元）", max_digits=20, decimal_places=2, default=0)
    rd_spend = models.DecimalField("研发投入（万元）", max_digits=20, decimal_places=2, default=0)
    employees = models.PositiveBigIntegerField("从业人员", default=0)

    class Meta:
        verbose_name = "企业汇总"
        verbose_name_plural = "企业汇总"
        indexes = [models.Index(fields=["system", "level", "industry"], name="rollup_lookup")]

    def __str__(self):
        return f"{self.industry_id}/{self.segment_id}/{self.district_id}: {self.firms}"

"""Projects (重点、技改、招商引资、园区载体建设 …) with their stages and investment by period."""

from django.db import models
from django.urls import reverse

from chanye.analytics import projects as pj
from chanye.core.history import history

PROJECT_KINDS = [
    ("key", "重点项目"),
    ("tech_upgrade", "技改项目"),
    ("investment", "招商引资项目"),
    ("park_construction", "园区/载体建设"),
    ("village_renovation", "村镇工业集聚区改造"),
    ("industrial_renewal", "工改工"),
    ("urban_village", "城中村改造"),
]
ORIGINS = [("document", "来源文件"), ("manual", "手工录入"), ("import", "导入"), ("demo", "演示数据")]
STAGE_FIELDS = {
    "signed": "signed_on",
    "land": "land_on",
    "started": "started_on",
    "operating": "operating_on",
    "full": "full_on",
}


class Project(models.Model):
    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="projects", verbose_name="体系"
    )
    code = models.CharField("项目编号", max_length=60)
    name = models.CharField("项目名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=PROJECT_KINDS)
    industry = models.ForeignKey(
        "industries.Industry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="产业",
    )
    segment = models.ForeignKey(
        "industries.ChainSegment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="产业链环节",
    )
    # The registry can hold a million firms: the key is kept by Django (see enterprises.models).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="projects",
        verbose_name="企业",
    )
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="projects", verbose_name="所在区"
    )
    park = models.ForeignKey(
        "places.Park",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="所在园区",
    )
    office = models.ForeignKey(
        "industries.Office",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="产业办",
    )
    leader = models.CharField("服务市领导", max_length=60, blank=True)
    planned_investment = models.DecimalField(
        "计划总投资（万元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    signed_on = models.DateField("签约日期", null=True, blank=True)
    land_on = models.DateField("供地日期", null=True, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    operating_on = models.DateField("投产日期", null=True, blank=True)
    full_on = models.DateField("达产日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    origin = models.CharField("数据来源", max_length=10, choices=ORIGINS, default="manual")
    source_key = models.CharField("来源", max_length=20, blank=True)
    source_quote = models.CharField("原文", max_length=300, blank=True)
    import_file = models.CharField("导入文件", max_length=255, blank=True)
    import_row = models.PositiveIntegerField("导入行号", null=True, blank=True)
    history = history(no_db_index=["enterprise"])

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["system", "code"]
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="project_code_unique")]
        indexes = [models.Index(fields=["system", "kind"], name="project_system_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.system.slug, self.pk])

    @property
    def dates(self) -> dict:
        return {stage: getattr(self, f) for stage, f in STAGE_FIELDS.items()}

    @property
    def stage(self) -> str | None:
        return pj.stage_of(self.dates)

    @property
    def stage_label(self) -> str:
        return pj.STAGE_LABELS.get(self.stage, "阶段未登记")

    @property
    def phase(self) -> str:
        return pj.PHASES.get(self.stage, "—")

    @property
    def demo(self) -> bool:
        return self.origin == "demo"


class ProjectInvestment(models.Model):
    """Planned and completed investment of a project in one month (万元)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="investments", verbose_name="项目"
    )
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    planned = models.DecimalField("计划投资（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    completed = models.DecimalField(
        "完成投资（万元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    origin = models.CharField("数据来源", max_length=10, choices=ORIGINS, default="manual")
    import_file = models.CharField("导入文件", max_length=255, blank=True)
    import_row = models.PositiveIntegerField("导入行号", null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = "项目投资"
        verbose_name_plural = "项目投资"
        ordering = ["project", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="project_investment_period")
        ]

    def __str__(self):
        return f"{self.project_id} {self.year}-{self.month:02d}"


class StallRule(models.Model):
    """A system's own allowance (days) for one stalled-project rule; absent = the default."""

    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="stall_rules", verbose_name="体系"
    )
    rule = models.CharField("规则", max_length=30, choices=[(k, v[2]) for k, v in pj.STALL_RULES.items()])
    days = models.PositiveIntegerField("允许天数")
    history = history()

    class Meta:
        verbose_name = "停滞项目规则"
        verbose_name_plural = "停滞项目规则"
        constraints = [models.UniqueConstraint(fields=["system", "rule"], name="stall_rule_unique")]

    def __str__(self):
        return f"{self.get_rule_display()} {self.days} 天"

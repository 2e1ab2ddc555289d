"""The three lists of every industry: 招商清单 (Lead), 科技转化清单 (Transfer), 增资扩产清单 (Expansion).

Each item belongs to an industry (and, when known, a chain segment, an office and a district), moves
through its list's stages, may stop (终止) with a reason, and carries its owner's next action.
"""

from django.db import models
from django.urls import reverse

from chanye.analytics import lists as pl
from chanye.core.history import history

ORIGINS = [("manual", "手工录入"), ("import", "导入"), ("demo", "演示数据")]


class PipelineItem(models.Model):
    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="+", verbose_name="体系"
    )
    code = models.CharField("编号", max_length=60)
    industry = models.ForeignKey(
        "industries.Industry", on_delete=models.PROTECT, related_name="+", verbose_name="产业"
    )
    segment = models.ForeignKey(
        "industries.ChainSegment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="产业链环节",
    )
    office = models.ForeignKey(
        "industries.Office",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="产业办",
    )
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="落地区",
    )
    owner = models.CharField("负责人", max_length=60, blank=True)
    next_action = models.CharField("下一步工作", max_length=200, blank=True)
    next_action_on = models.DateField("下一步日期", null=True, blank=True)
    lost = models.BooleanField("已终止", default=False)
    reason = models.CharField("成败原因", max_length=300, blank=True)
    stage_on = models.DateField("进入当前阶段日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    origin = models.CharField("数据来源", max_length=10, choices=ORIGINS, default="manual")
    import_file = models.CharField("导入文件", max_length=255, blank=True)
    import_row = models.PositiveIntegerField("导入行号", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    STAGES: tuple = ()

    class Meta:
        abstract = True
        ordering = ["system", "code"]

    @property
    def is_open(self) -> bool:
        return pl.is_open(self.stage, self.lost, self.STAGES)

    @property
    def demo(self) -> bool:
        return self.origin == "demo"


class Lead(PipelineItem):
    STAGES = pl.LEAD_STAGES
    stage = models.CharField("阶段", max_length=12, choices=pl.LEAD_STAGES, default="lead")
    firm_name = models.CharField("目标企业", max_length=200)
    inside_city = models.BooleanField("市内企业", default=False)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name="企业登记",
    )
    lead_source = models.CharField(
        "线索来源", max_length=60, blank=True, help_text="以商招商、展会、中介、基金、主动接洽……"
    )
    expected_investment = models.DecimalField(
        "预计投资（万元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead",
        verbose_name="转成的项目",
    )
    history = history(no_db_index=["enterprise"])

    class Meta(PipelineItem.Meta):
        verbose_name = "招商清单条目"
        verbose_name_plural = "招商清单"
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="lead_code_unique")]

    def __str__(self):
        return self.firm_name

    def get_absolute_url(self):
        return reverse("lists:lead_detail", args=[self.system.slug, self.pk])


class Transfer(PipelineItem):
    STAGES = pl.TRANSFER_STAGES
    stage = models.CharField("阶段", max_length=12, choices=pl.TRANSFER_STAGES, default="registered")
    title = models.CharField("成果或专利", max_length=200)
    patent_no = models.CharField("专利号", max_length=60, blank=True)
    holder = models.CharField("持有单位", max_length=120)
    receiver = models.CharField("承接企业", max_length=200, blank=True)
    value = models.DecimalField("交易额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    history = history()

    class Meta(PipelineItem.Meta):
        verbose_name = "科技转化清单条目"
        verbose_name_plural = "科技转化清单"
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="transfer_code_unique")]

    def __str__(self):
        return self.title


class Expansion(PipelineItem):
    STAGES = pl.EXPANSION_STAGES
    stage = models.CharField("阶段", max_length=12, choices=pl.EXPANSION_STAGES, default="intent")
    firm_name = models.CharField("企业", max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name="企业登记",
    )
    planned_capital = models.DecimalField(
        "计划增资（万元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    capacity = models.CharField("新增产能", max_length=120, blank=True)
    history = history(no_db_index=["enterprise"])

    class Meta(PipelineItem.Meta):
        verbose_name = "增资扩产清单条目"
        verbose_name_plural = "增资扩产清单"
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="expansion_code_unique")]

    def __str__(self):
        return self.firm_name

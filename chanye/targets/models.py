import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from chanye.core.history import history
from chanye.core.models import CONFIDENCE_CHOICES

OWNER_CITY = "city"
OWNER_DISTRICT = "district"
OWNER_BODY = "body"
OWNER_OFFICE = "office"
OWNER_CHOICES = [(OWNER_CITY, "全市"), (OWNER_DISTRICT, "区"), (OWNER_BODY, "部门"), (OWNER_OFFICE, "产业办")]


class Indicator(models.Model):
    """A measurable quantity (规上工业总产值, 新增工业用地面积 …) in one canonical unit."""

    DIRECTION_CHOICES = [("increase", "越高越好"), ("decrease", "越低越好")]
    AGGREGATION_CHOICES = [("sum", "期内求和"), ("latest", "取最新"), ("mean", "取平均"), ("count", "计数")]

    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="indicators", verbose_name="体系"
    )
    code = models.CharField("代码", max_length=80)
    name_zh = models.CharField("名称", max_length=120)
    name_en = models.CharField("英文名称", max_length=200, blank=True)
    unit = models.CharField("单位", max_length=20)
    direction = models.CharField("方向", max_length=10, choices=DIRECTION_CHOICES, default="increase")
    aggregation = models.CharField("汇总方式", max_length=10, choices=AGGREGATION_CHOICES, default="latest")
    additive = models.BooleanField("可相加", default=True)
    history = history()

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["system", "code"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="indicator_code_unique_in_system")
        ]

    def __str__(self):
        return self.name_zh


class Series(models.Model):
    """What is measured where: one indicator for one owner (全市, a district, an office). The
    actual values belong here, not to a target: every target on the same indicator and owner (a
    2025 step and a 2030 goal, say) reads the same series, so a value entered once shows on all."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="series", verbose_name="指标"
    )
    owner_kind = models.CharField("责任主体类型", max_length=10, choices=OWNER_CHOICES)
    district = models.ForeignKey(
        "districts.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="区",
    )
    office = models.ForeignKey(
        "industries.Office",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="产业办",
    )
    # indicator:owner_kind:district:office, unique: NULLs are never equal in a unique constraint.
    key = models.CharField("键", max_length=80, unique=True)

    class Meta:
        verbose_name = "指标序列"
        verbose_name_plural = "指标序列"

    def __str__(self):
        return f"{self.indicator.name_zh}（{self.key}）"

    @staticmethod
    def key_of(indicator_id: int, owner_kind: str, district_id, office_id) -> str:
        return f"{indicator_id}:{owner_kind}:{district_id or '-'}:{office_id or '-'}"


class Target(models.Model):
    """A numeric commitment (目标) as stated in its source: value, unit, comparison and quote as written.

    `value_std` and `baseline_value` are in the indicator's unit; the status comes from the
    trajectory engine (chanye.analytics.trajectory) unless a reasoned override is in force.
    """

    KIND_CHOICES = [
        ("level", "水平值"),
        ("count", "个数"),
        ("growth_rate", "增速"),
        ("annual_increment", "逐年递增"),
        ("cumulative", "多年累计"),
        ("long_range", "远期目标"),
    ]
    COMPARISON_CHOICES = [(">=", "≥"), (">", ">"), ("<=", "≤"), ("<", "<"), ("=", "=")]
    TRAJECTORY_CHOICES = [
        ("linear", "线性"),
        ("compound", "复合增长"),
        ("milestone", "分段"),
        ("annual_increment", "逐年递增"),
        ("custom", "自定义"),
        ("none", "无"),
    ]
    STATUS_CHOICES = [(s, s) for s in ("已达成", "正常", "关注", "滞后", "未达成", "无数据")]

    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="targets", verbose_name="体系"
    )
    code = models.CharField("代码", max_length=80)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name="指标"
    )
    # Set from indicator and owner whenever the target is saved (services.attach_series).
    series = models.ForeignKey(
        Series,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name="指标序列",
    )
    owner_kind = models.CharField("责任主体类型", max_length=10, choices=OWNER_CHOICES)
    district = models.ForeignKey(
        "districts.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name="区",
    )
    office = models.ForeignKey(
        "industries.Office",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name="产业办",
    )
    owner_body_zh = models.CharField("承诺主体", max_length=120, blank=True)
    industries = models.ManyToManyField(
        "industries.Industry", blank=True, related_name="targets", verbose_name="相关产业"
    )
    measures = models.ManyToManyField(
        "systems.Element", blank=True, related_name="targets", verbose_name="相关举措"
    )
    kind = models.CharField("目标类型", max_length=20, choices=KIND_CHOICES)
    comparison = models.CharField("比较", max_length=2, choices=COMPARISON_CHOICES)
    value = models.DecimalField("目标值（原文）", max_digits=20, decimal_places=6)
    unit = models.CharField("单位（原文）", max_length=20)
    value_std = models.DecimalField("目标值（指标单位）", max_digits=24, decimal_places=6)
    qualifier_zh = models.CharField("限定词", max_length=20, blank=True)
    approximate = models.BooleanField("约数", default=False)
    tolerance_pct = models.DecimalField("容差（%）", max_digits=6, decimal_places=2, default=0)
    baseline_value = models.DecimalField(
        "基数（指标单位）", max_digits=24, decimal_places=6, null=True, blank=True
    )
    baseline_date = models.DateField("基数日期", null=True, blank=True)
    period_start = models.DateField("起始日期", null=True, blank=True)
    deadline = models.DateField("期限", null=True, blank=True)
    deadline_confirmed = models.BooleanField("期限已确认", default=True)
    trajectory = models.CharField("轨迹", max_length=20, choices=TRAJECTORY_CHOICES, default="linear")
    trajectory_points = models.JSONField("轨迹节点", default=list, blank=True)
    increment = models.DecimalField("每年增量", max_digits=20, decimal_places=6, null=True, blank=True)
    growth_rate_pct = models.DecimalField(
        "增速目标（%）", max_digits=10, decimal_places=4, null=True, blank=True
    )
    quote = models.TextField("原文")
    source_key = models.CharField("来源", max_length=20)
    confidence = models.CharField("可信度", max_length=12, choices=CONFIDENCE_CHOICES, default="high")
    note = models.TextField("说明", blank=True)
    computation = models.CharField("计算规则", max_length=80, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    # A person's judgement may override the computed status, with a reason, until new actuals arrive.
    status_override = models.CharField("人工状态", max_length=6, choices=STATUS_CHOICES, blank=True)
    override_reason = models.TextField("人工状态理由", blank=True)
    override_at = models.DateTimeField("人工状态时间", null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = "目标"
        verbose_name_plural = "目标"
        ordering = ["system", "order"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="target_code_unique_in_system")
        ]

    def __str__(self):
        return f"{self.indicator.name_zh} {self.goal_text}"

    def get_absolute_url(self):
        return reverse("targets:target_detail", args=[self.system.slug, self.code])

    @property
    def goal_text(self) -> str:
        """The goal as every surface writes it: "≥ 20%", "> 10 平方公里（约 15,000 亩）", "1,000 个"."""
        from chanye.analytics.display import goal

        return goal(self.comparison, self.value, self.unit)

    @property
    def computation_label(self) -> str:
        """What the actuals are computed from, in words (the rule's code stays in the admin)."""
        from .computations import REGISTRY

        computation = REGISTRY.get(self.computation)
        return computation.label_zh if computation else ""

    @property
    def goal_text_std(self) -> str:
        """The goal in the indicator's unit (what district targets are summed in): "≥ 3,000 亩"."""
        from chanye.analytics.display import goal

        return goal(self.comparison, self.value_std, self.indicator.unit)

    @property
    def observations(self):
        """The actual values this target reads: its series' (prefetch "series__observations")."""
        if self.series_id is None:
            return Observation.objects.none()
        return self.series.observations.all()

    @property
    def owner_label(self) -> str:
        if self.owner_kind == OWNER_DISTRICT and self.district_id:
            return self.district.name_zh
        if self.owner_kind == OWNER_OFFICE and self.office_id:
            return self.office.name_zh
        if self.owner_kind == OWNER_CITY:
            return "全市"
        return self.owner_body_zh


class Observation(models.Model):
    """An actual value of a target for one period, with where it came from."""

    PERIOD_CHOICES = [("month", "月"), ("quarter", "季"), ("year", "年")]
    SOURCE_CHOICES = [("manual", "手工填报"), ("import", "导入"), ("computed", "计算"), ("demo", "演示数据")]

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="observations", verbose_name="指标序列"
    )
    # The target the value was entered through (its page, its template row): provenance only.
    target = models.ForeignKey(
        Target,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entered_observations",
        verbose_name="填报目标",
    )
    period_kind = models.CharField("周期", max_length=8, choices=PERIOD_CHOICES, default="month")
    period_end = models.DateField("截至日期")
    value = models.DecimalField("实际值（指标单位）", max_digits=24, decimal_places=6)
    base_value = models.DecimalField("上年同期值", max_digits=24, decimal_places=6, null=True, blank=True)
    value_as_entered = models.DecimalField("填报值", max_digits=24, decimal_places=6)
    unit_as_entered = models.CharField("填报单位", max_length=20)
    # Not "source": every history table already has a `source` column (where the change came from).
    origin = models.CharField("数据来源", max_length=10, choices=SOURCE_CHOICES, default="manual")
    # A computed actual whose records include 演示数据 is itself demo data, and is labelled so.
    demo_inputs = models.BooleanField("计算所用记录含演示数据", default=False)
    file_name = models.CharField("导入文件", max_length=255, blank=True)
    row_number = models.PositiveIntegerField("行号", null=True, blank=True)
    computation = models.CharField("计算规则", max_length=80, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="填报人",
    )
    entered_at = models.DateTimeField("填报时间", auto_now=True)
    note = models.TextField("备注", blank=True)
    history = history()

    class Meta:
        verbose_name = "实际值"
        verbose_name_plural = "实际值"
        ordering = ["series", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "period_end"], name="observation_one_per_period_of_series"
            )
        ]

    def __str__(self):
        return f"{self.series.indicator.name_zh} {self.period_end} = {self.value.normalize():f}"


class Milestone(models.Model):
    """A dated commitment without a number (节点任务), done or not, with evidence."""

    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="milestones", verbose_name="体系"
    )
    code = models.CharField("代码", max_length=80)
    owner_kind = models.CharField("责任主体类型", max_length=10, choices=OWNER_CHOICES)
    district = models.ForeignKey(
        "districts.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name="区",
    )
    office = models.ForeignKey(
        "industries.Office",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name="产业办",
    )
    owner_body_zh = models.CharField("承诺主体", max_length=120, blank=True)
    name_zh = models.CharField("名称", max_length=200)
    due_date = models.DateField("期限", null=True, blank=True)
    due_note = models.CharField("期限说明", max_length=100, blank=True)
    industries = models.ManyToManyField(
        "industries.Industry", blank=True, related_name="milestones", verbose_name="相关产业"
    )
    quote = models.TextField("原文")
    source_key = models.CharField("来源", max_length=20)
    confidence = models.CharField("可信度", max_length=12, choices=CONFIDENCE_CHOICES, default="high")
    done = models.BooleanField("已完成", default=False)
    done_date = models.DateField("完成日期", null=True, blank=True)
    evidence = models.CharField("佐证", max_length=500, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "节点任务"
        verbose_name_plural = "节点任务"
        ordering = ["system", "order"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="milestone_code_unique_in_system")
        ]

    def __str__(self):
        return self.name_zh


class TargetSnapshot(models.Model):
    """The evaluation of a target on a date, kept so the board reads rows instead of recomputing.

    Derived data (no history): dropped whenever the target or its observations change, and
    rebuilt on the next read; a snapshot of another day is stale and rebuilt too.
    """

    target = models.OneToOneField(
        Target, on_delete=models.CASCADE, primary_key=True, related_name="snapshot", verbose_name="目标"
    )
    # Copied from the target so the board counts and sorts without a join.
    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="+", verbose_name="体系"
    )
    order = models.PositiveIntegerField("顺序", default=0)
    evaluated_on = models.DateField("评估日")
    status = models.CharField("状态", max_length=6)
    severity = models.PositiveSmallIntegerField("严重程度")  # for sorting worst first
    overridden = models.BooleanField("人工", default=False)
    demo = models.BooleanField("含演示数据", default=False)
    actual = models.DecimalField("最新实际值", max_digits=30, decimal_places=10, null=True)
    actual_date = models.DateField("截至", null=True)
    planned = models.DecimalField("计划值", max_digits=30, decimal_places=10, null=True)
    forecast = models.DecimalField("预测期末值", max_digits=30, decimal_places=10, null=True)
    likelihood = models.CharField("可能性", max_length=4, blank=True)
    gap_per_month = models.DecimalField("每月还需", max_digits=30, decimal_places=10, null=True)
    reason = models.CharField("判断", max_length=300, blank=True)
    # The board row, rendered with the snapshot (targets/rows.py): the board reads strings, not graphs.
    row_html = models.TextField("看板行", blank=True)

    class Meta:
        verbose_name = "目标评估快照"
        verbose_name_plural = "目标评估快照"
        indexes = [
            models.Index(fields=["system", "order"], name="snapshot_system_order"),
            models.Index(fields=["system", "severity", "order"], name="snapshot_system_severity"),
            models.Index(fields=["system", "status"], name="snapshot_system_status"),
        ]

    def __str__(self):
        return f"{self.target_id} {self.evaluated_on} {self.status}"

    @property
    def evaluation(self):
        """Same attribute names as an Evaluation, so templates read either."""
        return self


class BoardState(models.Model):
    """Per system: a version bumped on every change a board row can show, and how fresh the snapshots are.

    The board checks one row instead of counting snapshots, and caches its counts under the
    version, so a request reads this row, the cached counts and one page of ready rows.
    """

    system = models.OneToOneField(
        "systems.System", on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name="体系"
    )
    version = models.PositiveBigIntegerField("版本", default=1)
    # Part of every cache key: a recreated or restored database starts a new series of versions.
    token = models.UUIDField("标识", default=uuid.uuid4, editable=False)
    snapshots_on = models.DateField("快照评估日", null=True)
    snapshots_version = models.PositiveBigIntegerField("快照对应版本", default=0)

    class Meta:
        verbose_name = "目标看板状态"
        verbose_name_plural = "目标看板状态"

    def __str__(self):
        return f"{self.system_id} v{self.version} {self.snapshots_on}"

"""亩均效益评价: rule sets (data), evaluation runs (a rule set applied to one year) and results per firm.

The arithmetic is chanye.analytics.per_mu; these tables keep what a run decided, so a class can be
explained later (its items, benchmarks and the rule set as it was) and compared with last year's.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from chanye.core.history import history

CLASS_CHOICES = [
    ("A", "A 类"),
    ("B", "B 类"),
    ("C", "C 类"),
    ("D", "D 类"),
    ("T", "T 类（不参评）"),
    ("", "缺数据"),
]


class PerMuRuleSet(models.Model):
    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="per_mu_rule_sets", verbose_name="体系"
    )
    key = models.SlugField("标识", max_length=40)
    name = models.CharField("名称", max_length=120)
    source = models.TextField("出处", blank=True)
    definition = models.JSONField("规则（指标、权重、基准、分类线、加减分、不参评）")
    file_name = models.CharField("规则文件", max_length=120, blank=True)
    is_default = models.BooleanField("默认规则集", default=False)
    order = models.PositiveSmallIntegerField("次序", default=0)
    history = history()

    class Meta:
        verbose_name = "亩均评价规则集"
        verbose_name_plural = "亩均评价规则集"
        ordering = ["system", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["system", "key"], name="per_mu_rule_set_unique")]

    def __str__(self):
        return self.name


class PerMuRun(models.Model):
    """One rule set applied to one year's figures; running it again replaces it."""

    system = models.ForeignKey(
        "systems.System", on_delete=models.CASCADE, related_name="+", verbose_name="体系"
    )
    rule_set = models.ForeignKey(
        PerMuRuleSet, on_delete=models.CASCADE, related_name="runs", verbose_name="规则集"
    )
    year = models.PositiveSmallIntegerField("评价年度")
    definition = models.JSONField("评价时的规则")  # the rule set as it was when this run was made
    benchmarks = models.JSONField("基准值", default=dict)
    ran_at = models.DateTimeField("评价时间", auto_now=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="评价人",
    )
    in_scope = models.PositiveIntegerField("评价范围内企业", default=0)
    rated = models.PositiveIntegerField("参评企业", default=0)
    excluded = models.PositiveIntegerField("不参评（T 类）", default=0)
    missing = models.PositiveIntegerField("缺数据", default=0)
    demo_firms = models.PositiveIntegerField("其中演示企业", default=0)
    seconds = models.FloatField("耗时（秒）", default=0)

    class Meta:
        verbose_name = "亩均评价"
        verbose_name_plural = "亩均评价"
        ordering = ["-year", "rule_set__order"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "year"], name="per_mu_run_unique_year")]

    def __str__(self):
        return f"{self.year} 年 {self.rule_set.name}"

    def get_absolute_url(self):
        return reverse("per_mu:run", args=[self.system.slug, self.pk])


class PerMuResult(models.Model):
    run = models.ForeignKey(PerMuRun, on_delete=models.CASCADE, related_name="results", verbose_name="评价")
    # Thousands of rows per run, written in bulk: the key is kept by Django (see enterprises.models).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="per_mu_results",
        verbose_name="企业",
    )
    klass = models.CharField("类别", max_length=1, choices=CLASS_CHOICES, blank=True)
    previous_klass = models.CharField("上年类别", max_length=1, blank=True)
    score = models.DecimalField("得分", max_digits=12, decimal_places=2, null=True)
    rank = models.PositiveIntegerField("名次", null=True)
    percentile = models.FloatField("百分位", null=True)
    items = models.JSONField("分项", default=list)  # [{key, label, unit, value, benchmark, points, capped}]
    bonus = models.DecimalField("加分", max_digits=8, decimal_places=2, default=0)
    penalty = models.DecimalField("减分", max_digits=8, decimal_places=2, default=0)
    reason = models.CharField("说明", max_length=200, blank=True)  # why T, or what is missing
    # What one input would have to change to move the firm a class, as told on its evaluation:
    # [{direction, to_class, target, input, change, per_mu, text}] (chanye.analytics.per_mu.Flip)
    flips = models.JSONField("升降档测算", default=list)

    class Meta:
        verbose_name = "亩均评价结果"
        verbose_name_plural = "亩均评价结果"
        ordering = ["run", "rank"]
        constraints = [models.UniqueConstraint(fields=["run", "enterprise"], name="per_mu_result_unique")]
        indexes = [models.Index(fields=["run", "klass"], name="per_mu_result_class")]

    def __str__(self):
        return f"{self.run_id}:{self.enterprise_id} {self.klass}"

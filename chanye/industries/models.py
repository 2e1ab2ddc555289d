from django.db import models
from django.urls import reverse

from chanye.core.history import history
from chanye.core.models import Sourced
from chanye.systems.models import PackageItem, System


class IndustryGroup(models.Model):
    """A group of key industries (新兴支柱产业, 战略先导产业, 特色优势产业, 未来产业, 现代服务业)."""

    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="industry_groups", verbose_name="体系"
    )
    key = models.CharField("标识", max_length=60)
    name_zh = models.CharField("名称", max_length=60)
    name_en = models.CharField("英文名称", max_length=120, blank=True)
    family_zh = models.CharField("所属大类", max_length=60, blank=True)
    expected_count = models.PositiveIntegerField("规定数量", null=True, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "产业分组"
        verbose_name_plural = "产业分组"
        ordering = ["system", "order"]
        constraints = [models.UniqueConstraint(fields=["system", "key"], name="group_key_unique_in_system")]

    def __str__(self):
        return self.name_zh


class Office(Sourced):
    """A key-industry development office (关键产业发展办公室) that owns one or more industries."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="offices", verbose_name="体系")
    key = models.CharField("标识", max_length=60)
    name_zh = models.CharField("名称", max_length=100)
    name_en = models.CharField("英文名称", max_length=200, blank=True)
    lead_body_zh = models.CharField("牵头部门", max_length=100, blank=True)
    note = models.TextField("备注", blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "产业发展办公室"
        verbose_name_plural = "产业发展办公室"
        ordering = ["system", "order"]
        constraints = [models.UniqueConstraint(fields=["system", "key"], name="office_key_unique_in_system")]

    def __str__(self):
        return self.name_zh


class Industry(Sourced):
    """A key industry of the system (one of Guangzhou's "21+8").

    `status = pending` marks a slot the source confirms exists but whose industry is not yet
    identified (待确认): it is shown with its candidates, never as fact.
    """

    STATUS_CONFIRMED = "confirmed"
    STATUS_PENDING = "pending"
    STATUS_CHOICES = [(STATUS_CONFIRMED, "已确认"), (STATUS_PENDING, "待确认")]

    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="industries", verbose_name="体系"
    )
    slug = models.CharField("标识", max_length=60)
    group = models.ForeignKey(
        IndustryGroup, on_delete=models.PROTECT, related_name="industries", verbose_name="分组"
    )
    office = models.ForeignKey(
        Office,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="industries",
        verbose_name="产业发展办公室",
    )
    name_zh = models.CharField("名称", max_length=60)
    name_en = models.CharField("英文名称", max_length=120, blank=True)
    status = models.CharField("状态", max_length=12, choices=STATUS_CHOICES, default=STATUS_CONFIRMED)
    notes_zh = models.TextField("说明", blank=True)
    alt_names_zh = models.JSONField("别称", default=list, blank=True)
    candidates_zh = models.JSONField("候选", default=list, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    # Maintained in the app, not in the definition file, so reloading the file never overwrites them.
    leader_zh = models.CharField("联系市领导", max_length=60, blank=True)
    contact_zh = models.CharField("联络人", max_length=100, blank=True)
    work_note_zh = models.TextField("工作备注", blank=True)
    history = history()

    EDITABLE_FIELDS = ("leader_zh", "contact_zh", "work_note_zh")

    class Meta:
        verbose_name = "产业"
        verbose_name_plural = "产业"
        ordering = ["system", "order"]
        constraints = [
            models.UniqueConstraint(fields=["system", "slug"], name="industry_slug_unique_in_system")
        ]

    def __str__(self):
        return self.name_zh

    def get_absolute_url(self):
        return reverse("industries:industry_detail", args=[self.system.slug, self.slug])

    @property
    def is_pending(self) -> bool:
        return self.status == self.STATUS_PENDING


class SubIndustry(models.Model):
    """A sub-industry (细分产业), e.g. 时尚消费品 → 美妆日化."""

    industry = models.ForeignKey(
        Industry, on_delete=models.CASCADE, related_name="sub_industries", verbose_name="产业"
    )
    slug = models.CharField("标识", max_length=60)
    name_zh = models.CharField("名称", max_length=60)
    name_en = models.CharField("英文名称", max_length=120, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "细分产业"
        verbose_name_plural = "细分产业"
        ordering = ["industry", "order"]
        constraints = [models.UniqueConstraint(fields=["industry", "slug"], name="sub_industry_slug_unique")]

    def __str__(self):
        return self.name_zh


class ChainSegment(models.Model):
    """A link of an industry chain (产业链环节), ordered from upstream to downstream."""

    STAGE_UPSTREAM = "upstream"
    STAGE_MIDSTREAM = "midstream"
    STAGE_DOWNSTREAM = "downstream"
    STAGE_CHOICES = [(STAGE_UPSTREAM, "上游"), (STAGE_MIDSTREAM, "中游"), (STAGE_DOWNSTREAM, "下游")]

    industry = models.ForeignKey(
        Industry, on_delete=models.CASCADE, related_name="segments", verbose_name="产业"
    )
    key = models.CharField("标识", max_length=60)
    name_zh = models.CharField("名称", max_length=60)
    name_en = models.CharField("英文名称", max_length=120, blank=True)
    stage = models.CharField("位置", max_length=12, choices=STAGE_CHOICES)
    description_zh = models.TextField("说明", blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "产业链环节"
        verbose_name_plural = "产业链环节"
        ordering = ["industry", "order"]
        constraints = [
            models.UniqueConstraint(fields=["industry", "key"], name="segment_key_unique_in_industry")
        ]

    def __str__(self):
        return self.name_zh


class SupportItem(models.Model):
    """One industry's progress on one item of its support package (e.g. 生物医药与健康 × 招商清单)."""

    STATUS_NOT_STARTED = "not_started"
    STATUS_IN_PROGRESS = "in_progress"
    STATUS_DONE = "done"
    STATUS_CHOICES = [(STATUS_NOT_STARTED, "未启动"), (STATUS_IN_PROGRESS, "编制中"), (STATUS_DONE, "已完成")]

    industry = models.ForeignKey(
        Industry, on_delete=models.CASCADE, related_name="support_items", verbose_name="产业"
    )
    item = models.ForeignKey(
        PackageItem, on_delete=models.CASCADE, related_name="support_items", verbose_name="事项"
    )
    status = models.CharField("状态", max_length=12, choices=STATUS_CHOICES, default=STATUS_NOT_STARTED)
    owner_zh = models.CharField("责任单位", max_length=100, blank=True)
    evidence = models.CharField("佐证文件或链接", max_length=500, blank=True)
    due_date = models.DateField("完成时限", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = history()

    class Meta:
        verbose_name = "配套事项"
        verbose_name_plural = "配套事项"
        ordering = ["industry__order", "item__order"]
        constraints = [models.UniqueConstraint(fields=["industry", "item"], name="support_item_unique")]

    def __str__(self):
        return f"{self.industry} · {self.item}"

    def get_absolute_url(self):
        return reverse("industries:support_item_detail", args=[self.pk])

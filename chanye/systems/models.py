from django.db import models
from django.urls import reverse

from chanye.core.history import history
from chanye.core.models import Sourced


class System(models.Model):
    """A city's modern industrial system (现代化产业体系), e.g. Guangzhou's "12218".

    Loaded from a definition file (docs/system-definition.md); several cities live side by side,
    each under its own slug.
    """

    slug = models.SlugField("标识", max_length=60, unique=True)
    code = models.CharField("体系代号", max_length=20, blank=True)
    name_zh = models.CharField("名称", max_length=120)
    name_en = models.CharField("英文名称", max_length=200, blank=True)
    city_name_zh = models.CharField("城市", max_length=40)
    city_name_en = models.CharField("城市（英文）", max_length=80, blank=True)
    city_code = models.CharField("城市代码", max_length=6)
    as_of = models.DateField("依据日期")
    description_zh = models.TextField("说明", blank=True)
    source_ids = models.JSONField("来源", default=list, blank=True)
    package_name_zh = models.CharField("配套体系名称", max_length=60, blank=True)
    package_source_ids = models.JSONField("配套体系来源", default=list, blank=True)
    history = history()

    class Meta:
        verbose_name = "产业体系"
        verbose_name_plural = "产业体系"
        ordering = ["slug"]

    def __str__(self):
        return self.name_zh

    def get_absolute_url(self):
        return reverse("systems:overview_for", args=[self.slug])


class Source(models.Model):
    """A document that supports entries of the definition (article, policy, press report), cited
    as a reader would: publisher, author, title, document number, date.

    `url` is the original publisher's page, when known; `copy_url` a copy found on another site,
    shown only as 转载 (never as the source itself). `kind` is a Chinese label (报道, 报道转载 …);
    files written before it was Chinese still load: their codes are shown through `kind_zh`.
    """

    # The fields the definition file carries, loaded and exported alike (services, export).
    DEFINITION_FIELDS = ("publisher", "author", "title", "doc_no", "date", "kind", "url", "copy_url", "note")

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="sources", verbose_name="体系")
    key = models.CharField("编号", max_length=20)
    publisher = models.CharField("发布单位", max_length=200, blank=True)
    author = models.CharField("作者", max_length=100, blank=True)
    title = models.CharField("标题", max_length=400)
    doc_no = models.CharField("文号", max_length=60, blank=True)
    url = models.URLField("原文链接", max_length=500, blank=True)
    copy_url = models.URLField("转载链接", max_length=500, blank=True)
    kind = models.CharField("类型", max_length=40, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    history = history()

    # Kind codes of definition files written before kinds were Chinese labels.
    LEGACY_KINDS = {
        "press": "报道",
        "press-mirror": "报道转载",
        "press-repost": "报道转载",
        "policy": "政府文件",
        "policy-copy": "政策文件转载",
        "speech-copy": "讲话实录转载",
        "official-repost": "官方网站转载",
        "official-copy": "政府网页转载",
        "secondary": "聚合文章",
        "aggregator": "聚合文章",
        "aggregator-low": "聚合文章",
    }

    class Meta:
        verbose_name = "来源"
        verbose_name_plural = "来源"
        ordering = ["system", "key"]
        constraints = [models.UniqueConstraint(fields=["system", "key"], name="source_key_unique_in_system")]

    def __str__(self):
        return f"{self.key} {self.title}"

    @property
    def kind_zh(self) -> str:
        return self.LEGACY_KINDS.get(self.kind, self.kind)

    @property
    def byline(self) -> str:
        """出处: "人民日报 · 罗艾桦"."""
        return " · ".join(part for part in (self.publisher, self.author) if part)


class Element(Sourced):
    """A structural element of the system: overall requirement, direction, measure, mechanism.

    Directions have two halves (两业融合 = 制造业 + 服务业), stored as child elements.
    Mechanisms carry their numbers (14 位市领导, 90 个重点项目 …) in `numbers`.
    """

    KIND_OVERALL = "overall_requirement"
    KIND_DIRECTION = "direction"
    KIND_HALF = "direction_half"
    KIND_MEASURE = "measure"
    KIND_MECHANISM = "mechanism"
    KIND_POLICY_DIRECTION = "policy_direction"
    KIND_OTHER = "other"
    KIND_CHOICES = [
        (KIND_OVERALL, "总体要求"),
        (KIND_DIRECTION, "主攻方向"),
        (KIND_HALF, "主攻方向组成"),
        (KIND_MEASURE, "重大举措"),
        (KIND_MECHANISM, "工作机制"),
        (KIND_POLICY_DIRECTION, "产业政策导向"),
        (KIND_OTHER, "其他"),
    ]

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="elements", verbose_name="体系")
    key = models.CharField("标识", max_length=80)
    kind = models.CharField("类型", max_length=24, choices=KIND_CHOICES)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="parts", verbose_name="上级"
    )
    name_zh = models.CharField("名称", max_length=200)
    name_en = models.CharField("英文名称", max_length=300, blank=True)
    verb_zh = models.CharField("动词", max_length=20, blank=True)
    owner_zh = models.CharField("牵头单位", max_length=100, blank=True)
    quote = models.TextField("原文", blank=True)
    description_zh = models.TextField("说明", blank=True)
    numbers = models.JSONField("数字", default=list, blank=True)
    note = models.TextField("备注", blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "体系要素"
        verbose_name_plural = "体系要素"
        ordering = ["system", "order"]
        constraints = [models.UniqueConstraint(fields=["system", "key"], name="element_key_unique_in_system")]

    def __str__(self):
        return self.name_zh

    def get_absolute_url(self):
        return reverse("systems:element_detail", args=[self.system.slug, self.key])


class PackageItem(models.Model):
    """One item of the per-industry support package (“3+5+3+1”: 3 documents, 5 resources, 3 lists, 1 evaluation)."""

    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="package_items", verbose_name="体系"
    )
    category_key = models.CharField("类别标识", max_length=40)
    category_name_zh = models.CharField("类别", max_length=40)
    key = models.CharField("标识", max_length=60)
    name_zh = models.CharField("名称", max_length=60)
    name_en = models.CharField("英文名称", max_length=120, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = history()

    class Meta:
        verbose_name = "配套体系事项"
        verbose_name_plural = "配套体系事项"
        ordering = ["system", "order"]
        constraints = [
            models.UniqueConstraint(fields=["system", "key"], name="package_item_key_unique_in_system")
        ]

    def __str__(self):
        return self.name_zh

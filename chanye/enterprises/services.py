"""Writes for enterprises outside imports: demo data, firms named in sources, manual placements."""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from chanye.core.history import SOURCE_CLI, acting_as
from chanye.districts.models import DistrictPriority
from chanye.industries.models import Industry

from .concordance import concordance_for
from .demo import demo_csv
from .importing import import_enterprises, start_batch
from .models import Enterprise, EnterpriseIndustry
from .rollups import rebuild_rollups

NAMED_DIR = Path(settings.REPO_DIR) / "data" / "systems"


def enterprises_demo(*, system, n: int, user) -> int:
    """Make sure the system has `n` demo firms (deterministic); returns how many were added."""
    have = Enterprise.objects.filter(system=system, origin="demo").count()
    if have >= n:
        return 0
    districts = list(system.districts.order_by("order").values_list("code", "name_zh"))
    # A pending slot (待确认) is not an industry yet: no demo firm is drawn from it, even if a
    # concordance were to list codes for it.
    confirmed = set(system.industries.exclude(status=Industry.STATUS_PENDING).values_list("slug", flat=True))
    priorities: dict[str, list[str]] = {}
    for code, slug in DistrictPriority.objects.filter(district__system=system).values_list(
        "district__code", "industry__slug"
    ):
        priorities.setdefault(code, []).append(slug)
    content = demo_csv(
        n,
        districts=districts,
        concordance=concordance_for(system),
        years=3,
        priorities=priorities,
        allowed=confirmed,
    )
    batch = start_batch(
        system=system, user=user, file_name=f"演示数据-{n}家企业.csv", content=content, dry_run=False
    )
    batch = import_enterprises(batch=batch, content=content, origin="demo")
    if batch.status != "done":
        raise RuntimeError(f"演示企业导入失败：{batch.errors[:3]}")
    return batch.created


def enterprises_demo_clear(*, system, user) -> int:
    with acting_as(user, source=SOURCE_CLI), transaction.atomic():
        qs = Enterprise.objects.filter(system=system, origin="demo")
        count = qs.count()
        EnterpriseIndustry.objects.filter(enterprise__in=qs).delete()
        qs.delete()  # history rows for deletions are written per object by simple-history
        rebuild_rollups(system)
    return count


def named_enterprises_load(*, system, user) -> int:
    """The firms the system's source article names (data/systems/<slug>-enterprises.yaml); figures empty."""
    path = NAMED_DIR / f"{system.slug}-enterprises.yaml"
    if not path.exists():
        return 0
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    districts = dict(system.districts.values_list("code", "pk"))
    industries = {i.slug: i for i in system.industries.all()}
    added = 0
    with acting_as(user, source=SOURCE_CLI), transaction.atomic():
        for item in data.get("enterprises") or []:
            name = item.get("legal_name_zh") or item["name_zh"]
            if Enterprise.objects.filter(system=system, name=name).exists():
                continue
            slugs = [s for s in item.get("industries") or [] if s in industries]
            firm = Enterprise.objects.create(
                system=system,
                uscc=None,
                name=name,
                district_id=districts.get(item.get("district") or ""),
                industry_slugs="|".join(slugs),
                class_evidence="来源文件：" + (item.get("article_context_zh") or ""),
                class_confidence=None,
                override_slugs="|".join(slugs),
                override_reason="按来源文件归类（见原文）",
                origin="document",
                source_key=(item.get("sources") or [""])[0],
                source_quote=(item.get("article_context_zh") or "")[:300],
            )
            for rank, slug in enumerate(slugs):
                EnterpriseIndustry.objects.create(enterprise=firm, industry=industries[slug], rank=rank)
            added += 1
        if added:
            rebuild_rollups(system)
    return added


def named_enterprises_init(*, user) -> list[str]:
    """`chanye init`: the firms the default system's source article names (real firms, codes pending)."""
    from chanye.systems.services import default_system

    system = default_system()
    if system is not None and (added := named_enterprises_load(system=system, user=user)):
        return [f"已载入来源文件点名的企业 {added} 家（统一社会信用代码待确认，经营数据留空）。"]
    return []

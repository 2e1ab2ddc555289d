"""Writes for parks, land and carrier records: the places a system names, imports, demo data."""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from chanye.core.history import SOURCE_CLI, acting_as
from chanye.core.pagecache import bump_data_version
from chanye.core.services import upsert

from .models import PARK_KINDS, PARK_STATUS, CarrierRecord, LandRecord, Park

KINDS = dict(PARK_KINDS)
STATUSES = dict(PARK_STATUS)


def places_file(system) -> Path:
    return Path(settings.REPO_DIR) / "data" / "systems" / f"{system.slug}-places.yaml"


def read_places(path: Path, system) -> list[dict]:
    """The places file, checked against the system; every problem names the entry and the fix."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("format") != "chanye-places/1":
        raise ValidationError(f"{path.name}：第一项应为 format: chanye-places/1。")
    districts = set(system.districts.values_list("code", flat=True))
    industries = set(system.industries.values_list("slug", flat=True))
    sources = set(system.sources.values_list("key", flat=True))
    problems, keys = [], set()
    places = data.get("places") or []
    for i, p in enumerate(places, start=1):
        at = f"{path.name} places 第 {i} 项「{p.get('key', '?')}」"
        if not p.get("key") or not p.get("name_zh"):
            problems.append(f"{at}：缺少 key 或 name_zh。")
        if p.get("key") in keys:
            problems.append(f"{at}：key 重复。")
        keys.add(p.get("key"))
        if p.get("kind") not in KINDS:
            problems.append(
                f"{at}：类型「{p.get('kind')}」不可用，可选：{'、'.join(f'{k}（{v}）' for k, v in KINDS.items())}。"
            )
        if p.get("status", "planned") not in STATUSES:
            problems.append(f"{at}：状态「{p.get('status')}」不可用，可选：planned、building、operating。")
        if p.get("district") is not None and str(p["district"]) not in districts:
            problems.append(f"{at}：区代码「{p['district']}」不在本体系的区中；全市性的写 null。")
        for slug in p.get("industries") or []:
            if slug not in industries:
                problems.append(f"{at}：产业「{slug}」不在本体系中。")
        for key in p.get("sources") or []:
            if key not in sources:
                problems.append(f"{at}：来源「{key}」不在体系定义的 sources 中。")
    if problems:
        raise ValidationError(problems)
    return places


def places_load(*, system, user, path: Path | None = None) -> int:
    """Add or update (by key) the parks, platforms and areas of the system's places file."""
    path = path or places_file(system)
    if not path.exists():
        return 0
    places = read_places(path, system)
    districts = dict(system.districts.values_list("code", "pk"))
    industries = {i.slug: i for i in system.industries.all()}
    changed = 0
    with transaction.atomic(), acting_as(user, source=SOURCE_CLI):
        for p in places:
            values = {
                "name_zh": p["name_zh"], "kind": p["kind"], "district_id": districts.get(str(p.get("district") or "")),
                "status": p.get("status", "planned"), "note": (p.get("note") or "")[:300], "origin": "document",
                "source_key": (p.get("sources") or [""])[0], "source_quote": (p.get("quote") or "")[:300], "confidence": p.get("confidence", "high"),
            }  # fmt: skip
            park, written = upsert(Park, {"system": system, "key": p["key"]}, values)
            changed += written
            wanted = {industries[s].pk for s in p.get("industries") or []}
            if set(park.industries.values_list("pk", flat=True)) != wanted:
                park.industries.set(wanted)
    if changed:
        bump_data_version()
    return changed


def land_delete(*, record: LandRecord, user) -> None:
    with acting_as(user):
        record.delete()


def carrier_delete(*, record: CarrierRecord, user) -> None:
    with acting_as(user):
        record.delete()


def places_init(*, user) -> list[str]:
    """`chanye init`: the parks, platforms and areas the default system's source article names."""
    from chanye.core.steps import StepError
    from chanye.systems.services import default_system

    system = default_system()
    if system is None:
        return []
    try:
        n = places_load(system=system, user=user)
    except ValidationError as exc:
        raise StepError("园区文件有问题：\n" + "\n".join(exc.messages)) from None
    return [f"已载入来源文件点名的园区、平台和片区 {n} 个（面积、日期待补充）。"] if n else []

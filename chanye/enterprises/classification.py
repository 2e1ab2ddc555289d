"""Re-classify the registry when the concordance changes, and manual placements with a reason."""

from dataclasses import dataclass, field

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from chanye.accounts.permissions import DENIED_PLACEMENT, can_place_enterprise
from chanye.analytics.classify import classify, classify_frame
from chanye.core.bulk import history_from_rows, update_rows
from chanye.core.history import acting_as
from chanye.industries.models import ChainSegment

from .concordance import concordance_for
from .models import Enterprise, EnterpriseIndustry
from .rollups import rebuild_rollups
from .selectors import industry_ids, segment_ids

CHUNK = 500


@dataclass
class Moves:
    version: str
    firms: int = 0
    changed: int = 0
    newly_placed: int = 0
    unplaced: int = 0
    switched: int = 0
    by_industry: dict[str, tuple[int, int]] = field(default_factory=dict)  # slug → (in, out)

    def summary(self) -> str:
        return (
            f"按对照表 {self.version} 重新归类 {self.firms} 家企业：归类有变化 {self.changed} 家"
            f"（新归入 {self.newly_placed}，移出体系 {self.unplaced}，改变产业或环节 {self.switched}）；人工归类的企业保持不变。"
        )


def _frame(system) -> pl.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT id, name, industry_code, business_scope, main_products, industry_slugs, segment_id, class_evidence FROM "{Enterprise._meta.db_table}" '
            "WHERE system_id = %s AND override_slugs = '' AND uscc IS NOT NULL",
            [system.pk],
        )
        rows = cursor.fetchall()
    schema = [
        "_id",
        "name",
        "industry_code",
        "business_scope",
        "main_products",
        "_old",
        "_old_segment",
        "_old_evidence",
    ]
    return pl.DataFrame(rows, schema=schema, orient="row")


def reclassify_all(*, system, user, source: str) -> Moves:
    """Run the current concordance over every firm without a manual placement; write what moved."""
    concordance = concordance_for(system)
    frame = _frame(system)
    moves = Moves(version=concordance.version, firms=frame.height)
    if frame.height == 0:
        return moves
    result = classify_frame(concordance, frame, scope="business_scope", products="main_products")
    segments = segment_ids(system)
    result = result.with_columns(
        pl.concat_str([pl.col("industries").str.split("|").list.first(), pl.col("segment")], separator=":")
        .replace_strict(segments, default=None, return_dtype=pl.Int64)
        .alias("_segment_id")
    )
    moved = result.filter(
        (pl.col("industries") != pl.col("_old"))
        | ~pl.col("_segment_id").eq_missing(pl.col("_old_segment"))
        | (pl.col("evidence") != pl.col("_old_evidence"))
    )
    real = moved.filter(
        (pl.col("industries") != pl.col("_old")) | ~pl.col("_segment_id").eq_missing(pl.col("_old_segment"))
    )
    moves.changed = real.height
    moves.newly_placed = real.filter((pl.col("_old") == "") & (pl.col("industries") != "")).height
    moves.unplaced = real.filter((pl.col("_old") != "") & (pl.col("industries") == "")).height
    moves.switched = moves.changed - moves.newly_placed - moves.unplaced
    for old, new in real.select("_old", "industries").iter_rows():
        before, after = set(filter(None, old.split("|"))), set(filter(None, new.split("|")))
        for slug in after - before:
            i, o = moves.by_industry.get(slug, (0, 0))
            moves.by_industry[slug] = (i + 1, o)
        for slug in before - after:
            i, o = moves.by_industry.get(slug, (0, 0))
            moves.by_industry[slug] = (i, o + 1)
    if moved.height == 0:
        return moves
    fields = [
        "industry_slugs",
        "segment",
        "class_confidence",
        "class_evidence",
        "class_version",
        "needs_review",
    ]
    values = [
        "industries",
        "_segment_id",
        "confidence",
        "evidence",
        pl.lit(concordance.version).alias("_v"),
        "needs_review",
    ]
    industries = industry_ids(system)
    with acting_as(user, source=source), transaction.atomic():
        update_rows(Enterprise, fields, moved.select(*values, "_id").iter_rows())
        ids = moved["_id"].to_list()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            history_from_rows(
                Enterprise,
                where=f"id IN ({marks})",
                params=chunk,
                history_type="~",
                user=user,
                source=source,
                request_id="",
            )
            EnterpriseIndustry.objects.filter(enterprise_id__in=chunk).delete()
        placements = []
        for eid, text in moved.select("_id", "placements").iter_rows():
            for rank, pair in enumerate(filter(None, text.split("|"))):
                slug, _, seg = pair.partition(":")
                placements.append(
                    EnterpriseIndustry(
                        enterprise_id=eid,
                        industry_id=industries[slug],
                        segment_id=segments.get(pair),
                        rank=rank,
                    )
                )
        EnterpriseIndustry.objects.bulk_create(placements, batch_size=2000)
        rebuild_rollups(system)
    return moves


def placement_set(
    *, user, enterprise: Enterprise, slugs: list[str], segment_key: str, reason: str
) -> Enterprise:
    """A person places the firm (or clears their placement with no slugs): kept over the rules."""
    if not can_place_enterprise(user):
        raise PermissionDenied(DENIED_PLACEMENT)
    system = enterprise.system
    industries = {i.slug: i for i in system.industries.all()}
    unknown = [s for s in slugs if s not in industries]
    if unknown:
        raise ValidationError(f"体系中没有这些产业：{'、'.join(unknown)}。")
    if slugs and not reason.strip():
        raise ValidationError("人工归类必须写明理由（例如：主营产品已转为……，见年报）。")
    segment = None
    if segment_key:
        segment = industries[slugs[0]].segments.filter(key=segment_key).first() if slugs else None
        if segment is None:
            raise ValidationError(
                f"产业「{industries[slugs[0]].name_zh if slugs else ''}」没有环节「{segment_key}」。"
            )
    with transaction.atomic():
        if slugs:
            enterprise.override_slugs = "|".join(slugs)
            enterprise.override_segment = segment
            enterprise.override_reason = reason.strip()[:300]
            enterprise.industry_slugs = enterprise.override_slugs
            enterprise.segment = segment
            enterprise.needs_review = False
            pairs = [(industries[s], segment if i == 0 else None) for i, s in enumerate(slugs)]
        else:
            result = classify(
                concordance_for(system),
                code=enterprise.industry_code,
                name=enterprise.name,
                scope=enterprise.business_scope,
                products=enterprise.main_products,
            )
            enterprise.override_slugs, enterprise.override_segment, enterprise.override_reason = "", None, ""
            enterprise.industry_slugs = "|".join(result.industries)
            segs = {
                f"{s.industry.slug}:{s.key}": s
                for s in ChainSegment.objects.filter(industry__system=system).select_related("industry")
            }
            enterprise.segment = (
                segs.get(f"{result.industries[0]}:{result.segment}") if result.matches else None
            )
            enterprise.class_confidence, enterprise.class_evidence, enterprise.needs_review = (
                result.confidence,
                result.evidence,
                result.needs_review,
            )
            pairs = [(industries[m.industry], segs.get(f"{m.industry}:{m.segment}")) for m in result.matches]
        enterprise.save()
        EnterpriseIndustry.objects.filter(enterprise=enterprise).delete()
        EnterpriseIndustry.objects.bulk_create(
            [
                EnterpriseIndustry(enterprise=enterprise, industry=i, segment=s, rank=r)
                for r, (i, s) in enumerate(pairs)
            ]
        )
        rebuild_rollups(system)
    return enterprise

"""Import enterprises and their figures: read, validate, classify, compare, write — all or nothing.

Stages (each reported on the ImportBatch, so the page and the CLI can show progress):
1. read the file (CSV in UTF-8 or GBK, or XLSX) — any problem with the file as a whole stops here;
2. validate every cell column-wise — any error stops here, and nothing is written;
3. compare with the firms already registered (upsert by 统一社会信用代码): new, changed, unchanged;
4. classify new and changed firms into the system's industries and segments (manual placements kept);
5. in one transaction: write firms, placements and figures, and their history rows in bulk;
6. rebuild the pre-aggregated figures the pages read (rollups.py).
A dry run stops after stage 4 and reports what would change.
"""

import hashlib
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from chanye.analytics.classify import classify_frame
from chanye.core.bulk import history_from_rows, insert_rows, update_rows
from chanye.core.history import SOURCE_IMPORT, acting_as, current_request_id

from .columns import BOOL_FIELDS
from .concordance import concordance_for
from .models import Enterprise, EnterpriseFigure, EnterpriseIndustry, ImportBatch
from .reading import FileProblem, read_path, read_table
from .validation import validate

ATTRIBUTES = ["name", "district_id", "industry_code", "business_scope", "main_products", "founded_on", *BOOL_FIELDS]
CLASS_FIELDS = ["industry_slugs", "segment_id", "class_confidence", "class_evidence", "class_version", "needs_review"]
FIGURE_COLUMNS = ["output_value", "revenue", "tax", "rd_spend", "employees", "land_mu", "energy_tce"]


def district_map(system) -> dict[str, int]:
    out = {}
    for pk, code, name in system.districts.values_list("pk", "code", "name_zh"):
        out[code] = out[name] = pk
        if name.endswith("区"):
            out[name[:-1]] = pk  # 天河 as well as 天河区
    return out


class Progress:
    """Stage and rows done, on the batch row; during the one write transaction, in a side file
    (on SQLite the transaction holds the write lock, so the batch row cannot be updated)."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        self.path = settings.DATA_DIR / "imports" / f"{batch.pk}.progress.json"
        self.in_transaction = False

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        b = self.batch
        b.stage = stage
        if total is not None:
            b.rows_total = total
        if done is not None:
            b.rows_done = done
        if self.in_transaction:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps({"stage": b.stage, "rows_done": b.rows_done, "rows_total": b.rows_total}, ensure_ascii=False))
        else:
            ImportBatch.objects.filter(pk=b.pk).update(stage=b.stage, rows_done=b.rows_done, rows_total=b.rows_total, status="running")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def live_progress(batch: ImportBatch) -> dict:
    """What the progress bar shows: the side file while the write transaction runs, else the row."""
    path = settings.DATA_DIR / "imports" / f"{batch.pk}.progress.json"
    if batch.status == "running" and path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    return {"stage": batch.stage, "rows_done": batch.rows_done, "rows_total": batch.rows_total}


@dataclass
class Plan:
    firms: pl.DataFrame  # one row per firm in the file, with `_id` (null = new) and `_changed`
    figures: pl.DataFrame  # one row per firm × period, with `_fid` (null = new) and `_changed`


def start_batch(*, system, user, file_name: str, content: bytes, dry_run: bool) -> ImportBatch:
    return ImportBatch.objects.create(
        system=system, user=user, file_name=file_name[:255], sha256=hashlib.sha256(content).hexdigest(), dry_run=dry_run, status="queued"
    )


def import_enterprises(*, batch: ImportBatch, content: bytes | None = None, path=None, origin: str = "import") -> ImportBatch:
    """Run one import to the end; the batch records the outcome (never raises for bad input).

    Give the file's `content`, or the `path` of a stored upload (large files: parsed from disk).
    """
    started = time.perf_counter()
    progress = Progress(batch)
    system = batch.system
    try:
        progress("读取文件")
        try:
            table = read_path(Path(path), batch.file_name) if path is not None else read_table(content, batch.file_name)
        except FileProblem as exc:
            return _fail(batch, [{"row": None, "message": str(exc)}], 1, started)
        total = table.frame.height
        progress("校验", 0, total)
        typed, errors, error_count = validate(table, districts=district_map(system))
        del table  # the text frame: typed holds what is needed from here on
        if error_count:
            return _fail(batch, [e.as_dict() for e in errors], error_count, started)
        progress("比对已有企业", total, total)
        plan = _plan(system, typed)
        del typed
        progress("归类", total, total)
        firms = _classify(system, plan.firms)
        known = plan.firms
        counts = {
            "created": known.filter(pl.col("_id").is_null()).height,
            "updated": known.filter(pl.col("_id").is_not_null() & pl.col("_changed")).height,
            "unchanged": known.filter(pl.col("_id").is_not_null() & ~pl.col("_changed")).height,
            "figures": plan.figures.filter(pl.col("_changed")).height,
        }
        if not batch.dry_run:
            progress.in_transaction = True
            with _bulk_session(), transaction.atomic(), acting_as(batch.user, source=SOURCE_IMPORT):
                _write(batch, firms, plan.figures, progress, origin)
                from .rollups import rebuild_rollups

                progress("更新汇总", total, total)
                rebuild_rollups(system, year_hint=plan.figures["year"].max())
            progress.in_transaction = False
            progress.clear()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status="done", stage="完成", rows_done=total, finished_at=timezone.now(), seconds=round(time.perf_counter() - started, 3), **counts
        )
    except Exception as exc:
        progress.clear()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status="error", stage="出错", finished_at=timezone.now(), errors=[{"row": None, "message": f"导入中断，未写入任何数据：{type(exc).__name__}: {exc}"[:500]}], error_count=1
        )
        raise
    batch.refresh_from_db()
    return batch


@contextmanager
def _bulk_session():
    """SQLite settings for one large write, restored afterwards (this connection only).

    Foreign keys are not re-checked row by row: every id written comes from the database itself
    (districts, segments, the firms just inserted), so the per-row parent lookups only cost time.
    Index pages stay in memory (256 MB at most) instead of spilling.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA cache_size = -2000")


def _fail(batch, errors: list[dict], count: int, started: float) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="failed", stage="有错误", errors=errors, error_count=count, finished_at=timezone.now(), seconds=round(time.perf_counter() - started, 3)
    )
    batch.refresh_from_db()
    return batch


# ---------------------------------------------------------------- compare with what is registered


def _existing_firms(system) -> pl.DataFrame:
    cols = ["id", "uscc", *ATTRIBUTES, "override_slugs", "override_segment_id"]
    schema = {
        "_id": pl.Int64, "uscc": pl.String, "name": pl.String, "district_id": pl.Int64, "industry_code": pl.String, "business_scope": pl.String,
        "main_products": pl.String, "founded_on": pl.String, **{b: pl.Boolean for b in BOOL_FIELDS}, "_override": pl.String, "_override_segment": pl.Int64,
    }
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {", ".join(cols)} FROM "{Enterprise._meta.db_table}" WHERE system_id = %s', [system.pk])
        rows = [(*r[:7], None if r[7] is None else str(r[7]), *(bool(x) for x in r[8 : 8 + len(BOOL_FIELDS)]), *r[8 + len(BOOL_FIELDS) :]) for r in cursor.fetchall()]
    return pl.DataFrame(rows, schema=schema, orient="row")


def _plan(system, typed: pl.DataFrame) -> Plan:
    firms = typed.sort("_row").unique("uscc", keep="first", maintain_order=True).select("_row", "uscc", *ATTRIBUTES)
    firms = firms.with_columns(pl.col("founded_on").dt.to_string("%Y-%m-%d"))
    existing = _existing_firms(system)
    joined = firms.join(existing, on="uscc", how="left", suffix="_old")
    same = pl.all_horizontal([pl.col(a).eq_missing(pl.col(f"{a}_old")) for a in ATTRIBUTES])
    firms = joined.with_columns((~same).alias("_changed")).select("_row", "uscc", *ATTRIBUTES, "_id", "_changed", "_override", "_override_segment")

    figures = typed.filter(pl.col("year").is_not_null()).select("_row", "uscc", "year", "quarter", *FIGURE_COLUMNS)
    old = _existing_figures(system, firms.filter(pl.col("_id").is_not_null()).height > 0)
    figures = figures.join(firms.select("uscc", "_id"), on="uscc", how="left")
    if old.height:
        figures = figures.join(old, on=["_id", "year", "quarter"], how="left", suffix="_old")
        same = pl.all_horizontal([pl.col(c).cast(pl.Float64).eq_missing(pl.col(f"{c}_old")) for c in FIGURE_COLUMNS])
        figures = figures.with_columns((pl.col("_fid").is_null() | ~same).alias("_changed"))
    else:
        figures = figures.with_columns(pl.lit(None, pl.Int64).alias("_fid"), pl.lit(True).alias("_changed"))
    return Plan(firms, figures.select("_row", "uscc", "_id", "_fid", "year", "quarter", *FIGURE_COLUMNS, "_changed"))


def _existing_figures(system, any_existing: bool) -> pl.DataFrame:
    schema = {"_fid": pl.Int64, "_id": pl.Int64, "year": pl.Int32, "quarter": pl.Int32, **{f"{c}_old": pl.Float64 for c in FIGURE_COLUMNS}}
    if not any_existing:
        return pl.DataFrame(schema=schema)
    table, firms = EnterpriseFigure._meta.db_table, Enterprise._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT f.id, f.enterprise_id, f.year, f.quarter, {", ".join(f"f.{c}" for c in FIGURE_COLUMNS)} FROM "{table}" f '
            f'JOIN "{firms}" e ON e.id = f.enterprise_id WHERE e.system_id = %s',
            [system.pk],
        )
        rows = [(*r[:4], *(None if v is None else float(v) for v in r[4:])) for r in cursor.fetchall()]
    return pl.DataFrame(rows, schema=schema, orient="row")


# ---------------------------------------------------------------- classify


def _classify(system, firms: pl.DataFrame) -> pl.DataFrame:
    """Rules for new and changed firms; a manual placement (override) stays in force."""
    concordance = concordance_for(system)
    todo = firms.filter(pl.col("_id").is_null() | pl.col("_changed"))
    result = classify_frame(concordance, todo, scope="business_scope", products="main_products")
    segment_ids = _segment_ids(system)
    effective = pl.when(pl.col("_override").fill_null("") != "").then(pl.col("_override")).otherwise(pl.col("industries"))
    primary_segment = pl.concat_str([pl.col("industries").str.split("|").list.first(), pl.col("segment")], separator=":")
    return result.with_columns(
        effective.alias("industry_slugs"),
        pl.when(pl.col("_override").fill_null("") != "")
        .then(pl.col("_override_segment"))
        .otherwise(primary_segment.replace_strict(segment_ids, default=None, return_dtype=pl.Int64))
        .alias("segment_id"),
        pl.col("confidence").alias("class_confidence"),
        pl.col("evidence").alias("class_evidence"),
        pl.lit(concordance.version).alias("class_version"),
    )


def _segment_ids(system) -> dict[str, int]:
    from chanye.industries.models import ChainSegment

    return {f"{slug}:{key}": pk for pk, slug, key in ChainSegment.objects.filter(industry__system=system).values_list("pk", "industry__slug", "key")}


def _industry_ids(system) -> dict[str, int]:
    return dict(system.industries.values_list("slug", "pk"))


# ---------------------------------------------------------------- write (inside one transaction)


def _write(batch: ImportBatch, firms: pl.DataFrame, figures: pl.DataFrame, progress: Progress, origin: str) -> None:
    system = batch.system
    user, rid = batch.user, current_request_id()
    total = firms.height + figures.height
    sqlite = connection.vendor == "sqlite"
    firm_fields = [
        "system", "uscc", "name", "district", "industry_code", "business_scope", "main_products", "founded_on", *BOOL_FIELDS,
        "industry_slugs", "segment", "class_confidence", "class_evidence", "class_version", "needs_review",
        "override_slugs", "override_reason", "origin", "import_batch", "import_row", "source_key", "source_quote",
    ]  # fmt: skip
    values = [
        pl.lit(system.pk).alias("_system"), "uscc", *ATTRIBUTES, *CLASS_FIELDS,
        pl.col("_override").fill_null("").alias("_ov"), pl.lit("").alias("_reason"), pl.lit(origin).alias("_origin"),
        pl.lit(batch.pk).alias("_batch"), pl.col("_row"), pl.lit("").alias("_sk"), pl.lit("").alias("_sq"),
    ]  # fmt: skip
    if not sqlite:
        firms = firms.with_columns(pl.col("founded_on").str.to_date("%Y-%m-%d"))
    changed = firms.filter(pl.col("_id").is_not_null())
    new = firms.filter(pl.col("_id").is_null())

    progress("写入企业", 0, total)
    update_fields = [f for f in firm_fields if f not in ("system", "uscc", "override_slugs", "override_reason", "source_key", "source_quote")]
    update_values = [v for f, v in zip(firm_fields, values, strict=True) if f in update_fields]
    update_rows(Enterprise, update_fields, _rows(changed, [*update_values, "_id"]))
    history_from_rows(Enterprise, where="import_batch_id = %s", params=[batch.pk], history_type="~", user=user, source=SOURCE_IMPORT, request_id=rid)
    before = _max_id(Enterprise)
    insert_rows(Enterprise, firm_fields, _rows(new, values), on_chunk=lambda n: progress("写入企业", changed.height + n))
    history_from_rows(Enterprise, where="import_batch_id = %s AND id > %s", params=[batch.pk, before], history_type="+", user=user, source=SOURCE_IMPORT, request_id=rid)

    ids = _ids_of_batch(batch)
    _write_placements(system, firms.join(ids, on="uscc", how="left"), changed)
    progress("写入经营数据", firms.height, total)
    figures = figures.join(ids, on="uscc", how="left").with_columns(pl.coalesce("_id", "_new_id").alias("_eid")).filter(pl.col("_changed"))
    fig_fields = ["enterprise", "year", "quarter", *FIGURE_COLUMNS, "origin", "import_batch", "import_row"]
    fig_values = [pl.col("_eid"), "year", "quarter", *FIGURE_COLUMNS, pl.lit(origin).alias("_origin"), pl.lit(batch.pk).alias("_batch"), pl.col("_row")]
    old = figures.filter(pl.col("_fid").is_not_null())
    update_rows(EnterpriseFigure, fig_fields[1:], _rows(old, [*fig_values[1:], "_fid"]))
    history_from_rows(EnterpriseFigure, where="import_batch_id = %s", params=[batch.pk], history_type="~", user=user, source=SOURCE_IMPORT, request_id=rid)
    before = _max_id(EnterpriseFigure)
    insert_rows(EnterpriseFigure, fig_fields, _rows(figures.filter(pl.col("_fid").is_null()), fig_values), on_chunk=lambda n: progress("写入经营数据", firms.height + old.height + n))
    history_from_rows(EnterpriseFigure, where="import_batch_id = %s AND id > %s", params=[batch.pk, before], history_type="+", user=user, source=SOURCE_IMPORT, request_id=rid)


def _rows(frame: pl.DataFrame, columns, size: int = 20_000):
    """Tuples for executemany, built a slice at a time: never a second full copy of the frame."""
    for start in range(0, frame.height, size):
        yield from frame.slice(start, size).select(columns).iter_rows()


def _max_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0]


def _ids_of_batch(batch) -> pl.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id, uscc FROM "{Enterprise._meta.db_table}" WHERE import_batch_id = %s', [batch.pk])
        return pl.DataFrame(cursor.fetchall(), schema={"_new_id": pl.Int64, "uscc": pl.String}, orient="row")


def _write_placements(system, firms: pl.DataFrame, changed: pl.DataFrame) -> None:
    """Placements of new and changed firms, from their effective industries (rules or override)."""
    table = EnterpriseIndustry._meta.db_table
    with connection.cursor() as cursor:
        ids = changed["_id"].to_list()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(f'DELETE FROM "{table}" WHERE enterprise_id IN ({", ".join(["%s"] * len(chunk))})', chunk)
    industries, segments = _industry_ids(system), _segment_ids(system)
    pairs = firms.select(
        pl.coalesce("_id", "_new_id").alias("eid"),
        pl.when(pl.col("_override").fill_null("") != "")
        .then(pl.col("_override").str.split("|").list.eval(pl.element() + pl.lit(":")).list.join("|"))
        .otherwise(pl.col("placements"))
        .alias("p"),
    ).filter(pl.col("p") != "")
    pairs = pairs.with_columns(pl.col("p").str.split("|")).explode("p").with_columns(
        pl.int_range(pl.len()).over("eid").alias("rank"),
        pl.col("p").str.split(":").list.first().replace_strict(industries, default=None, return_dtype=pl.Int64).alias("iid"),
        pl.col("p").replace_strict(segments, default=None, return_dtype=pl.Int64).alias("sid"),
    ).filter(pl.col("iid").is_not_null())
    insert_rows(EnterpriseIndustry, ["enterprise", "industry", "segment", "rank"], pairs.select("eid", "iid", "sid", "rank").iter_rows())

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
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from chanye.accounts.permissions import DENIED_FIRM_ELSEWHERE, DENIED_ROW_DISTRICT, row_scope
from chanye.analytics.classify import classify_frame
from chanye.core.bulk import history_from_rows, insert_rows, update_rows
from chanye.core.history import SOURCE_IMPORT, acting_as, current_request_id
from chanye.core.importing import lookup_words

from .columns import BOOL_FIELDS
from .concordance import concordance_for
from .models import Enterprise, EnterpriseFigure, EnterpriseIndustry, ImportBatch
from .reading import FileProblem, Source
from .selectors import industry_ids, segment_ids
from .validation import cell_errors, check_cells, consistency_errors, duplicate_errors, normalised

ATTRIBUTES = [
    "name",
    "district_id",
    "industry_code",
    "business_scope",
    "main_products",
    "founded_on",
    *BOOL_FIELDS,
    "park_id",
]
CLASS_FIELDS = [
    "industry_slugs",
    "segment_id",
    "class_confidence",
    "class_evidence",
    "class_version",
    "needs_review",
]
FIGURE_COLUMNS = ["output_value", "revenue", "tax", "rd_spend", "employees", "land_mu", "energy_tce"]


def district_map(system) -> dict[str, int]:
    """Code, name or name without 区 → id: the districts app's import lookup."""
    return lookup_words("districts", system)


def park_map(system) -> dict[str, int]:
    """Key or name → id: the places app's import lookup."""
    return lookup_words("parks", system)


def progress_path(pk: int) -> Path:
    return Path(settings.DATA_DIR) / "imports" / f"{pk}.progress.json"


class Progress:
    """Stage and rows done, on the batch row; during the one write transaction, in a side file
    (on SQLite the transaction holds the write lock, so the batch row cannot be updated)."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        self.path = progress_path(batch.pk)
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
            self.path.write_text(
                json.dumps(
                    {"stage": b.stage, "rows_done": b.rows_done, "rows_total": b.rows_total},
                    ensure_ascii=False,
                )
            )
        else:
            ImportBatch.objects.filter(pk=b.pk).update(
                stage=b.stage, rows_done=b.rows_done, rows_total=b.rows_total, status="running"
            )

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def live_progress(batch: ImportBatch) -> dict:
    """What the progress bar shows: the side file while the write transaction runs, else the row."""
    path = progress_path(batch.pk)
    if batch.status == "running" and path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    return {"stage": batch.stage, "rows_done": batch.rows_done, "rows_total": batch.rows_total}


@dataclass
class Plan:
    """One chunk compared with the registry."""

    firms: pl.DataFrame  # one row per firm in the chunk, with `_id` (null = new) and `_changed`
    figures: pl.DataFrame  # one row per firm × period, with `_fid` (null = new) and `_changed`
    rows: int
    first_row: int
    last_row: int


def start_batch(*, system, user, file_name: str, content: bytes, dry_run: bool) -> ImportBatch:
    return ImportBatch.objects.create(
        system=system,
        user=user,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        dry_run=dry_run,
        status="queued",
    )


def import_enterprises(
    *, batch: ImportBatch, content: bytes | None = None, path=None, origin: str = "import"
) -> ImportBatch:
    """Run one import to the end; the batch records the outcome (never raises for bad input).

    Give the file's `content`, or the `path` of a stored upload. A UTF-8 CSV on disk is processed
    CHUNK_ROWS rows at a time: first every cell of the whole file is checked (keeping errors,
    small keys and the typed chunks, spilled to disk), then, if there is no error, each typed
    chunk is compared, classified and written inside one transaction. Memory is bounded by the
    chunk, not by the file.
    """
    started = time.perf_counter()
    progress = Progress(batch)
    system = batch.system
    try:
        progress("读取文件")
        districts = district_map(system)
        parks = park_map(system)
        own = _own_district(batch.user)
        spill = None
        try:
            try:
                source = Source(
                    file_name=batch.file_name, content=content, path=Path(path) if path is not None else None
                )
                spill = _Spill(on_disk=source.path is not None, batch_id=batch.pk)
                total, errors, count, firsts = _check_file(
                    source, districts, progress, spill, parks, own, system
                )
            except FileProblem as exc:
                return _fail(batch, [{"row": None, "message": str(exc)}], 1, started)
            if count:
                return _fail(batch, errors, count, started)
            counts = _apply(batch, system, spill, firsts, total, progress, origin)
        finally:
            if spill is not None:
                spill.close()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status="done", stage="完成", rows_total=total, rows_done=total, finished_at=timezone.now(), seconds=round(time.perf_counter() - started, 3),
            created=counts["created"], updated=counts["updated"], unchanged=counts["unchanged"], figures=counts["figures"],
        )  # fmt: skip
    except Exception as exc:
        progress.clear()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status="error",
            stage="出错",
            finished_at=timezone.now(),
            errors=[{"row": None, "message": f"导入中断，未写入任何数据：{type(exc).__name__}: {exc}"[:500]}],
            error_count=1,
        )
        raise
    batch.refresh_from_db()
    return batch


def spill_prefix(batch_id: int) -> str:
    """Spill folders are named by their batch, so a killed import's folder can be found and removed."""
    return f"spill-{batch_id}-"


class _Spill:
    """The typed chunks of the checking pass, kept on disk (Arrow IPC) so the writing pass neither
    parses the file nor checks its cells a second time, and memory stays bounded by one chunk."""

    def __init__(self, *, on_disk: bool, batch_id: int = 0):
        self.on_disk = on_disk  # an upload held in memory is one small chunk: kept as it is
        self.frames: list[pl.DataFrame] = []
        self.paths: list[Path] = []
        self.dir = None
        self.prefix = spill_prefix(batch_id)

    def add(self, typed: pl.DataFrame) -> None:
        if not self.on_disk:
            self.frames.append(typed)
            return
        if self.dir is None:
            root = Path(settings.DATA_DIR) / "imports"
            root.mkdir(parents=True, exist_ok=True)
            self.dir = tempfile.TemporaryDirectory(dir=root, prefix=self.prefix)
        path = Path(self.dir.name) / f"{len(self.paths)}.arrow"
        typed.write_ipc(path)
        self.paths.append(path)

    def chunks(self):
        yield from self.frames
        for path in self.paths:
            yield pl.read_ipc(path)

    def close(self) -> None:
        self.frames = []
        self.paths = []
        if self.dir is not None:
            self.dir.cleanup()
            self.dir = None


def _apply(batch, system, spill: _Spill, firsts: pl.DataFrame, total: int, progress, origin: str) -> Counter:
    """Pass 2: compare, classify and (unless a dry run) write each checked chunk."""
    counts = Counter()
    if batch.dry_run:
        for typed in spill.chunks():
            _count(counts, _plan(system, typed, firsts))
            progress("比对已有企业", counts["rows"], total)
        return counts
    progress.in_transaction = True
    with _bulk_session(), transaction.atomic(), acting_as(batch.user, source=SOURCE_IMPORT):
        marks = {model: _max_id(model) for model in (Enterprise, EnterpriseFigure)}
        years = []
        progress("写入", 0, total)  # the page shows writing has begun (and a killed worker's test can see it)
        for typed in spill.chunks():
            plan = _plan(system, typed, firsts)
            del typed
            _count(counts, plan)
            years.append(plan.figures["year"].max())
            _write(batch, _classify(system, plan.firms), plan, marks, origin)
            progress("写入", counts["rows"], total)
        from .rollups import rebuild_rollups

        progress("更新汇总", total, total)
        rebuild_rollups(system, year_hint=max((y for y in years if y is not None), default=None))
    progress.in_transaction = False
    progress.clear()
    return counts


def _own_district(user) -> tuple[int, str] | None:
    """A district editor's district and the refusal of other districts' rows; None for city staff."""
    scope = row_scope(user) if user is not None else None
    if scope is None or scope.everything or scope.district_id is None:
        return None
    return scope.district_id, DENIED_ROW_DISTRICT.format(own=scope.district_name)


def _other_districts_firms(system, keys: pl.DataFrame, own: tuple[int, str]) -> pl.DataFrame:
    """First rows of firms already registered in another district: a district editor may not
    move them (the firm's district is changed by city staff, who see both districts)."""
    firsts = keys.group_by("uscc").agg(pl.col("_row").min())
    taken = set()
    usccs = firsts["uscc"].to_list()
    for i in range(0, len(usccs), 5000):
        taken |= set(
            Enterprise.objects.filter(system=system, uscc__in=usccs[i : i + 5000])
            .exclude(district_id=own[0])
            .values_list("uscc", flat=True)
        )
    return firsts.filter(pl.col("uscc").is_in(list(taken))).select(
        pl.col("_row").cast(pl.UInt32),
        pl.lit("uscc").alias("field"),
        pl.col("uscc").alias("value"),
        pl.lit(DENIED_FIRM_ELSEWHERE).alias("message"),
    )


def _check_file(  # noqa: PLR0913 - the maps of one import, and whose it is
    source: Source, districts: dict, progress, spill: _Spill, parks: dict, own=None, system=None
) -> tuple[int, list[dict], int, pl.DataFrame]:
    """Pass 1: (data rows, first errors, error count, first row of each firm); the typed chunks
    are spilled for pass 2 while no error has been found."""
    errors, keys, rows = [], [], 0
    for table in source.chunks():
        typed, errs, k = check_cells(table, districts=districts, parks=parks, own_district=own)
        if errs.height:
            spill.close()  # nothing will be written: stop keeping chunks, keep counting errors
        elif not any(e.height for e in errors):
            spill.add(typed)
        del typed
        errors.append(errs)
        keys.append(k)
        rows += table.frame.height
        progress("校验", rows, None)
    if rows == 0:
        raise FileProblem(f"文件「{source.file_name}」只有表头，没有数据行。")
    keys = pl.concat(keys)
    twice, differing = duplicate_errors(keys)
    errors.append(twice)
    if own is not None:
        errors.append(_other_districts_firms(system, keys, own))
    if differing:
        rows_of = [normalised(t).filter(pl.col("uscc").is_in(list(differing))) for t in source.chunks()]
        errors.append(consistency_errors(pl.concat(rows_of)))
    found = pl.concat(errors)
    if found.height:
        return rows, [e.as_dict() for e in cell_errors(found, source.letters)], found.height, keys.clear()
    firsts = keys.group_by("uscc").agg(pl.col("_row").min().alias("_first_row"))
    return rows, [], 0, firsts


def _count(counts: Counter, plan) -> None:
    """A firm is counted in the chunk holding its first row: later chunks see it already written."""
    mine = plan.firms.filter(pl.col("_row") == pl.col("_first_row"))
    counts["created"] += mine.filter(pl.col("_id").is_null()).height
    counts["updated"] += mine.filter(pl.col("_id").is_not_null() & pl.col("_changed")).height
    counts["unchanged"] += mine.filter(pl.col("_id").is_not_null() & ~pl.col("_changed")).height
    counts["figures"] += plan.figures.filter(pl.col("_changed")).height
    counts["rows"] += plan.rows


@contextmanager
def _bulk_session():
    """SQLite settings for one large write, restored afterwards (this connection only).

    Foreign keys are not re-checked row by row: every id written comes from the database itself
    (districts, segments, the firms just inserted), so the per-row parent lookups only cost time.
    Index pages stay in memory (96 MB at most) instead of spilling.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        cursor.execute("PRAGMA cache_size = -98304")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA cache_size = -2000")


def _fail(batch, errors: list[dict], count: int, started: float) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="failed",
        stage="有错误",
        errors=errors,
        error_count=count,
        finished_at=timezone.now(),
        seconds=round(time.perf_counter() - started, 3),
    )
    batch.refresh_from_db()
    return batch


# ---------------------------------------------------------------- compare with what is registered


KEYS_TABLE = "chanye_import_keys"


def _load_keys(usccs: list[str]) -> None:
    """The chunk's credit codes in a temporary table: existing rows are found by one join."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {KEYS_TABLE} (uscc varchar(18) PRIMARY KEY)")
        cursor.execute(f"DELETE FROM {KEYS_TABLE}")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {KEYS_TABLE} (uscc) FROM STDIN") as copy:
                for u in usccs:
                    copy.write_row((u,))
        else:
            cursor.executemany(f"INSERT INTO {KEYS_TABLE} (uscc) VALUES (%s)", [(u,) for u in usccs])


def _existing_firms(system) -> pl.DataFrame:
    cols = ", ".join(f"e.{c}" for c in ["id", "uscc", *ATTRIBUTES, "override_slugs", "override_segment_id"])
    schema = {
        "_id": pl.Int64, "uscc": pl.String, "name": pl.String, "district_id": pl.Int64, "industry_code": pl.String, "business_scope": pl.String,
        "main_products": pl.String, "founded_on": pl.String, **{b: pl.Boolean for b in BOOL_FIELDS}, "park_id": pl.Int64, "_override": pl.String, "_override_segment": pl.Int64,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {cols} FROM "{Enterprise._meta.db_table}" e JOIN {KEYS_TABLE} k ON k.uscc = e.uscc WHERE e.system_id = %s',
            [system.pk],
        )
        rows = [
            (
                *r[:7],
                None if r[7] is None else str(r[7]),
                # SQLite gives 0/1; a null (规模 unknown) stays null, so a file that states it is a change.
                *(None if x is None else bool(x) for x in r[8 : 8 + len(BOOL_FIELDS)]),
                *r[8 + len(BOOL_FIELDS) :],
            )
            for r in cursor.fetchall()
        ]
    return pl.DataFrame(rows, schema=schema, orient="row")


def _existing_figures(system) -> pl.DataFrame:
    schema = {
        "_fid": pl.Int64,
        "_id": pl.Int64,
        "year": pl.Int32,
        "quarter": pl.Int32,
        **{f"{c}_old": pl.Float64 for c in FIGURE_COLUMNS},
    }
    table, firms = EnterpriseFigure._meta.db_table, Enterprise._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT f.id, f.enterprise_id, f.year, f.quarter, {", ".join(f"f.{c}" for c in FIGURE_COLUMNS)} FROM "{table}" f '
            f'JOIN "{firms}" e ON e.id = f.enterprise_id JOIN {KEYS_TABLE} k ON k.uscc = e.uscc WHERE e.system_id = %s',
            [system.pk],
        )
        rows = [(*r[:4], *(None if v is None else float(v) for v in r[4:])) for r in cursor.fetchall()]
    return pl.DataFrame(rows, schema=schema, orient="row")


def _plan(system, typed: pl.DataFrame, firsts: pl.DataFrame) -> Plan:
    firms = (
        typed.sort("_row")
        .unique("uscc", keep="first", maintain_order=True)
        .select("_row", "uscc", *ATTRIBUTES)
    )
    firms = firms.with_columns(pl.col("founded_on").dt.to_string("%Y-%m-%d")).join(
        firsts, on="uscc", how="left"
    )
    _load_keys(firms["uscc"].to_list())
    existing = _existing_firms(system)
    joined = firms.join(existing, on="uscc", how="left", suffix="_old")
    same = pl.all_horizontal([pl.col(a).eq_missing(pl.col(f"{a}_old")) for a in ATTRIBUTES])
    firms = joined.with_columns((~same).alias("_changed")).select(
        "_row", "_first_row", "uscc", *ATTRIBUTES, "_id", "_changed", "_override", "_override_segment"
    )

    figures = typed.filter(pl.col("year").is_not_null()).select(
        "_row", "uscc", "year", "quarter", *FIGURE_COLUMNS
    )
    figures = figures.join(firms.select("uscc", "_id"), on="uscc", how="left")
    old = _existing_figures(system) if existing.height else pl.DataFrame()
    if old.height:
        figures = figures.join(old, on=["_id", "year", "quarter"], how="left", suffix="_old")
        same = pl.all_horizontal(
            [pl.col(c).cast(pl.Float64).eq_missing(pl.col(f"{c}_old")) for c in FIGURE_COLUMNS]
        )
        figures = figures.with_columns((pl.col("_fid").is_null() | ~same).alias("_changed"))
    else:
        figures = figures.with_columns(pl.lit(None, pl.Int64).alias("_fid"), pl.lit(True).alias("_changed"))
    rows = typed["_row"]
    return Plan(
        firms,
        figures.select("_row", "uscc", "_id", "_fid", "year", "quarter", *FIGURE_COLUMNS, "_changed"),
        typed.height,
        rows.min(),
        rows.max(),
    )


# ---------------------------------------------------------------- classify


def _classify(system, firms: pl.DataFrame) -> pl.DataFrame:
    """Rules for new and changed firms; a manual placement (override) stays in force."""
    concordance = concordance_for(system)
    todo = firms.filter(pl.col("_id").is_null() | pl.col("_changed"))
    result = classify_frame(concordance, todo, scope="business_scope", products="main_products")
    segments = segment_ids(system)
    effective = (
        pl.when(pl.col("_override").fill_null("") != "")
        .then(pl.col("_override"))
        .otherwise(pl.col("industries"))
    )
    primary_segment = pl.concat_str(
        [pl.col("industries").str.split("|").list.first(), pl.col("segment")], separator=":"
    )
    return result.with_columns(
        effective.alias("industry_slugs"),
        pl.when(pl.col("_override").fill_null("") != "")
        .then(pl.col("_override_segment"))
        .otherwise(primary_segment.replace_strict(segments, default=None, return_dtype=pl.Int64))
        .alias("segment_id"),
        pl.col("confidence").alias("class_confidence"),
        pl.col("evidence").alias("class_evidence"),
        pl.lit(concordance.version).alias("class_version"),
    )


# ---------------------------------------------------------------- write (inside one transaction)


def _write(batch: ImportBatch, firms: pl.DataFrame, plan: Plan, marks: dict, origin: str) -> None:
    """One chunk: changed firms updated, new ones inserted, then placements and figures; the
    history rows of exactly these writes are copied by the database (rows of this chunk that
    existed before the import → "~", ids above the chunk's start → "+")."""
    system = batch.system
    user, rid = batch.user, current_request_id()
    sqlite = connection.vendor == "sqlite"
    firm_fields = [
        "system", "uscc", "name", "district", "industry_code", "business_scope", "main_products", "founded_on", *BOOL_FIELDS, "park",
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
    in_chunk = "import_batch_id = %s AND import_row BETWEEN %s AND %s AND id <= %s"

    update_fields = [
        f
        for f in firm_fields
        if f not in ("system", "uscc", "override_slugs", "override_reason", "source_key", "source_quote")
    ]
    update_values = [v for f, v in zip(firm_fields, values, strict=True) if f in update_fields]
    if changed.height:
        update_rows(Enterprise, update_fields, _rows(changed, [*update_values, "_id"]))
        history_from_rows(
            Enterprise,
            where=in_chunk,
            params=[batch.pk, plan.first_row, plan.last_row, marks[Enterprise]],
            history_type="~",
            user=user,
            source=SOURCE_IMPORT,
            request_id=rid,
        )
    before = _max_id(Enterprise)
    if new.height:
        insert_rows(Enterprise, firm_fields, _rows(new, values))
        history_from_rows(
            Enterprise,
            where="import_batch_id = %s AND id > %s",
            params=[batch.pk, before],
            history_type="+",
            user=user,
            source=SOURCE_IMPORT,
            request_id=rid,
        )
    ids = _new_ids(batch, before)
    _write_placements(system, firms.join(ids, on="uscc", how="left"), changed)

    figures = (
        plan.figures.join(ids, on="uscc", how="left")
        .with_columns(pl.coalesce("_id", "_new_id").alias("_eid"))
        .filter(pl.col("_changed"))
    )
    fig_fields = ["enterprise", "year", "quarter", *FIGURE_COLUMNS, "origin", "import_batch", "import_row"]
    fig_values = [
        pl.col("_eid"),
        "year",
        "quarter",
        *FIGURE_COLUMNS,
        pl.lit(origin).alias("_origin"),
        pl.lit(batch.pk).alias("_batch"),
        pl.col("_row"),
    ]
    old = figures.filter(pl.col("_fid").is_not_null())
    if old.height:
        update_rows(EnterpriseFigure, fig_fields[1:], _rows(old, [*fig_values[1:], "_fid"]))
        history_from_rows(
            EnterpriseFigure,
            where=in_chunk,
            params=[batch.pk, plan.first_row, plan.last_row, marks[EnterpriseFigure]],
            history_type="~",
            user=user,
            source=SOURCE_IMPORT,
            request_id=rid,
        )
    before = _max_id(EnterpriseFigure)
    fresh = figures.filter(pl.col("_fid").is_null())
    if fresh.height:
        insert_rows(EnterpriseFigure, fig_fields, _rows(fresh, fig_values))
        history_from_rows(
            EnterpriseFigure,
            where="import_batch_id = %s AND id > %s",
            params=[batch.pk, before],
            history_type="+",
            user=user,
            source=SOURCE_IMPORT,
            request_id=rid,
        )


def _rows(frame: pl.DataFrame, columns, size: int = 20_000):
    """Tuples for executemany, built a slice at a time: never a second full copy of the frame."""
    for start in range(0, frame.height, size):
        yield from frame.slice(start, size).select(columns).iter_rows()


def _max_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0]


def _new_ids(batch, before: int) -> pl.DataFrame:
    """Ids of the firms this chunk inserted (above the chunk's starting id)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT id, uscc FROM "{Enterprise._meta.db_table}" WHERE id > %s AND import_batch_id = %s',
            [before, batch.pk],
        )
        return pl.DataFrame(cursor.fetchall(), schema={"_new_id": pl.Int64, "uscc": pl.String}, orient="row")


def _write_placements(system, firms: pl.DataFrame, changed: pl.DataFrame) -> None:
    """Placements of new and changed firms, from their effective industries (rules or override)."""
    firms = firms.filter(pl.col("_id").is_null() | pl.col("_changed"))
    table = EnterpriseIndustry._meta.db_table
    with connection.cursor() as cursor:
        ids = changed["_id"].to_list()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f'DELETE FROM "{table}" WHERE enterprise_id IN ({", ".join(["%s"] * len(chunk))})', chunk
            )
    industries, segments = industry_ids(system), segment_ids(system)
    pairs = firms.select(
        pl.coalesce("_id", "_new_id").alias("eid"),
        pl.when(pl.col("_override").fill_null("") != "")
        .then(pl.col("_override").str.split("|").list.eval(pl.element() + pl.lit(":")).list.join("|"))
        .otherwise(pl.col("placements"))
        .alias("p"),
    ).filter(pl.col("p") != "")
    pairs = (
        pairs.with_columns(pl.col("p").str.split("|"))
        .explode("p")
        .with_columns(
            pl.int_range(pl.len()).over("eid").alias("rank"),
            pl.col("p")
            .str.split(":")
            .list.first()
            .replace_strict(industries, default=None, return_dtype=pl.Int64)
            .alias("iid"),
            pl.col("p").replace_strict(segments, default=None, return_dtype=pl.Int64).alias("sid"),
        )
        .filter(pl.col("iid").is_not_null())
    )
    insert_rows(
        EnterpriseIndustry,
        ["enterprise", "industry", "segment", "rank"],
        pairs.select("eid", "iid", "sid", "rank").iter_rows(),
    )

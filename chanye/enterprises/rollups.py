"""Pre-aggregated enterprise figures (EnterpriseRollup), rebuilt after every import or re-classification.

Two GROUP BY passes over the registry (per industry × segment × district through the placements,
and per district over all firms); the coarser levels are sums of those rows, which is exact
because a firm has one placement per industry and one district. Pages then read a few hundred
rows instead of aggregating a million.
"""

from decimal import Decimal

from django.db import connection

from chanye.core.bulk import insert_rows
from chanye.core.pagecache import bump_data_version

from .models import Enterprise, EnterpriseFigure, EnterpriseIndustry, EnterpriseRollup

COUNTS = [
    "firms",
    "above_scale",
    "chain_leaders",
    "srdi",
    "little_giants",
    "high_tech",
    "listed",
    "key_firms",
    "demo_firms",
]
SUMS = ["output_value", "revenue", "tax", "rd_spend", "employees"]
FLAG_SQL = [
    "COUNT(*)",
    *(
        f"SUM(CASE WHEN e.{f} THEN 1 ELSE 0 END)"
        for f in (
            "above_scale",
            "is_chain_leader",
            "is_srdi",
            "is_little_giant",
            "is_high_tech",
            "is_listed",
            "is_key",
        )
    ),
    "SUM(CASE WHEN e.origin = 'demo' THEN 1 ELSE 0 END)",
]
MONEY = {len(COUNTS) + i for i, f in enumerate(SUMS) if f != "employees"}  # positions summed as Decimal
SUM_SQL = [f"COALESCE(SUM(f.{f}), 0)" for f in SUMS]


def latest_year(system) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT MAX(f.year) FROM "{EnterpriseFigure._meta.db_table}" f JOIN "{Enterprise._meta.db_table}" e ON e.id = f.enterprise_id '
            "WHERE e.system_id = %s AND f.quarter = 0",
            [system.pk],
        )
        return cursor.fetchone()[0]


def _grouped(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rebuild_rollups(system, *, year_hint: int | None = None) -> int:
    """`year_hint`: the newest year an import just wrote; with the year already rolled up it spares
    a scan of every figure for the latest year."""
    if year_hint is not None:
        current = (
            EnterpriseRollup.objects.filter(system=system, level="all").values_list("year", flat=True).first()
        )
        year = max(year_hint, current or 0)
    else:
        year = latest_year(system)
    ent, fig, plc = (
        Enterprise._meta.db_table,
        EnterpriseFigure._meta.db_table,
        EnterpriseIndustry._meta.db_table,
    )
    figures_join = f'LEFT JOIN "{fig}" f ON f.enterprise_id = e.id AND f.year = %s AND f.quarter = 0'
    measures = ", ".join(FLAG_SQL + SUM_SQL)
    by_chain = _grouped(
        f'SELECT p.industry_id, p.segment_id, e.district_id, {measures} FROM "{plc}" p JOIN "{ent}" e ON e.id = p.enterprise_id '
        f"{figures_join} WHERE e.system_id = %s GROUP BY p.industry_id, p.segment_id, e.district_id",
        [year, system.pk],
    )
    by_district = _grouped(
        f'SELECT NULL, NULL, e.district_id, {measures} FROM "{ent}" e {figures_join} WHERE e.system_id = %s GROUP BY e.district_id',
        [year, system.pk],
    )
    totals: dict[tuple, list] = {}

    def add(key, values):
        row = totals.setdefault(key, [0] * len(values))
        for i, v in enumerate(values):
            row[i] += Decimal(v or 0) if i in MONEY else int(v or 0)

    # A null segment inside a "segment" level means 未定环节, not "all segments": the level says which.
    for industry, segment, district, *values in by_chain:
        add(("segment_district", industry, segment, district), values)
        add(("segment", industry, segment, None), values)
        add(("industry_district", industry, None, district), values)
        add(("industry", industry, None, None), values)
    for _, _, district, *values in by_district:
        add(("district", None, None, district), values)
        add(("all", None, None, None), values)
    EnterpriseRollup.objects.filter(system=system).delete()
    # Thousands of rows: one executemany, not a model instance each.
    fields = ["system", "level", "industry", "segment", "district", "year", *COUNTS, *SUMS]
    count = insert_rows(
        EnterpriseRollup,
        fields,
        ((system.pk, level, i, s, d, year, *values) for (level, i, s, d), values in totals.items()),
    )
    bump_data_version()  # the pages that show these figures are cached under the data version
    return count

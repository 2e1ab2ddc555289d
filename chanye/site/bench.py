"""`make bench`: measured, never asserted. Writes bench/results/<name>-<time>.json.

Ratios are against a baseline measured in the same run (these machines are noisy):
- definition: parse + validate the 12218 file; load it into an empty database; reload (no-op).
- pages: server time of 体系总览 / 产业 / 3+5+3+1 matrix against a trivial authenticated request
  (/healthz), median of repeated in-process requests.
  The board is compared with /ping/, a trivial authenticated page in the same layout.
- targets (--targets, or --all): 10,000 targets with 60 monthly observations each; time to build
  the evaluation snapshots, then the 目标看板 server time against /ping/ (aim: at most 3×),
  requests to the two alternating; and the first board request after an observation changes.
- enterprises (--enterprises, or --all): 1,000,000 enterprise rows imported against a raw
  sqlite3.executemany of the same rows, peak memory, and pages with them loaded (bench_enterprises.py).
"""

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from chanye.site.bench_enterprises import paired_ms


def _median_ms(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 2)


def _bench_targets(system, client, baseline_ms: float, n_targets: int = 10_000, n_obs: int = 60) -> dict:
    """10,000 targets × 60 monthly observations; the board's server time against /healthz."""
    from datetime import date

    from chanye.targets.models import Indicator, Observation, Series, Target, TargetSnapshot
    from chanye.targets.snapshots import ensure_snapshots

    out: dict = {}
    indicator = Indicator.objects.create(
        system=system, code="bench_projects", name_zh="基准测试项目数", unit="个", aggregation="sum"
    )
    districts = list(system.districts.all())
    start = time.perf_counter()
    targets = [
        Target(
            system=system,
            code=f"bench_{i:05d}",
            indicator=indicator,
            owner_kind="district",
            district=districts[i % len(districts)],
            kind="count",
            comparison=">=",
            value=1000,
            unit="个",
            value_std=1000,
            period_start=date(2021, 1, 1),
            deadline=date(2025, 12, 31),
            trajectory="linear",
            quote="（基准测试）",
            source_key="S00",
            order=1000 + i,
        )
        for i in range(n_targets)
    ]
    # Each benchmark target reads a series of its own (as 10,000 real targets on distinct indicators).
    series = Series.objects.bulk_create(
        [Series(indicator=indicator, owner_kind="district", key=f"bench:{i}") for i in range(n_targets)],
        batch_size=2000,
    )
    if series[0].pk is None:  # backends that return no ids from bulk inserts
        series = list(Series.objects.filter(key__startswith="bench:").order_by("pk"))
    for target, one in zip(targets, series, strict=True):
        target.series = one
    Target.objects.bulk_create(targets, batch_size=2000)
    months = [date(2021 + m // 12, m % 12 + 1, 28) for m in range(n_obs)]
    batch = []
    for t in Target.objects.filter(indicator=indicator).only("pk", "series_id"):
        for k, d in enumerate(months):
            value = Decimal(10 + (t.pk * 7 + k * 13) % 20)
            batch.append(
                Observation(
                    series_id=t.series_id,
                    target_id=t.pk,
                    period_end=d,
                    value=value,
                    value_as_entered=value,
                    unit_as_entered="个",
                    origin="import",
                )
            )
        if len(batch) >= 50_000:
            Observation.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Observation.objects.bulk_create(batch, batch_size=5000)
    out["targets_setup_s"] = round(time.perf_counter() - start, 2)
    out["targets"] = Target.objects.count()
    out["observations"] = Observation.objects.count()
    on = date(2025, 6, 30)
    start = time.perf_counter()
    out["snapshot_rebuilt"] = ensure_snapshots(system=system, on=on).rebuilt
    out["snapshot_rebuild_s"] = round(time.perf_counter() - start, 2)
    out["snapshots"] = TargetSnapshot.objects.count()
    board = f"/s/{system.slug}/targets/?on={on}"
    pages = {
        "board": board,
        "board_sorted_by_status": board + "&sort=status",
        "board_district_filter": board + "&district=440106",
        "board_page_50": board + "&page=50",
    }
    for url in pages.values():
        assert client.get(url).status_code == 200
    out["targets_healthz_ms"] = _median_ms(lambda: client.get("/healthz"), 30)
    for name, url in pages.items():
        ms, baseline = paired_ms(client, url, "/ping/", 30)
        out[f"{name}_ms"] = ms
        out[f"{name}_baseline_ms"] = baseline
        out[f"{name}_ratio_to_baseline"] = round(ms / baseline, 1)
    # After a change (one new observation): that target's snapshot is rebuilt and the counts
    # recomputed once; the following requests are the cached path measured above.
    target = Target.objects.filter(indicator=indicator).first()
    after_change = []
    for k in range(10):
        Observation.objects.create(
            series_id=target.series_id,
            target=target,
            period_end=date(2025, 6, 1 + k),
            value=1,
            value_as_entered=1,
            unit_as_entered="个",
            origin="import",
        )
        start = time.perf_counter()
        client.get(board)
        after_change.append((time.perf_counter() - start) * 1000)
    out["board_first_request_after_a_change_ms"] = round(statistics.median(after_change), 2)
    out["board_first_request_after_a_change_ratio_to_baseline"] = round(
        statistics.median(after_change) / out["board_baseline_ms"], 1
    )
    return out


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="chanye-bench-")
    os.environ["CHANYE_DATA_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chanye.settings")
    os.environ["CHANYE_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from chanye.accounts.services import cli_user, user_create
    from chanye.core.history import SOURCE_CLI
    from chanye.systems.definition import read_definition
    from chanye.systems.services import system_load

    call_command("migrate", interactive=False, verbosity=0)
    path = settings.DEFAULT_SYSTEM_FILE
    result: dict = {
        "name": "foundation",
        "at": datetime.now().isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
    }
    result["definition_parse_ms"] = _median_ms(lambda: read_definition(path), 5)
    definition = read_definition(path)
    start = time.perf_counter()
    system = system_load(definition=definition, user=cli_user(), source=SOURCE_CLI).system
    result["definition_first_load_ms"] = round((time.perf_counter() - start) * 1000, 2)
    result["definition_reload_noop_ms"] = _median_ms(
        lambda: system_load(definition=definition, user=cli_user(), source=SOURCE_CLI), 3
    )

    user, _ = user_create(username="bench", role="viewer")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    pages = {
        "overview": "/",
        "industry": f"/s/{system.slug}/industries/icv_nev/",
        "district": f"/s/{system.slug}/districts/440106/",
        "package_matrix": f"/s/{system.slug}/package/",
        "api_industries": "/api/v1/industries?limit=100",
    }
    for url in ["/healthz", *pages.values()]:
        client.get(url)  # warm caches and template loading
    baseline = _median_ms(lambda: client.get("/healthz"), 30)
    result["baseline_trivial_request_ms"] = baseline
    for name, url in pages.items():
        ms = _median_ms(lambda url=url: client.get(url), 15)
        result[f"page_{name}_ms"] = ms
        result[f"page_{name}_ratio_to_baseline"] = round(ms / baseline, 1) if baseline else None

    if "--targets" in sys.argv or "--all" in sys.argv:
        result.update(_bench_targets(system, client, baseline))
    if "--enterprises" in sys.argv or "--all" in sys.argv:
        from chanye.site import bench_enterprises

        result.update(bench_enterprises.run())

    out_dir = Path(settings.REPO_DIR) / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"foundation-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"已写入 {out}")


if __name__ == "__main__":
    main()

"""`make bench` part: 1,000,000 enterprise rows imported, against a raw insert of the same rows.

Each measurement runs in its own process (fresh interpreter, fresh database), so peak memory
(ru_maxrss) is that step's own. Measured, never asserted:
- raw: csv.reader + sqlite3.executemany of the same rows into a plain 24-column table, one
  transaction, the product's pragmas (WAL, synchronous=NORMAL) — the physical floor;
- chanye: the product import (read, validate every cell, classify, upsert, placements, figures,
  history rows for every firm and figure, rollups), timed from the bytes to the commit;
- re-import of the same file (every row compared, nothing written);
- pages with the million firms loaded (产业, 区, 体系总览) against /ping/, requests alternating;
- on PostgreSQL (a throwaway cluster from scripts/with-postgres.sh, when PostgreSQL 15 is
  installed): a raw `COPY … FROM STDIN (FORMAT csv)` of the same file into a plain table, against
  the product import on PostgreSQL (whose own inserts use COPY). The throwaway cluster runs with
  fsync off, so both PostgreSQL figures are optimistic; the ratio is what to read.
"""

import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N = int(os.getenv("CHANYE_BENCH_ENTERPRISES", "1000000"))


def paired_ms(client, url: str, baseline_url: str, repeat: int) -> tuple[float, float]:
    """Medians of a page and the baseline measured alternately, so machine noise hits both alike."""
    page, base = [], []
    for _ in range(repeat):
        for samples, u in ((base, baseline_url), (page, url)):
            start = time.perf_counter()
            client.get(u)
            samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(page), 2), round(statistics.median(base), 2)


def _peak_mb() -> float:
    """This process's own peak (VmHWM). ru_maxrss would include the parent's size at fork."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _setup_django(data_dir: str, *, postgres: bool = False):
    os.environ["CHANYE_DATA_DIR"] = data_dir
    if not postgres:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chanye.settings")
    os.environ["CHANYE_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from chanye.accounts.services import cli_user
    from chanye.core.history import SOURCE_CLI
    from chanye.systems.definition import read_definition
    from chanye.systems.services import system_load

    call_command("migrate", interactive=False, verbosity=0)
    return system_load(
        definition=read_definition(settings.DEFAULT_SYSTEM_FILE), user=cli_user(), source=SOURCE_CLI
    ).system


def child_generate(csv_path: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        system = _setup_django(tmp)
        from chanye.enterprises.concordance import concordance_for
        from chanye.enterprises.demo import demo_csv

        start = time.perf_counter()
        content = demo_csv(
            N,
            districts=list(system.districts.order_by("order").values_list("code", "name_zh")),
            concordance=concordance_for(system),
        )
        Path(csv_path).write_bytes(content)
        return {
            "rows": N,
            "csv_mb": round(len(content) / 2**20, 1),
            "generate_s": round(time.perf_counter() - start, 2),
        }


def child_raw(csv_path: str) -> dict:
    import csv

    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "raw.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        start = time.perf_counter()
        with open(csv_path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            db.execute(
                f"CREATE TABLE t (id INTEGER PRIMARY KEY, {', '.join(f'c{i} TEXT' for i in range(len(header)))})"
            )
            db.execute("BEGIN")
            db.executemany(
                f"INSERT INTO t ({', '.join(f'c{i}' for i in range(len(header)))}) VALUES ({', '.join('?' * len(header))})",
                reader,
            )
            db.execute("COMMIT")
        seconds = time.perf_counter() - start
        count = db.execute("SELECT COUNT(*) FROM t").fetchone()[0]
    return {"raw_executemany_s": round(seconds, 2), "raw_rows": count, "raw_peak_mb": _peak_mb()}


def child_pg(csv_path: str) -> dict:
    """Run under scripts/with-postgres.sh (DATABASE_URL set): raw COPY, then the product import."""
    import psycopg

    out: dict = {}
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        with open(csv_path, encoding="utf-8") as f:
            width = len(f.readline().split(","))
        conn.execute(
            f"CREATE TABLE raw_copy (id bigserial PRIMARY KEY, {', '.join(f'c{i} text' for i in range(width))})"
        )
        start = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            with (
                cur.copy(
                    f"COPY raw_copy ({', '.join(f'c{i}' for i in range(width))}) FROM STDIN (FORMAT csv, HEADER true)"
                ) as copy,
                open(csv_path, "rb") as f,
            ):
                while block := f.read(2**20):
                    copy.write(block)
        out["pg_raw_copy_s"] = round(time.perf_counter() - start, 2)
        out["pg_raw_rows"] = conn.execute("SELECT COUNT(*) FROM raw_copy").fetchone()[0]
        conn.execute("DROP TABLE raw_copy")
    with tempfile.TemporaryDirectory() as tmp:
        system = _setup_django(tmp, postgres=True)
        from chanye.accounts.services import cli_user
        from chanye.enterprises.importing import import_enterprises, start_batch
        from chanye.enterprises.models import Enterprise

        start = time.perf_counter()
        batch = import_enterprises(
            batch=start_batch(
                system=system, user=cli_user(), file_name="bench.csv", content=b"", dry_run=False
            ),
            path=csv_path,
        )
        out["pg_import_s"] = round(time.perf_counter() - start, 2)
        out["pg_import_status"] = batch.status
        out["pg_firms"] = Enterprise.objects.count()
        out["pg_firm_history_rows"] = Enterprise.history.count()
        out["pg_import_peak_mb"] = _peak_mb()
    out["pg_import_ratio_to_raw_copy"] = round(out["pg_import_s"] / out["pg_raw_copy_s"], 2)
    return out


def child_import(csv_path: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        system = _setup_django(tmp)
        from django.contrib.auth import get_user_model
        from django.test import Client

        from chanye.accounts.services import cli_user, user_create
        from chanye.enterprises.importing import import_enterprises, start_batch
        from chanye.enterprises.models import Enterprise, EnterpriseFigure, EnterpriseIndustry

        out: dict = {"peak_mb_before_import": _peak_mb()}
        content = b""  # parsed from disk, as a stored upload is
        start = time.perf_counter()
        batch = import_enterprises(
            batch=start_batch(
                system=system, user=cli_user(), file_name="bench.csv", content=content, dry_run=False
            ),
            path=csv_path,
        )
        out["import_s"] = round(time.perf_counter() - start, 2)
        out["import_peak_mb"] = _peak_mb()
        out["import_status"] = batch.status
        out["created"] = batch.created
        out["firms"] = Enterprise.objects.count()
        out["firm_history_rows"] = Enterprise.history.count()
        out["figures"] = EnterpriseFigure.objects.count()
        out["figure_history_rows"] = EnterpriseFigure.history.count()
        out["placements"] = EnterpriseIndustry.objects.count()
        out["classified_firms"] = Enterprise.objects.exclude(industry_slugs="").count()
        start = time.perf_counter()
        again = import_enterprises(
            batch=start_batch(
                system=system, user=cli_user(), file_name="bench.csv", content=content, dry_run=False
            ),
            path=csv_path,
        )
        out["reimport_unchanged_s"] = round(time.perf_counter() - start, 2)
        out["reimport_unchanged"] = again.unchanged
        out["peak_mb"] = _peak_mb()

        user, _ = user_create(username="bench", role="viewer")
        client = Client()
        client.force_login(
            get_user_model().objects.get(pk=user.pk), backend="django.contrib.auth.backends.ModelBackend"
        )
        pages = {
            "overview": "/",
            "industry": f"/s/{system.slug}/industries/icv_nev/",
            "district": f"/s/{system.slug}/districts/440106/",
            "chain_map": f"/s/{system.slug}/industries/icv_nev/chain/",
            "enterprise_list": f"/s/{system.slug}/enterprises/?district=440106",
        }
        for name, url in pages.items():
            start = time.perf_counter()
            status = client.get(url).status_code  # the first view: rendered, then cached
            out[f"enterprises_page_{name}_first_view_ms"] = round((time.perf_counter() - start) * 1000, 2)
            if status != 200:
                out[f"enterprises_page_{name}_status"] = status
                continue
            ms, base = paired_ms(client, url, "/ping/", 20)
            out[f"enterprises_page_{name}_ms"] = ms
            out[f"enterprises_page_{name}_baseline_ms"] = base
            out[f"enterprises_page_{name}_ratio_to_baseline"] = round(ms / base, 1)
        return out


def run() -> dict:
    """Parent: one subprocess per step, results merged."""
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = str(Path(tmp) / "enterprises.csv")
        result: dict = {"enterprise_rows": N}
        for step in ("generate", "raw", "import"):
            proc = subprocess.run(
                [sys.executable, "-m", "chanye.site.bench_enterprises", step, csv_path],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                result[f"{step}_error"] = proc.stderr[-2000:]
                break
            result.update(json.loads(proc.stdout.strip().splitlines()[-1]))
        if "import_s" in result and "raw_executemany_s" in result:
            result["import_ratio_to_raw_executemany"] = round(
                result["import_s"] / result["raw_executemany_s"], 2
            )
        if Path("/usr/lib/postgresql/15/bin/initdb").exists() and "generate_error" not in result:
            script = Path(__file__).resolve().parent.parent / "scripts" / "with-postgres.sh"
            proc = subprocess.run(
                ["bash", str(script), sys.executable, "-m", "chanye.site.bench_enterprises", "pg", csv_path],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                result["pg_error"] = proc.stderr[-2000:]
            else:
                result.update(json.loads(proc.stdout.strip().splitlines()[-1]))
        else:
            result["pg_skipped"] = "PostgreSQL 15 未安装（apt-get install -y postgresql-15）"
    return result


if __name__ == "__main__":
    step, path = sys.argv[1], sys.argv[2]
    print(
        json.dumps(
            {"generate": child_generate, "raw": child_raw, "import": child_import, "pg": child_pg}[step](
                path
            ),
            ensure_ascii=False,
        )
    )

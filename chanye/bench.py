"""`make bench`: measured, never asserted. Writes bench/results/<name>-<time>.json.

Ratios are against a baseline measured in the same run (these machines are noisy):
- definition: parse + validate the 12218 file; load it into an empty database; reload (no-op).
- pages: server time of 体系总览 / 产业 / 3+5+3+1 matrix against a trivial authenticated request
  (/healthz), median of repeated in-process requests.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path


def _median_ms(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 2)


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
    result: dict = {"name": "foundation", "at": datetime.now().isoformat(timespec="seconds"), "python": sys.version.split()[0]}
    result["definition_parse_ms"] = _median_ms(lambda: read_definition(path), 5)
    definition = read_definition(path)
    start = time.perf_counter()
    system = system_load(definition=definition, user=cli_user(), source=SOURCE_CLI).system
    result["definition_first_load_ms"] = round((time.perf_counter() - start) * 1000, 2)
    result["definition_reload_noop_ms"] = _median_ms(lambda: system_load(definition=definition, user=cli_user(), source=SOURCE_CLI), 3)

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

    out_dir = Path(settings.REPO_DIR) / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"foundation-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"已写入 {out}")


if __name__ == "__main__":
    main()

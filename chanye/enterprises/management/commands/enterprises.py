import csv
import sys
import threading
import time
from pathlib import Path

import polars as pl
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chanye.accounts.services import cli_user
from chanye.analytics.classify import classify_frame
from chanye.core.history import SOURCE_CLI
from chanye.core.importing import error_line
from chanye.enterprises.classification import reclassify_all
from chanye.enterprises.concordance import concordance_for
from chanye.enterprises.importing import import_enterprises, live_progress, start_batch
from chanye.enterprises.models import ImportBatch
from chanye.enterprises.rollups import rebuild_rollups
from chanye.systems.models import System

CLASSIFY_INPUT = ["name", "district_code", "industry_code", "business_scope"]


class Command(BaseCommand):
    help = "企业：classify 归类一个 CSV（输出到标准输出）；import 导入企业文件；reclassify 按当前对照表重新归类；rollups 重算汇总。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        c = sub.add_parser(
            "classify",
            help="归类 CSV（列：name, district_code, industry_code, business_scope[, main_products]），结果写到标准输出",
        )
        c.add_argument("input")
        c.add_argument("--system", help="体系标识（默认第一个体系）")
        i = sub.add_parser("import", help="导入企业 CSV 或 XLSX（有任何错误则不写入）")
        i.add_argument("file")
        i.add_argument("--system")
        i.add_argument("--dry-run", action="store_true", help="只校验并报告将会新增、更新多少，不写入")
        i.add_argument("--user", help="记入变更记录的用户名（默认内置账号 cli）")
        r = sub.add_parser("reclassify", help="按当前对照表重新归类全部企业，报告变化")
        r.add_argument("--system")
        u = sub.add_parser("rollups", help="重算企业汇总（产业、区、环节）")
        u.add_argument("--system")
        j = sub.add_parser("run-batch", help="运行网页上排队的导入（由网页在后台启动）")
        j.add_argument("batch", type=int)

    def handle(self, *args, **options):
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _system(self, slug):
        system = System.objects.filter(slug=slug).first() if slug else System.objects.order_by("pk").first()
        if system is None:
            raise CommandError(f"找不到体系「{slug or ''}」。请先运行 chanye init。")
        return system

    def _classify(self, options):
        path = Path(options["input"])
        try:
            frame = pl.read_csv(path, infer_schema=False)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise CommandError(f"无法读取「{path}」：{str(exc).splitlines()[0]}") from None
        missing = [c for c in CLASSIFY_INPUT if c not in frame.columns]
        if missing:
            raise CommandError(
                f"「{path}」缺少列：{', '.join(missing)}（需要 {', '.join(CLASSIFY_INPUT)}）。"
            )
        columns = frame.columns  # written back as given
        if "main_products" not in frame.columns:
            frame = frame.with_columns(pl.lit("").alias("main_products"))
        system = self._system(options.get("system"))
        concordance = concordance_for(system)
        names = {ind.slug: ind.name_zh for ind in concordance.industries}
        segment_names = {
            f"{ind.slug}:{k}": v for ind in concordance.industries for k, v in ind.segment_names.items()
        }
        result = classify_frame(
            concordance,
            frame.with_columns(pl.col(c).fill_null("") for c in frame.columns),
            scope="business_scope",
            products="main_products",
        )
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow([*columns, "industries", "segment", "confidence", "evidence"])
        for row, (slugs, segment, confidence, evidence) in zip(
            frame.select(columns).iter_rows(),
            result.select("industries", "segment", "confidence", "evidence").iter_rows(),
            strict=True,
        ):
            first = slugs.split("|")[0] if slugs else ""
            writer.writerow([
                *("" if v is None else v for v in row),
                "|".join(names[s] for s in slugs.split("|")) if slugs else "",
                segment_names.get(f"{first}:{segment}", "") if segment else "",
                "" if confidence is None else f"{confidence:.2f}",
                evidence,
            ])  # fmt: skip

    def _import(self, options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件「{path}」：{exc.strerror}") from None
        system = self._system(options.get("system"))
        user = get_user_model().objects.get(username=options["user"]) if options.get("user") else cli_user()
        batch = start_batch(
            system=system, user=user, file_name=path.name, content=content, dry_run=options["dry_run"]
        )
        del content  # read again from disk a chunk at a time
        self._run(batch, path)

    def _run_batch(self, options):
        batch = ImportBatch.objects.filter(pk=options["batch"]).first()
        if batch is None or not batch.stored_path:
            raise CommandError(f"没有待运行的导入批次 {options['batch']}。")
        try:
            import_enterprises(batch=batch, path=batch.stored_path)
        finally:
            Path(batch.stored_path).unlink(missing_ok=True)

    def _run(self, batch, path):
        done = threading.Event()
        if sys.stderr.isatty():
            threading.Thread(target=self._show_progress, args=(batch, done), daemon=True).start()
        try:
            batch = import_enterprises(batch=batch, path=path)
        finally:
            done.set()
        if batch.status == "failed":
            for e in batch.errors[:50]:
                self.stderr.write(error_line(e))
            more = batch.error_count - min(50, len(batch.errors))
            raise CommandError(
                f"共 {batch.error_count} 处错误{f'（另有 {more} 处未列出）' if more > 0 else ''}，未写入任何数据。改正后重新导入。"
            )
        verb = "试导入（未写入）" if batch.dry_run else "已导入"
        self.stdout.write(
            f"{verb}「{batch.file_name}」：{batch.rows_total} 行；新增企业 {batch.created}，更新 {batch.updated}，无变化 {batch.unchanged}；"
            f"经营数据 {batch.figures} 行；用时 {batch.seconds:.1f} 秒。"
        )

    def _show_progress(self, batch, done):
        while not done.wait(0.5):
            batch.refresh_from_db()
            p = live_progress(batch)
            total = p["rows_total"] or 0
            pct = int(p["rows_done"] * 100 / total) if total else 0
            bar = "█" * (pct // 4) + "░" * (25 - pct // 4)
            sys.stderr.write(f"\r{p['stage']:<8} {bar} {pct:3d}% ({p['rows_done']}/{total})")
            sys.stderr.flush()
        sys.stderr.write("\n")

    def _reclassify(self, options):
        system = self._system(options.get("system"))
        start = time.perf_counter()
        moves = reclassify_all(system=system, user=cli_user(), source=SOURCE_CLI)
        self.stdout.write(moves.summary() + f"用时 {time.perf_counter() - start:.1f} 秒。")
        names = dict(system.industries.values_list("slug", "name_zh"))
        for slug, (gained, lost) in sorted(moves.by_industry.items()):
            self.stdout.write(f"  {names.get(slug, slug)}：新归入 {gained}，移出 {lost}")

    def _rollups(self, options):
        system = self._system(options.get("system"))
        self.stdout.write(f"已重算企业汇总 {rebuild_rollups(system)} 行。")

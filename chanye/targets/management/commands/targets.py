from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chanye.accounts.services import cli_user
from chanye.analytics import trajectory as tr
from chanye.core.history import SOURCE_CLI
from chanye.systems.definition import DefinitionError
from chanye.systems.models import System
from chanye.targets.definition import parse_targets
from chanye.targets.selectors import known_refs, target_board
from chanye.targets.services import targets_load


class Command(BaseCommand):
    help = "目标：load 校验并载入目标定义文件；status 打印目标看板。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="校验并载入目标定义文件（有任何问题则不做任何改动）")
        load.add_argument("file")
        load.add_argument("--user", help="记入变更记录的用户名（默认内置账号 cli）")
        status = sub.add_parser("status", help="打印目标看板")
        status.add_argument("--system", help="体系标识（默认唯一或第一个体系）")
        status.add_argument("--on", help="评估日期 YYYY-MM-DD（默认今天）")
        status.add_argument("--district", default="", help="只看某区（行政区划代码）")
        snapshot = sub.add_parser("snapshot", help="预先评估全部目标（看板快照），供每日定时任务在上班前运行")
        snapshot.add_argument("--system", help="体系标识（默认全部体系）")
        snapshot.add_argument("--on", help="评估日期 YYYY-MM-DD（默认今天）")
        recompute = sub.add_parser("recompute", help="按计算规则重新计算实际值（来源为“计算”）")
        recompute.add_argument("--system", help="体系标识（默认第一个体系）")
        recompute.add_argument("--on", help="计算日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, **options):
        try:
            getattr(self, "_" + options["action"])(options)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None

    def _snapshot(self, options):
        from chanye.targets.snapshots import ensure_snapshots

        on = date.fromisoformat(options["on"]) if options["on"] else date.today()
        systems = [self._system(options["system"])] if options["system"] else System.objects.order_by("pk")
        for system in systems:
            fresh = ensure_snapshots(system=system, on=on)
            self.stdout.write(f"「{system.name_zh}」：评估日 {on}，重新评估 {fresh.rebuilt} 个目标。")

    def _system(self, slug):
        system = System.objects.filter(slug=slug).first() if slug else System.objects.order_by("pk").first()
        if system is None:
            raise CommandError(f"找不到体系「{slug or ''}」。请先运行 chanye init 或 chanye system load。")
        return system

    def _load(self, options):
        path = options["file"]
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (FileNotFoundError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件「{path}」：{exc}") from None
        import yaml

        try:
            slug = (yaml.safe_load(text) or {}).get("system")
        except yaml.YAMLError:
            slug = None
        system = self._system(
            slug if isinstance(slug, str) and System.objects.filter(slug=slug).exists() else None
        )
        try:
            definition = parse_targets(text, known_refs(system))
        except DefinitionError as exc:
            lines = "\n".join(f"  - {p}" for p in exc.problems)
            raise CommandError(
                f"{path}：发现 {len(exc.problems)} 个问题，数据库未做任何改动：\n{lines}"
            ) from None
        user = cli_user()
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"找不到用户「{options['user']}」。")
        report = targets_load(definition=definition, system=system, user=user, source=SOURCE_CLI)
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _recompute(self, options):
        from chanye.core.history import acting_as
        from chanye.targets.computations import recompute

        system = self._system(options.get("system"))
        on = date.fromisoformat(options["on"]) if options.get("on") else date.today()
        with acting_as(cli_user(), source=SOURCE_CLI):
            written = recompute(system=system, user=cli_user(), on=on)
        self.stdout.write(f"已按计算规则写入实际值 {written} 条（评估日 {on}）。")

    def _status(self, options):
        system = self._system(options.get("system"))
        on = date.fromisoformat(options["on"]) if options.get("on") else date.today()
        rows = target_board(system=system, on=on, district=options["district"])
        counts = tr.status_counts(r.status for r in rows)
        self.stdout.write(
            f"{system.name_zh} 目标看板（评估日 {on}）：共 {len(rows)} 个；"
            + "，".join(f"{k} {v}" for k, v in counts.items() if v)
        )
        for r in rows:
            e = r.evaluation
            actual = (
                "—" if e.actual is None else f"{round(e.actual, 2).normalize():f}{r.target.indicator.unit}"
            )
            self.stdout.write(
                f"{r.status}\t{e.likelihood or '—'}\t{r.target.owner_label}\t{r.target}\t实际 {actual}\t期限 {r.target.deadline or '待确认'}\t{r.target.code}"
            )

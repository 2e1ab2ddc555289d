"""Writes for 亩均效益评价: load rule sets from data files, run an evaluation for one year."""

import time
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from chanye.accounts.permissions import DENIED_PER_MU, can_evaluate_per_mu
from chanye.analytics import per_mu as pm
from chanye.core.bulk import insert_rows
from chanye.core.history import SOURCE_CLI, acting_as
from chanye.core.pagecache import bump_data_version
from chanye.core.services import upsert
from chanye.enterprises.models import Enterprise, EnterpriseFigure

from .models import PerMuResult, PerMuRuleSet, PerMuRun

FIGURE_INPUTS = ["tax", "revenue", "output_value", "rd_spend", "employees", "land_mu", "energy_tce"]


def read_rule_set(path: Path) -> tuple[dict, pm.RuleSet]:
    """A rule-set file, checked; a bad file raises ValidationError naming the file and the fix."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValidationError(f"规则文件「{path.name}」无法读取：{str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ValidationError(f"规则文件「{path.name}」应是键值结构（key、name、indicators …）。")
    try:
        return data, pm.rule_set_from_dict(data, where=f"规则文件「{path.name}」")
    except pm.RuleSetError as exc:
        raise ValidationError(str(exc)) from None


def rule_sets_load(*, system, user, directory: Path | None = None) -> int:
    """Every *.yaml in the directory as a rule set of the system (upsert by key); returns how many
    were added or changed. All files are checked before anything is written."""
    directory = Path(directory or settings.PER_MU_RULES_DIR)
    files = sorted(directory.glob("*.yaml"))
    parsed = [(path, *read_rule_set(path)) for path in files]
    changed = 0
    with transaction.atomic(), acting_as(user, source=SOURCE_CLI):
        for order, (path, data, rules) in enumerate(parsed):
            values = {
                "name": rules.name,
                "source": rules.source,
                "definition": data,
                "file_name": path.name,
                "is_default": bool(data.get("default")),
                "order": order,
            }
            changed += upsert(PerMuRuleSet, {"system": system, "key": rules.key}, values)[1]
    return changed


def _inputs(system, year: int) -> tuple[list, dict]:
    """(firms with their code, founding year and demo flag; figures of the year by firm id)."""
    firms = list(
        Enterprise.objects.filter(system=system).values_list("pk", "industry_code", "founded_on", "origin")
    )
    figures = {
        row[0]: dict(zip(FIGURE_INPUTS, row[1:], strict=True))
        for row in EnterpriseFigure.objects.filter(
            enterprise__system=system, year=year, quarter=0
        ).values_list("enterprise_id", *FIGURE_INPUTS)
    }
    return firms, figures


def _plain(d: Decimal) -> str:
    """4 decimals at most, no trailing zeros: 20, 89.6131."""
    return format(d.quantize(Decimal("0.0001")).normalize(), "f")


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def per_mu_evaluate(*, rule_set: PerMuRuleSet, year: int, user) -> PerMuRun:
    """Evaluate every firm in scope on the year's figures and replace the run for (rule set, year).

    Last year's run of the same rule set, if any, gives each firm's previous class.
    """
    if not can_evaluate_per_mu(user):
        raise PermissionDenied(DENIED_PER_MU)
    started = time.perf_counter()
    system = rule_set.system
    rules = pm.rule_set_from_dict(rule_set.definition, where=f"规则集「{rule_set.name}」")
    firms, figures = _inputs(system, year)
    if not figures:
        raise ValidationError(
            f"{year} 年没有企业经营数据：请先在“企业 › 导入”上传该年度的数据（用地、税收、营业收入、能耗等）。"
        )
    inputs, demo = [], set()
    for pk, code, founded, origin in firms:
        values = {k: _dec(v) for k, v in figures.get(pk, {}).items()}
        if not pm.in_scope(rules, code, values.get("land_mu")):
            continue
        years = None if founded is None else year - founded.year
        inputs.append(pm.FirmInputs(pk, values, industry_code=code, years_in_production=years))
        if origin == "demo":
            demo.add(pk)
    if not inputs:
        raise ValidationError(
            f"{year} 年没有评价范围内的企业（工业企业或填报了用地的企业）：请先导入该年度的企业经营数据。"
        )
    try:
        results = pm.evaluate(rules, inputs)
    except pm.RuleSetError as exc:
        raise ValidationError(str(exc)) from None
    rated = [r for r in results if r.klass in pm.ORDER]
    marks = {i.key: _plain(i.benchmark) for i in rated[0].items} if rated else {}
    previous = dict(
        PerMuResult.objects.filter(run__rule_set=rule_set, run__year=year - 1).values_list(
            "enterprise_id", "klass"
        )
    )
    with transaction.atomic():
        PerMuRun.objects.filter(rule_set=rule_set, year=year).delete()
        run = PerMuRun.objects.create(
            system=system, rule_set=rule_set, year=year, definition=rule_set.definition, benchmarks=marks, user=user if user.pk else None,
            in_scope=len(results), rated=len(rated), excluded=sum(r.klass == "T" for r in results),
            missing=sum(r.klass == "" for r in results), demo_firms=len(demo),
        )  # fmt: skip
        insert_rows(
            PerMuResult,
            [
                "run",
                "enterprise",
                "klass",
                "previous_klass",
                "score",
                "rank",
                "percentile",
                "items",
                "bonus",
                "penalty",
                "reason",
                "flips",
            ],
            (_row(run.pk, r, previous.get(r.firm, "")) for r in results),
        )
        PerMuRun.objects.filter(pk=run.pk).update(seconds=round(time.perf_counter() - started, 3))
    bump_data_version()
    run.refresh_from_db()
    return run


def _flip(f: pm.Flip) -> dict:
    """A flip as stored and served: amounts as strings at the precision they are told."""
    return {
        "direction": f.direction,
        "to_class": f.to_class,
        "target": str(f.target),
        "input": f.input,
        "change": None if f.change is None else str(f.change),
        "per_mu": None if f.per_mu is None else str(f.per_mu),
        "text": f.text,
    }


def _row(run_id: int, r: pm.Result, previous: str) -> tuple:
    import json

    items = [
        {
            "key": i.key,
            "value": str(i.value.quantize(Decimal("0.0001"))),
            "benchmark": str(i.benchmark.quantize(Decimal("0.0001"))),
            "points": str(i.points.quantize(Decimal("0.01"))),
            "capped": i.capped,
        }
        for i in r.items
    ]
    score = r.score  # already rounded to the rule set's published precision
    percentile = None if r.percentile is None else float(r.percentile)
    return (
        run_id,
        r.firm,
        r.klass,
        previous,
        score,
        r.rank,
        percentile,
        json.dumps(items, ensure_ascii=False),
        r.bonus,
        r.penalty,
        r.reason[:200],
        json.dumps([_flip(f) for f in r.flips], ensure_ascii=False),
    )


def rule_sets_init(*, user) -> list[str]:
    """`chanye init`: the 亩均 rule sets shipped in data/per_mu, for every system (added or updated by key)."""
    from chanye.core.steps import StepError
    from chanye.systems.models import System

    lines = []
    for system in System.objects.all():
        try:
            changed = rule_sets_load(system=system, user=user)
        except ValidationError as exc:
            raise StepError("；".join(exc.messages)) from None
        if changed:
            lines.append(f"体系「{system.name_zh}」：载入亩均评价规则集 {changed} 个。")
    return lines

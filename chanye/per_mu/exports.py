"""亩均评价结果 as Excel: one row per firm with the score broken down, and the rules used."""

from django.db.models import F

from chanye.analytics.per_mu import CLASS_LABELS
from chanye.core.excel import new_workbook, workbook_bytes, write_table

from .models import PerMuResult
from .selectors import class_table, indicator_heads, method_notice, rule_notes, run_rules, totals


def _klass(k: str) -> str:
    return CLASS_LABELS.get(k, "缺数据") if k else "缺数据"


def results_xlsx(run) -> bytes:
    heads = indicator_heads(run)
    wb = new_workbook()
    ws = wb.active
    ws.title = "评价结果"
    headers = [
        "统一社会信用代码",
        "企业名称",
        "所在区",
        "国民经济行业",
        "类别",
        "上年类别",
        "得分",
        "名次",
        "百分位",
    ]
    for h in heads:
        headers += [f"{h['label']}（{h['unit']}）", f"{h['label']}得分"]
    headers += ["加分", "减分", "说明", "升降档测算", "演示数据"]
    rows = []
    results = (
        PerMuResult.objects.filter(run=run)
        .select_related("enterprise", "enterprise__district")
        .order_by(F("rank").asc(nulls_last=True), "klass", "enterprise__name")
    )
    for r in results.iterator(chunk_size=2000):
        e = r.enterprise
        items = {i["key"]: i for i in r.items}
        row = [e.uscc or "", e.name, e.district.name_zh if e.district else "", e.industry_code, _klass(r.klass), _klass(r.previous_klass) if r.previous_klass else "",
               None if r.score is None else float(r.score), r.rank, None if r.percentile is None else round(r.percentile, 4)]  # fmt: skip
        for h in heads:
            item = items.get(h["key"])
            row += [float(item["value"]), float(item["points"])] if item else [None, None]
        flips = "；".join(f["text"] for f in r.flips)
        row += [float(r.bonus), float(r.penalty), r.reason, flips, "是" if e.origin == "demo" else ""]
        rows.append(row)
    widths = [22, 30, 10, 10, 16, 16, 10, 8, 8] + [14, 10] * len(heads) + [8, 8, 30, 60, 8]
    write_table(ws, headers, rows, widths)

    ws = wb.create_sheet("分区汇总")
    labels = ["A 类", "B 类", "C 类", "D 类", "T 类（不参评）", "缺数据"]
    rows = [[row.name, *row.cells, row.ab_share] for row in [*class_table(run, "district"), totals(run)]]
    write_table(ws, ["区", *labels, "A+B 占参评企业（%）"], rows, [14, 8, 8, 8, 8, 14, 8, 18])

    ws = wb.create_sheet("规则")
    rule_rows = [[h["label"], h["unit"], h["weight"], h["benchmark"], h["cap"] or "不封顶"] for h in heads]
    write_table(ws, ["指标", "单位", "权重", "基准值（本次）", "封顶倍数"], rule_rows, [18, 16, 8, 16, 10])
    ws.append([])
    ws.append(["口径", method_notice(run, run.system) or "已确认的本市口径"])
    ws.append(["规则集", run.rule_set.name])
    ws.append(["出处", run.rule_set.source])
    ws.append(["评价年度", run.year])
    ws.append(
        [
            "分类线",
            "；".join(f"{k} ≤ {v}" for k, v in (run.definition.get("cutoffs") or {}).items())
            + "（按名次 ÷ 参评企业数，并列取最好名次）",
        ]
    )
    for label, text in rule_notes(run_rules(run)):
        ws.append([label, text])
    if run.demo_firms:
        ws.append(["演示数据", f"本次评价含演示企业 {run.demo_firms} 家，数据为虚构。"])
    return workbook_bytes(wb)

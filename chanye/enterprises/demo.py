"""Deterministic synthetic enterprises (演示数据), written as an import file so they take the real path.

Firms are spread over the districts and the system's industries: most carry a code the
concordance places wholly, some a partly-placed code with (or without) a keyword, and some a code
outside the system, so chain maps, weak links and the unclassified share all look like real data.
Every firm is stored with origin "demo" and labelled 演示数据 wherever it is shown.
"""

import csv
import io
import math
import random
from collections.abc import Iterator

from chanye.analytics import uscc
from chanye.analytics.classify import Concordance

from .columns import COLUMNS

SEED = 20250206
# Codes outside any concordance entry: firms of the city that are not in the system.
OTHER_CODES = [
    "0111",
    "1310",
    "1391",
    "1411",
    "1431",
    "1511",
    "3011",
    "3021",
    "4710",
    "4813",
    "4910",
    "5011",
    "6110",
    "6210",
    "7010",
    "7040",
    "8010",
    "8110",
    "8311",
    "8412",
]
SYLLABLES = "华粤穗鹏越海天云恒瑞博信达新创科联盛泰安康宏远中正兴明德嘉丰源和通润广南星辰光合聚汇优卓睿"
TRADE = {
    "13": "食品",
    "14": "食品",
    "17": "纺织",
    "18": "服饰",
    "26": "化工",
    "27": "医药",
    "28": "纤维",
    "29": "橡塑",
    "30": "建材",
    "33": "五金",
    "34": "机械",
    "35": "装备",
    "36": "汽车",
    "37": "交通装备",
    "38": "电气",
    "39": "电子",
    "40": "仪器",
    "51": "贸易",
    "52": "商贸",
    "54": "运输",
    "59": "仓储",
    "63": "通信",
    "64": "网络",
    "65": "软件",
    "66": "金融",
    "72": "咨询",
    "73": "研究院",
    "75": "科技",
}
SCOPE_TAIL = "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；货物进出口；技术进出口"


def _code(index: int, division: str) -> str:
    """A well-formed credit code, unique per index: 9 (工商) 1 (企业) division, 9 characters, check."""
    body, n = [], index * 7919 + 104729
    for _ in range(9):
        n, r = divmod(n, 31)
        body.append(uscc.CHARS[r])
    head = f"91{division}{''.join(body)}"
    return head + uscc.check_char(head)


def _name(rng: random.Random, code: str, district: str) -> str:
    trade = TRADE.get(code[:2], "实业")
    return f"广州{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}{trade}{rng.choice(['有限公司', '股份有限公司', '科技有限公司'])}"


def _choices(concordance: Concordance, allowed: set[str] | None = None):
    """(code, keywords for the scope, industry slug or None) to draw firms from; with `allowed`,
    only from those industries (the demo leaves pending slots, 待确认, empty)."""
    whole, partial = [], []
    for ind in concordance.industries:
        if allowed is not None and ind.slug not in allowed:
            continue
        seg_words = [w for _, words in ind.segments for w in words[:2]]
        for code in ind.whole:
            whole.append((code, seg_words, ind.slug))
        for rule in ind.partial:
            if len(rule.code) == 4:
                partial.append((rule.code, list(rule.keywords[:3]) + seg_words[:2], ind.slug))
    return whole, partial


def demo_rows(
    n: int,
    *,
    districts: list[tuple[str, str]],
    concordance: Concordance,
    year: int = 2024,
    years: int = 1,
    priorities: dict[str, list[str]] | None = None,
    allowed: set[str] | None = None,
    seed: int = SEED,
) -> Iterator[list[str]]:
    """`n` firms in COLUMNS order (text, as a person would type them), one row per year of figures.

    `priorities` (district code → industry slugs) makes half of a district's firms come from the
    industries it prioritises, so districts differ the way real ones do. `allowed`: the industry
    slugs firms' codes may come from (None: every industry of the concordance).
    """
    rng = random.Random(seed)
    whole, partial = _choices(concordance, allowed)
    by_industry: dict[str, list] = {}
    for item in whole:
        by_industry.setdefault(item[2], []).append(item)
    weights = [1.0 / (1 + i % 7) for i in range(len(districts))]  # a few districts much bigger than others
    for i in range(n):
        division, district_name = rng.choices(districts, weights)[0]
        roll = rng.random()
        favoured = [s for s in (priorities or {}).get(division, []) if s in by_industry]
        if favoured and roll < 0.45:
            code, words, _ = rng.choice(by_industry[rng.choice(favoured)])
            scope_words = rng.sample(words, min(2, len(words))) if words else []
        elif whole and roll < 0.7:
            code, words, _ = rng.choice(whole)
            scope_words = rng.sample(words, min(2, len(words))) if words else []
        elif partial and roll < 0.85:
            code, words, _ = rng.choice(partial)
            scope_words = rng.sample(words, min(2, len(words))) if rng.random() < 0.7 else []
        else:
            code, scope_words = rng.choice(OTHER_CODES), []
        manufacturing = "13" <= code[:2] <= "43"
        above = rng.random() < (0.3 if manufacturing else 0.15)
        revenue = math.exp(rng.gauss(9.0 if above else 6.3, 1.1))  # 万元: median ≈ 8,100 (规上) or 550
        scope = "、".join(scope_words) + ("的研发、生产、销售；" if scope_words else "") + SCOPE_TAIL
        flags = [
            above,
            rng.random() < 0.001,
            rng.random() < 0.03,
            rng.random() < 0.003,
            rng.random() < 0.12,
            rng.random() < 0.005,
            rng.random() < 0.0005,
            rng.random() < 0.005,
        ]
        firm = [
            _code(i, division),
            _name(rng, code, district_name),
            district_name,
            code,
            scope,
            "、".join(scope_words[:1]),
            f"{rng.randint(1995, year - years + 1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            *("是" if f else "否" for f in flags),
        ]
        growth = rng.gauss(0.08, 0.12)
        rd_share, tax_share, land_yield = (
            rng.uniform(0.0, 0.06),
            rng.uniform(0.02, 0.08),
            rng.uniform(300, 1500),
        )
        for y in range(year - years + 1, year + 1):
            r = revenue / (1 + growth) ** (year - y)
            yield [
                *firm,
                str(y),
                "",
                f"{r * rng.uniform(0.8, 1.1):.2f}" if manufacturing else "",
                f"{r:.2f}",
                f"{r * tax_share:.2f}",
                f"{r * rd_share:.2f}",
                str(max(1, int(r / rng.uniform(60, 160)))),
                f"{revenue / land_yield:.2f}" if manufacturing else "",
                f"{r * rng.uniform(0.005, 0.05):.2f}",
                "",  # 所在园区: demo firms are placed in demo parks by chanye.places.demo
            ]


def demo_csv(n: int, **kwargs) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.heading for c in COLUMNS])
    writer.writerows(demo_rows(n, **kwargs))
    return out.getvalue().encode("utf-8")


def enterprises_demo_step(*, system, user, today, enterprises: int, done: dict) -> list[str]:
    """`enterprises` demo firms in all (0: none); records in `done` how many were new."""
    from .services import enterprises_demo

    if not enterprises:
        return []
    added = done["enterprises_added"] = enterprises_demo(system=system, n=enterprises, user=user)
    return [
        f"演示企业：新增 {added} 家（共需 {enterprises} 家，已有的不重复生成；名称与代码均为虚构，标注“演示数据”）。"
    ]


def enterprises_demo_clear_step(*, system, user) -> list[str]:
    from .services import enterprises_demo_clear

    return [f"已删除演示企业 {enterprises_demo_clear(system=system, user=user)} 家。"]

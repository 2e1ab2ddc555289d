"""Place firms in a system's industries and chain segments from their GB/T 4754 code and words.

The method follows 战略性新兴产业分类(2018): a 4-digit code that belongs wholly to an industry
places the firm directly; a code that belongs only in part (and a 2–3 digit prefix standing for
all codes under it) places it only when one of the rule's keywords appears in the firm's name,
经营范围 or main products. Within an industry the segment comes from the code when the
concordance gives one, else from the first segment (in concordance order) whose keywords appear.
Firms matching no rule stay unclassified: nothing is forced into the system.

Two implementations share one compiled Concordance: `classify()` for one firm (used for
overrides, the review queue and the CLI) and `classify_frame()` for a Polars frame of a million
firms; a test keeps them equal row for row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Confidence by kind of evidence (docs/classification.md). The review queue takes < REVIEW_BELOW.
WHOLE_WITH_SEGMENT = 0.95
WHOLE = 0.85
PARTIAL_WITH_SEGMENT = 0.75
PARTIAL = 0.65
REVIEW_BELOW = 0.7


@dataclass(frozen=True)
class Rule:
    code: str  # 4 digits (whole or partial) or a 2–3 digit prefix (partial only)
    name_zh: str
    segment: str | None
    keywords: tuple[str, ...] = ()  # empty for a whole code

    @property
    def whole(self) -> bool:
        return not self.keywords


@dataclass(frozen=True)
class IndustryRules:
    slug: str
    name_zh: str
    order: int
    whole: dict[str, Rule]  # code → rule
    partial: tuple[Rule, ...]
    segments: tuple[tuple[str, tuple[str, ...]], ...]  # (segment key, keywords) in priority order
    segment_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Concordance:
    system: str
    version: str
    industries: tuple[IndustryRules, ...]


class ConcordanceError(ValueError):
    pass


def compile_concordance(
    data: dict, *, industry_names: dict[str, str], segment_names: dict[str, dict[str, str]]
) -> Concordance:
    """Check a parsed concordance file against the system's industries and segments; freeze it.

    `industry_names` is slug → 中文名 in system order; `segment_names` is slug → {key: 中文名}.
    """
    problems = []
    industries = []
    given = data.get("industries") or {}
    for slug in given:
        if slug not in industry_names:
            problems.append(f"industries.{slug}：体系中没有这个产业")
    for order, (slug, name) in enumerate(industry_names.items()):
        spec = given.get(slug)
        if not spec:
            continue
        segs = segment_names.get(slug, {})
        whole, partial = {}, []
        for i, entry in enumerate(spec.get("codes") or []):
            code, segment = str(entry.get("code", "")), entry.get("segment")
            where = f"industries.{slug}.codes[{i}]"
            if not (code.isdigit() and len(code) == 4):
                problems.append(f"{where}.code：整体归入须为 4 位小类代码，实际为「{code}」")
            if segment and segment not in segs:
                problems.append(f"{where}.segment：产业「{name}」没有环节「{segment}」")
            if code in whole:
                problems.append(f"{where}.code：代码 {code} 重复")
            whole[code] = Rule(code, entry.get("name_zh", ""), segment or None)
        for i, entry in enumerate(spec.get("partial") or []):
            code, segment = str(entry.get("code", "")), entry.get("segment")
            keywords = tuple(str(k) for k in entry.get("keywords") or [])
            where = f"industries.{slug}.partial[{i}]"
            if not (code.isdigit() and 2 <= len(code) <= 4):
                problems.append(f"{where}.code：部分归入须为 2–4 位代码，实际为「{code}」")
            if not keywords:
                problems.append(f"{where}.keywords：部分归入必须给出关键词")
            if segment and segment not in segs:
                problems.append(f"{where}.segment：产业「{name}」没有环节「{segment}」")
            partial.append(Rule(code, entry.get("name_zh", ""), segment or None, keywords))
        segments = []
        for key, keywords in (spec.get("segments") or {}).items():
            if key not in segs:
                problems.append(f"industries.{slug}.segments.{key}：产业「{name}」没有这个环节")
            segments.append((key, tuple(str(k) for k in keywords or [])))
        industries.append(
            IndustryRules(slug, name, order, whole, tuple(partial), tuple(segments), dict(segs))
        )
    if problems:
        raise ConcordanceError("；".join(problems))
    return Concordance(
        system=str(data.get("system", "")), version=str(data.get("version", "")), industries=tuple(industries)
    )


# ---------------------------------------------------------------- one firm


@dataclass(frozen=True)
class Match:
    industry: str
    name_zh: str
    segment: str | None
    confidence: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    matches: tuple[Match, ...]  # best first; empty = unclassified

    @property
    def industries(self) -> tuple[str, ...]:
        return tuple(m.industry for m in self.matches)

    @property
    def segment(self) -> str | None:
        return self.matches[0].segment if self.matches else None

    @property
    def confidence(self) -> float | None:
        return self.matches[0].confidence if self.matches else None

    @property
    def conflict(self) -> bool:
        """Several industries, none of them by a whole code: an analyst should choose."""
        return len(self.matches) > 1 and all(m.confidence < WHOLE for m in self.matches)

    @property
    def needs_review(self) -> bool:
        return self.conflict or (bool(self.matches) and self.matches[0].confidence < REVIEW_BELOW)

    @property
    def evidence(self) -> str:
        return "；".join(e for m in self.matches for e in m.evidence)


def _first_keyword(keywords, text: str) -> str | None:
    """The keyword whose first occurrence ends earliest in the text; at the same end, the longer.

    This is what an Aho-Corasick scan reports first (Polars' extract_many), so the column-wise
    classifier agrees with this one exactly.
    """
    best = None
    for k in keywords:
        at = text.find(k)
        if at >= 0:
            key = (at + len(k), -len(k))
            if best is None or key < best[0]:
                best = (key, k)
    return best[1] if best else None


def classify(c: Concordance, *, code: str, name: str = "", scope: str = "", products: str = "") -> Result:
    code = (code or "").strip()
    text = f"{name} {scope} {products}"
    matches = []
    for ind in c.industries:
        rule, word = ind.whole.get(code), None
        if rule is None:
            for p in ind.partial:
                if code.startswith(p.code):
                    word = _first_keyword(p.keywords, text)
                    if word:
                        rule = p
                        break
        if rule is None:
            continue
        evidence = [
            f"{code} 整体归入「{ind.name_zh}」"
            if rule.whole
            else f"{code} 部分归入「{ind.name_zh}」：关键词“{word}”"
        ]
        segment = rule.segment
        if segment:
            evidence.append(f"环节「{ind.segment_names.get(segment, segment)}」：按代码")
        else:
            for key, keywords in ind.segments:
                seg_word = _first_keyword(keywords, text)
                if seg_word:
                    segment = key
                    evidence.append(f"环节「{ind.segment_names.get(key, key)}」：关键词“{seg_word}”")
                    break
        if rule.whole:
            confidence = WHOLE_WITH_SEGMENT if segment else WHOLE
        else:
            confidence = PARTIAL_WITH_SEGMENT if segment else PARTIAL
        matches.append(
            (-confidence, ind.order, Match(ind.slug, ind.name_zh, segment, confidence, tuple(evidence)))
        )
    return Result(tuple(m for _, _, m in sorted(matches, key=lambda t: (t[0], t[1]))))


# ---------------------------------------------------------------- a million firms


def classify_frame(
    c: Concordance,
    frame,
    *,
    code="industry_code",
    name="name",
    scope="business_scope",
    products="main_products",
):
    """Add `industries` (slugs joined by |), `segment`, `confidence`, `evidence`, `needs_review`
    and `placements` ("slug:segment|…", every industry with its own segment, best first).

    Same results as classify() per row, computed column-wise: one Aho-Corasick scan per keyword
    set over only the rows whose code the rule covers.
    """
    import polars as pl

    df = frame.with_row_index("_cx").with_columns(
        pl.col(code).fill_null("").str.strip_chars().alias("_code"),
        pl.concat_str(
            [pl.col(name).fill_null(""), pl.col(scope).fill_null(""), pl.col(products).fill_null("")],
            separator=" ",
        ).alias("_text"),
    )
    base = df.select("_cx", "_code", "_text").with_columns(
        pl.col("_code").str.slice(0, 2).alias("_c2"), pl.col("_code").str.slice(0, 3).alias("_c3")
    )
    schema = {"_cx": pl.UInt32, "_ind": pl.Int32, "_prio": pl.Int32, "_word": pl.String, "_seg": pl.String}
    # Whole codes: one join against every industry's list.
    whole = pl.DataFrame(
        [(code, ind.order, rule.segment) for ind in c.industries for code, rule in ind.whole.items()],
        schema={"_code": pl.String, "_ind": pl.Int32, "_seg": pl.String}, orient="row",
    )  # fmt: skip
    hits = [
        base.join(whole, on="_code").select(
            "_cx", "_ind", pl.lit(0, pl.Int32).alias("_prio"), pl.lit(None, pl.String).alias("_word"), "_seg"
        )
    ]
    # Partial rules: join each row to the rules its code falls under (by 2-, 3- or 4-digit prefix),
    # drop industries where the code is whole, then scan keywords only within each rule's rows.
    rules = [
        (rid, ind.order, prio, p)
        for rid, (ind, prio, p) in enumerate(
            (ind, prio, p) for ind in c.industries for prio, p in enumerate(ind.partial, start=1)
        )
    ]
    rule_df = pl.DataFrame(
        [(rid, order, prio, p.code, len(p.code)) for rid, order, prio, p in rules],
        schema={"_rule": pl.Int32, "_ind": pl.Int32, "_prio": pl.Int32, "_key": pl.String, "_len": pl.Int32}, orient="row",
    )  # fmt: skip
    by_len = {2: "_c2", 3: "_c3", 4: "_code"}
    candidates = pl.concat(
        [
            base.join(rule_df.filter(pl.col("_len") == n), left_on=column, right_on="_key").select(
                "_cx", "_rule", "_ind", "_prio"
            )
            for n, column in by_len.items()
        ]
    )
    candidates = candidates.join(hits[0].select("_cx", "_ind"), on=["_cx", "_ind"], how="anti").join(
        base.select("_cx", "_text"), on="_cx"
    )
    by_rule = {rid: p for rid, _, _, p in rules}
    for (rid,), part in candidates.partition_by("_rule", as_dict=True).items():
        p = by_rule[rid]
        found = part.with_columns(_first_keyword_expr(pl.col("_text"), p.keywords).alias("_word")).filter(
            pl.col("_word").is_not_null()
        )
        hits.append(found.select("_cx", "_ind", "_prio", "_word", pl.lit(p.segment, pl.String).alias("_seg")))
    hits = pl.concat([h.cast(schema) for h in hits])
    # The first partial rule (in file order) that matches wins within an industry, as in classify().
    hits = hits.sort("_cx", "_ind", "_prio").unique(["_cx", "_ind"], keep="first", maintain_order=True)
    # Segment by keywords where the rule gave none, per industry; each industry's rows get their
    # text only while its segments are scanned (a million texts are never copied at once).
    texts = base.select("_cx", "_text")
    parts = []
    for ind in c.industries:
        mine = hits.filter(pl.col("_ind") == ind.order)
        if mine.height == 0:
            continue
        mine = mine.join(texts, on="_cx")
        seg_expr, seg_word = pl.col("_seg"), pl.lit(None, pl.String)
        for key, keywords in reversed(ind.segments):
            w = _first_keyword_expr(pl.col("_text"), keywords)
            cond = pl.col("_seg").is_null() & w.is_not_null()
            seg_word = pl.when(cond).then(w).otherwise(seg_word)
            seg_expr = pl.when(cond).then(pl.lit(key)).otherwise(seg_expr)
        parts.append(
            mine.with_columns(
                seg_word.alias("_segword"),
                seg_expr.alias("_segment"),
                pl.lit(ind.name_zh).alias("_iname"),
                pl.lit(ind.slug).alias("_slug"),
            ).drop("_text")
        )
    if parts:
        hits = pl.concat(parts)
    else:
        hits = hits.with_columns(
            pl.lit(None, pl.String).alias(n) for n in ("_segword", "_segment", "_iname", "_slug")
        )
    del texts
    # Segment keys repeat across industries (materials_components …): look names up by industry too.
    labels = {f"{ind.slug}:{k}": v for ind in c.industries for k, v in ind.segment_names.items()}
    seg_label = (pl.col("_slug") + pl.lit(":") + pl.col("_segment")).replace_strict(
        labels, default=pl.col("_segment"), return_dtype=pl.String
    )
    whole_rule = pl.col("_prio") == 0
    confidence = (
        pl.when(whole_rule & pl.col("_segment").is_not_null())
        .then(WHOLE_WITH_SEGMENT)
        .when(whole_rule)
        .then(WHOLE)
        .when(pl.col("_segment").is_not_null())
        .then(PARTIAL_WITH_SEGMENT)
        .otherwise(PARTIAL)
    )
    rule_evidence = (
        pl.when(whole_rule)
        .then(pl.col("_code") + pl.lit(" 整体归入「") + pl.col("_iname") + pl.lit("」"))
        .otherwise(
            pl.col("_code")
            + pl.lit(" 部分归入「")
            + pl.col("_iname")
            + pl.lit("」：关键词“")
            + pl.col("_word")
            + pl.lit("”")
        )
    )
    segment_evidence = (
        pl.when(pl.col("_segment").is_null())
        .then(None)
        .when(pl.col("_segword").is_null())
        .then(pl.lit("环节「") + seg_label + pl.lit("」：按代码"))
        .otherwise(pl.lit("环节「") + seg_label + pl.lit("」：关键词“") + pl.col("_segword") + pl.lit("”"))
    )
    hits = hits.join(base.select("_cx", "_code"), on="_cx").with_columns(
        confidence.alias("_conf"),
        pl.concat_str([rule_evidence, segment_evidence], separator="；", ignore_nulls=True).alias("_ev"),
    )
    ranked = hits.sort("_cx", pl.col("_conf"), "_ind", descending=[False, True, False])
    per_row = ranked.group_by("_cx", maintain_order=True).agg(
        pl.col("_slug").str.join("|").alias("industries"),
        pl.col("_segment").first().alias("segment"),
        pl.col("_conf").first().alias("confidence"),
        pl.col("_ev").str.join("；").alias("evidence"),
        pl.concat_str([pl.col("_slug"), pl.col("_segment").fill_null("")], separator=":")
        .str.join("|")
        .alias("placements"),
        ((pl.len() > 1) & (pl.col("_conf").max() < WHOLE)).alias("_conflict"),
    )
    out = df.join(per_row, on="_cx", how="left").sort("_cx")
    return out.with_columns(
        pl.col("industries").fill_null(""),
        pl.col("evidence").fill_null(""),
        pl.col("placements").fill_null(""),
        (pl.col("_conflict").fill_null(False) | (pl.col("confidence") < REVIEW_BELOW).fill_null(False)).alias(
            "needs_review"
        ),
    ).drop("_cx", "_code", "_text", "_conflict")


def _first_keyword_expr(text, keywords):
    """Column-wise _first_keyword(): the first match of one Aho-Corasick scan, or null."""
    import polars as pl

    if not keywords:
        return pl.lit(None, pl.String)
    return text.str.extract_many(list(keywords)).list.first()


# ---------------------------------------------------------------- how good the rules are


@dataclass(frozen=True)
class Score:
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float | None:
        n = self.true_pos + self.false_pos
        return None if n == 0 else self.true_pos / n

    @property
    def recall(self) -> float | None:
        n = self.true_pos + self.false_neg
        return None if n == 0 else self.true_pos / n


def precision_recall(expected: list[set[str]], got: list[set[str]]) -> tuple[dict[str, Score], Score]:
    """Per industry and overall (micro: pooled over industries), against labels an analyst gave.

    A firm labelled with no industry that the rules place anywhere counts as a false positive
    of each industry it was placed in: forcing a firm into the system is an error.
    """
    per: dict[str, list[int]] = {}
    for want, have in zip(expected, got, strict=True):
        for slug in want | have:
            tp_fp_fn = per.setdefault(slug, [0, 0, 0])
            tp_fp_fn[0 if slug in want and slug in have else 1 if slug in have else 2] += 1
    scores = {slug: Score(*v) for slug, v in sorted(per.items())}
    overall = Score(*(sum(s[i] for s in per.values()) for i in range(3)))
    return scores, overall

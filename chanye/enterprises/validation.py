"""Check every cell of an enterprise file column-wise and say, for each bad one, where and how to fix it.

`validate()` returns the typed frame and a list of errors; the importer writes nothing unless the
list is empty. Checks run on whole columns (Polars), so a million rows take seconds, not minutes.
"""

from datetime import date

import polars as pl

from chanye.analytics import uscc as uscc_rules
from chanye.core.importing import RowError

from .columns import BOOL_FIELDS, BY_FIELD, COLUMNS, FALSE_WORDS, FIGURE_FIELDS, TRUE_WORDS
from .reading import Table

MAX_ERRORS_SHOWN = 1000
FULL_WIDTH = (
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x41 + i) for i in range(26)}
)


def _errors(frame: pl.DataFrame, field: str, message) -> pl.DataFrame:
    """Rows of `frame` where `message` (an expression) is not null, as (_row, field, value, message)."""
    return frame.select(
        pl.col("_row"), pl.lit(field).alias("field"), pl.col(field).alias("value"), message.alias("message")
    ).filter(pl.col("message").is_not_null())


def _number_text(col: pl.Expr) -> pl.Expr:
    return col.str.replace_all(r"[,，\s]", "")


POSITION = {c.field: i for i, c in enumerate(COLUMNS)}  # errors of a row are listed left to right
EMPTY_ERRORS = {"_row": pl.UInt32, "field": pl.String, "value": pl.String, "message": pl.String}
ATTRIBUTE_FIELDS = [
    c.field for c in COLUMNS if c.field not in ("uscc", "year", "quarter") and c.field not in FIGURE_FIELDS
]


def normalised(table: Table) -> pl.DataFrame:
    """The text frame with every template column present and credit codes as people mean them."""
    f = table.frame
    present = set(f.columns)
    f = f.with_columns(pl.lit("").alias(c.field) for c in COLUMNS if c.field not in present)
    return f.with_columns(
        pl.col("uscc").str.replace_many(FULL_WIDTH).str.to_uppercase().str.replace_all(" ", "").alias("uscc")
    )


def check_cells(
    table: Table,
    *,
    districts: dict[str, int],
    parks: dict[str, int] | None = None,
    own_district: tuple[int, str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(typed frame, cell errors, keys) of one chunk. Keys (_row, uscc, year, quarter, attribute
    hash) are what the checks across the whole file need; they are small. `own_district`
    (id, refusal message) when a district editor imports: rows of other districts are refused."""
    f = normalised(table)
    errs = []

    errs.append(
        _errors(
            f,
            "uscc",
            pl.when(pl.col("uscc") == "")
            .then(pl.lit("必填：请填写 18 位统一社会信用代码。"))
            .otherwise(uscc_rules.problem_expr(pl.col("uscc")) + pl.lit("。请对照营业执照核对。")),
        )
    )
    errs.append(
        _errors(
            f, "name", pl.when(pl.col("name") == "").then(pl.lit("必填：请填写企业名称（与营业执照一致）。"))
        )
    )
    for c in COLUMNS:
        if c.kind == "text" and c.max_len:
            errs.append(
                _errors(
                    f,
                    c.field,
                    pl.when(pl.col(c.field).str.len_chars() > c.max_len).then(
                        pl.lit(f"太长：不能超过 {c.max_len} 个字，请删减。")
                    ),
                )
            )

    names = "、".join(k for k in districts if not k.isdigit() and k.endswith("区")) or "、".join(
        k for k in districts if not k.isdigit()
    )
    district_id = pl.col("district").replace_strict(districts, default=None, return_dtype=pl.Int64)
    errs.append(
        _errors(
            f,
            "district",
            pl.when(pl.col("district") == "")
            .then(pl.lit("必填：请填写所在区。"))
            .when(district_id.is_null())
            .then(pl.lit(f"不是本市的区。请填区名（{names}）或其六位行政区划代码。"))
            .when(pl.lit(own_district is not None) & (district_id != (own_district or (0, ""))[0]))
            .then(pl.lit((own_district or (0, ""))[1])),
        )
    )
    park_id = pl.col("park").replace_strict(parks or {}, default=None, return_dtype=pl.Int64)
    errs.append(
        _errors(
            f,
            "park",
            pl.when((pl.col("park") != "") & park_id.is_null()).then(
                pl.lit("不是已登记的园区：请填园区名称或标识（见“园区与用地”），不在园区可留空。")
            ),
        )
    )
    code = pl.col("industry_code")
    errs.append(
        _errors(
            f,
            "industry_code",
            pl.when((code != "") & ~code.str.contains(r"^\d{4}$"))
            .then(pl.lit("应为 4 位数字的 GB/T 4754-2017 小类代码，如 3612；不知道可留空。"))
            .when((code != "") & ~code.str.slice(0, 2).cast(pl.Int32, strict=False).is_between(1, 97))
            .then(pl.lit("前两位（大类）应在 01–97 之间：请核对行业代码。")),
        )
    )

    founded_text = (
        pl.col("founded_on")
        .str.replace_all(r"[/.]", "-")
        .str.replace_all(r"(\d{4})年(\d{1,2})月(\d{1,2})日", "$1-$2-$3")
    )
    founded = founded_text.str.to_date("%Y-%m-%d", strict=False)
    errs.append(
        _errors(
            f,
            "founded_on",
            pl.when((pl.col("founded_on") != "") & founded.is_null())
            .then(pl.lit("不是有效日期：请写成 2015-06-30 的形式。"))
            .when(founded > pl.lit(date.today()))
            .then(pl.lit("成立日期晚于今天：请核对。"))
            .when(founded < pl.lit(date(1800, 1, 1)))
            .then(pl.lit("成立日期早于 1800 年：请核对。")),
        )
    )
    for field in BOOL_FIELDS:
        errs.append(
            _errors(
                f,
                field,
                pl.when(~pl.col(field).is_in(TRUE_WORDS + FALSE_WORDS)).then(
                    pl.lit("请填“是”或“否”（留空视为否）。")
                ),
            )
        )

    year = pl.col("year").cast(pl.Int32, strict=False)
    quarter = (
        pl.col("quarter").str.replace(r"^[Qq第]", "").str.replace("季度$", "").cast(pl.Int32, strict=False)
    )
    any_figure = pl.any_horizontal(pl.col(x) != "" for x in FIGURE_FIELDS)
    errs.append(
        _errors(
            f,
            "year",
            pl.when((pl.col("year") == "") & any_figure)
            .then(pl.lit("填写了经营数据但缺少年度：请填写数据所属年度，如 2024。"))
            .when((pl.col("year") != "") & ~year.is_between(1949, 2100).fill_null(False))
            .then(pl.lit("应为四位年份，如 2024。")),
        )
    )
    errs.append(
        _errors(
            f,
            "quarter",
            pl.when((pl.col("quarter") != "") & ~quarter.is_between(1, 4).fill_null(False)).then(
                pl.lit("应为 1–4；全年数据留空。")
            ),
        )
    )
    typed_figures = []
    for field in FIGURE_FIELDS:
        text = _number_text(pl.col(field))
        value = text.cast(pl.Float64, strict=False)
        message = (
            pl.when((pl.col(field) != "") & value.is_null())
            .then(pl.lit("不是数字：只填数字，不要带单位或文字（单位见表头）。"))
            .when(value < 0)
            .then(pl.lit("不能为负数。"))
            .when(value >= 1e13)
            .then(pl.lit("数值过大：请检查单位（本列以表头所示单位计）。"))
        )
        if BY_FIELD[field].kind == "int":
            message = message.when(value.is_not_null() & (value != value.round(0))).then(
                pl.lit("应为整数（人数）。")
            )
        errs.append(_errors(f, field, message))
        typed_figures.append(
            (value.round(0).cast(pl.Int64) if BY_FIELD[field].kind == "int" else value.round(2)).alias(field)
        )

    errors = pl.concat([e.cast(EMPTY_ERRORS) for e in errs])
    keys = f.select(
        "_row",
        "uscc",
        year.alias("year"),
        quarter.fill_null(0).alias("quarter"),
        pl.struct(ATTRIBUTE_FIELDS).hash().alias("_h"),
    )
    typed = f.select(
        "_row",
        "uscc",
        "name",
        district_id.alias("district_id"),
        "industry_code",
        "business_scope",
        "main_products",
        founded.alias("founded_on"),
        *[pl.col(b).is_in(TRUE_WORDS).alias(b) for b in BOOL_FIELDS],
        park_id.alias("park_id"),
        year.alias("year"),
        quarter.fill_null(0).alias("quarter"),
        *typed_figures,
    )
    return typed, errors, keys


def duplicate_errors(keys: pl.DataFrame) -> tuple[pl.DataFrame, set[str]]:
    """Across the whole file: the same firm and period twice (an error at the later row), and the
    firms whose rows differ in their basic information (named field by field by consistency_errors)."""
    keys = keys.filter(pl.col("uscc") != "")
    first = pl.col("_row").min().over("uscc", "year", "quarter")
    twice = keys.with_columns(first.alias("_first")).filter(pl.col("_row") != pl.col("_first")).select(
        "_row", pl.lit("uscc").alias("field"), pl.col("uscc").alias("value"),
        (pl.lit("与第 ") + pl.col("_first").cast(pl.String) + pl.lit(" 行是同一企业同一期：每家企业每期只能有一行，请删除或合并。")).alias("message"),
    )  # fmt: skip
    differing = set(
        keys.group_by("uscc")
        .agg(pl.col("_h").n_unique().alias("n"))
        .filter(pl.col("n") > 1)["uscc"]
        .to_list()
    )
    return twice.cast(EMPTY_ERRORS), differing


def consistency_errors(rows: pl.DataFrame) -> pl.DataFrame:
    """For the rows of firms described two ways: which field differs from the firm's first row."""
    if rows.height == 0:
        return pl.DataFrame(schema=EMPTY_ERRORS)
    rows = rows.with_columns(pl.col("_row").min().over("uscc").alias("_first"))
    out = []
    for field in ATTRIBUTE_FIELDS:
        heading = BY_FIELD[field].heading
        first_value = pl.col(field).sort_by("_row").first().over("uscc")
        out.append(
            rows.filter((pl.col("_row") != pl.col("_first")) & (pl.col(field) != first_value)).select(
                "_row", pl.lit(field).alias("field"), pl.col(field).alias("value"),
                (pl.lit("同一企业（第 ") + pl.col("_first").cast(pl.String) + pl.lit(f" 行）的「{heading}」与此不同：同一企业各行的基本信息须一致。")).alias("message"),
            )
        )  # fmt: skip
    return pl.concat([o.cast(EMPTY_ERRORS) for o in out])


def cell_errors(
    errors: pl.DataFrame, letters: dict[str, str], limit: int = MAX_ERRORS_SHOWN
) -> list[RowError]:
    return [
        RowError(
            row=r,
            column=letters.get(field, ""),
            heading=BY_FIELD[field].heading,
            value=value or "",
            message=message,
        )
        for r, field, value, message in errors.with_columns(
            pl.col("field").replace_strict(POSITION, default=99, return_dtype=pl.Int32).alias("_pos")
        )
        .sort("_row", "_pos")
        .drop("_pos")
        .head(limit)
        .iter_rows()
    ]

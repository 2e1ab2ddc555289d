"""统一社会信用代码 (GB 32100-2015): the check character, for one code or a whole column.

An 18-character code: registration authority (1), entity kind (1), administrative division (6),
organisation code (9) and a check character. Characters come from 0-9 and the capitals without
I, O, S, V, Z (31 symbols, values 0–30). Position i (0-based) is weighted 3^i mod 31; the check
value is 31 − (Σ value × weight mod 31), written as the symbol of that value (31 → 0).
"""

from __future__ import annotations

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {c: i for i, c in enumerate(CHARS)}
WEIGHTS = tuple(
    pow(3, i, 31) for i in range(17)
)  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
LENGTH = 18


def check_char(body: str) -> str:
    """The check character of the first 17 characters (which must all be valid symbols)."""
    total = sum(VALUE[c] * w for c, w in zip(body[:17], WEIGHTS, strict=True))
    return CHARS[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None when `code` is a valid credit code; otherwise what is wrong with it, in Chinese."""
    if len(code) != LENGTH:
        return f"应为 18 位，实际 {len(code)} 位"
    bad = list(dict.fromkeys(c for c in code if c not in VALUE))  # each once, in order
    if bad:
        return f"含有不允许的字符「{''.join(bad)}」（只允许数字和除 I、O、S、V、Z 以外的大写字母）"
    expected = check_char(code)
    if code[17] != expected:
        return f"校验码应为「{expected}」，实际为「{code[17]}」（可能有字符录错）"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def normalise(raw: str) -> str:
    """What people paste: full-width characters, spaces, lower case."""
    text = raw.strip().upper()
    return "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text).replace(" ", "")


def problem_expr(col):
    """A Polars expression: null where the column's code is valid, else the same message as problem().

    Vectorised (one pass per position), so a million codes check in well under a second.
    """
    import polars as pl

    code = col
    values = [
        code.str.slice(i, 1).replace_strict(VALUE, default=None, return_dtype=pl.Int64) for i in range(17)
    ]
    total = pl.sum_horizontal([v * w for v, w in zip(values, WEIGHTS, strict=True)])
    expected = ((31 - total % 31) % 31).replace_strict(
        dict(enumerate(CHARS)), default=None, return_dtype=pl.String
    )
    length = code.str.len_chars()
    bad_chars = (
        code.str.replace_all(f"[{CHARS}]", "").str.split("").list.unique(maintain_order=True).list.join("")
    )
    return (
        pl.when(length != LENGTH)
        .then(pl.lit("应为 18 位，实际 ") + length.cast(pl.String) + pl.lit(" 位"))
        .when(bad_chars.str.len_chars() > 0)
        .then(
            pl.lit("含有不允许的字符「")
            + bad_chars
            + pl.lit("」（只允许数字和除 I、O、S、V、Z 以外的大写字母）")
        )
        .when(code.str.slice(17, 1) != expected)
        .then(
            pl.lit("校验码应为「")
            + expected
            + pl.lit("」，实际为「")
            + code.str.slice(17, 1)
            + pl.lit("」（可能有字符录错）")
        )
        .otherwise(None)
    )

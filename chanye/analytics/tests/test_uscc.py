"""统一社会信用代码 check character (GB 32100-2015), scalar and vectorised."""

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chanye.analytics import uscc

# Public codes of two well-known firms (printed on their published business licences).
REAL = ["9144030071526726XG", "914403001922038216"]


def test_weights_are_powers_of_three_mod_31():
    assert uscc.WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize("code", REAL)
def test_real_codes_are_valid(code):
    assert uscc.problem(code) is None


@pytest.mark.parametrize(
    "code, message",
    [
        ("9144030071526726X", "应为 18 位，实际 17 位"),
        ("9144030071526726XGG", "应为 18 位，实际 19 位"),
        ("91440300715267I6XG", "含有不允许的字符「I」（只允许数字和除 I、O、S、V、Z 以外的大写字母）"),
        ("9144030O7152672OXS", "含有不允许的字符「OS」（只允许数字和除 I、O、S、V、Z 以外的大写字母）"),
        ("9144030071526726XH", "校验码应为「G」，实际为「H」（可能有字符录错）"),
        ("9144030071526727XG", "校验码应为「H」，实际为「G」（可能有字符录错）"),
    ],
)
def test_problems_are_named(code, message):
    assert uscc.problem(code) == message


def test_check_char_worked_example():
    """9144030071526726X: Σ value × weight = 1782; 1782 mod 31 = 15; 31 − 15 = 16 → symbol 16 is G."""
    body = "9144030071526726X"
    assert sum(uscc.VALUE[c] * w for c, w in zip(body, uscc.WEIGHTS, strict=True)) == 1782
    assert uscc.CHARS[16] == "G"
    assert uscc.check_char(body) == "G"


def test_normalise_full_width_and_spaces():
    assert uscc.normalise(" ９１４４０３００７１５２６７２６ｘｇ ") == "9144030071526726XG"


BODY = st.text(alphabet=uscc.CHARS, min_size=17, max_size=17)


@given(BODY)
def test_a_code_with_its_check_char_is_valid_and_any_other_last_char_is_not(body):
    good = body + uscc.check_char(body)
    assert uscc.is_valid(good)
    for c in uscc.CHARS:
        if c != good[-1]:
            assert not uscc.is_valid(body + c)


@given(BODY, st.integers(0, 16), st.sampled_from(uscc.CHARS))
def test_any_single_substitution_is_caught(body, i, c):
    """Weights are non-zero mod the prime 31, so changing one character always changes the check."""
    good = body + uscc.check_char(body)
    changed = good[:i] + c + good[i + 1 :]
    assert uscc.is_valid(changed) == (changed == good)


def test_the_column_check_agrees_with_the_scalar_one():
    codes = [*REAL, "9144030071526726X", "91440300715267I6XG", "9144030O7152672OXS", "9144030071526726XH", ""]
    codes += [b + uscc.check_char(b) for b in ("91440101MA59ABCDE", "12440000455858765")]
    got = pl.DataFrame({"c": codes}).select(uscc.problem_expr(pl.col("c")).alias("p"))["p"].to_list()
    assert got == [uscc.problem(c) for c in codes]

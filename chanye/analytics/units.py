"""Units as written in Chinese policy documents (亩, 万亩, 平方公里, 万㎡, 亿元, 个, %, 个百分点).

Built on pint. Percent and percentage points are different dimensions on purpose: "提高1个百分点"
is not "增长1%". Counts (个, 家, 项 …) share one dimension so a target in 个 accepts 家.
"""

from decimal import ROUND_HALF_EVEN, Decimal

import pint

_DEFINITIONS = """
mu = 10000 / 15 * meter ** 2 = 亩
wan_mu = 10000 * mu = 万亩
sq_km = kilometer ** 2 = 平方公里 = 平方千米
sq_m = meter ** 2 = 平方米
wan_sq_m = 10000 * meter ** 2 = 万平方米 = 万方
yi_sq_m = 100000000 * meter ** 2 = 亿平方米
yuan = [currency] = 元
wan_yuan = 10000 * yuan = 万元
yi_yuan = 100000000 * yuan = 亿元
item = [count] = 个 = 家 = 套 = 条 = 项 = 位 = 座 = 批
wan_item = 10000 * item = 万个 = 万家
pct = [share] = 百分比
percentage_point = [share_change] = 个百分点
person = [headcount] = 人
wan_person = 10000 * person = 万人
"""

_registry = pint.UnitRegistry(non_int_type=Decimal, autoconvert_offset_to_baseunit=True)
for _line in _DEFINITIONS.strip().splitlines():
    _registry.define(_line.strip())

SIGNIFICANT_DIGITS = 12

# Symbols pint's parser cannot take as names, mapped to names it can.
_SYMBOLS = {
    "㎡": "平方米",
    "m²": "平方米",
    "m2": "平方米",
    "万㎡": "万平方米",
    "km²": "平方公里",
    "km2": "平方公里",
    "%": "百分比",
    "％": "百分比",
    "pp": "个百分点",
}


class UnitError(ValueError):
    """A unit that is unknown, or that cannot be converted to another (Chinese message)."""


def _unit(name: str):
    try:
        name = name.strip()
        return _registry.Unit(_SYMBOLS.get(name, name))
    except (pint.UndefinedUnitError, AttributeError, ValueError, AssertionError):
        raise UnitError(
            f"不认识的单位「{name}」。可用：亩、万亩、平方公里、平方米（㎡）、万平方米（万㎡、万方）、元、万元、亿元、个、家、项、%、个百分点、人、万人。"
        ) from None


def convert(value, from_unit: str, to_unit: str) -> Decimal:
    """`value` in `from_unit` expressed in `to_unit`, to 12 significant digits.

    Significant digits, not decimal places: 0.01 ㎡ in 万亩 is 1.5e-9 and must not round to 0,
    while 10 平方公里 must come out as exactly 15000 亩 (1 亩 = 10000/15 ㎡ is not a finite decimal).
    """
    source, target = _unit(from_unit), _unit(to_unit)
    if source.dimensionality != target.dimensionality:
        raise UnitError(
            f"单位「{from_unit}」不能换算为「{to_unit}」：两者量纲不同（例如面积不能换算为金额，% 不能换算为百分点）。"
        )
    result = _registry.Quantity(Decimal(str(value)), source).to(target).magnitude
    return round_significant(Decimal(result))


def round_significant(value: Decimal, digits: int = SIGNIFICANT_DIGITS) -> Decimal:
    if value == 0:
        return Decimal(0)
    quantum = Decimal(1).scaleb(value.adjusted() - digits + 1)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_EVEN).normalize()
    # normalize() writes 15000 as 1.5E+4; adding 0 at a zero exponent gives plain digits back.
    return rounded + Decimal(0) if rounded.as_tuple().exponent > 0 else rounded


def compatible(a: str, b: str) -> bool:
    try:
        return _unit(a).dimensionality == _unit(b).dimensionality
    except UnitError:
        return False


def is_known(name: str) -> bool:
    try:
        _unit(name)
    except UnitError:
        return False
    return True

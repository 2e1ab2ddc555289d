"""Definition files people write (YAML checked by pydantic): the shared machinery.

Pure Python (PyYAML + pydantic, no Django). Every app that reads a definition file (the system,
its targets, rule sets) builds on this: the base model that forbids unknown fields and tidies
folded Chinese text, YAML with line numbers, pydantic errors as Chinese sentences, a checker for
cross-references, and one pipeline that reports every problem with its line and path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, model_validator

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Confidence = Literal["high", "medium", "low", "unverified"]

# YAML folded text (>-) joins lines with a space, which is wrong between Chinese characters.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u201c\u201d"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def tidy_text(value):
    """Drop spaces between two CJK characters (left by folded YAML lines)."""
    if isinstance(value, str):
        return _CJK_GAP.sub("", value)
    if isinstance(value, list):
        return [tidy_text(v) for v in value]
    return value


class DefinitionModel(BaseModel):
    """Base of every definition-file model: unknown fields are refused, folded text tidied."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _tidy(cls, data):
        if isinstance(data, dict):
            # `field: null` on an optional text field means "not given", as YAML authors expect.
            fields = cls.model_fields
            return {
                k: tidy_text(v)
                for k, v in data.items()
                if not (v is None and k in fields and fields[k].default == "")
            }
        return data


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the file, located by line and YAML path."""

    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.line} 行" if self.line else "文件"
        return f"{where} {self.path}：{self.message}" if self.path else f"{where}：{self.message}"


class DefinitionError(Exception):
    def __init__(self, problems: list[Problem], filename: str = ""):
        self.problems = sorted(problems)
        self.filename = filename
        super().__init__("\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------- YAML with line numbers


def _compose(text: str) -> tuple[Any, dict[tuple, int], list[Problem]]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    duplicates: list[Problem] = []
    _walk(node, (), lines, duplicates)
    return data, lines, duplicates


def _walk(node, path: tuple, lines: dict[tuple, int], duplicates: list[Problem]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            if child in lines:
                # PyYAML keeps the last of two equal keys: the first value would vanish silently.
                duplicates.append(
                    Problem(
                        key_node.start_mark.line + 1,
                        format_path(child),
                        f"字段「{key_node.value}」重复（第 {lines[child]} 行已出现）。同一处每个字段只能写一次。",
                    )
                )
            lines.setdefault(child, key_node.start_mark.line + 1)
            _walk(value_node, child, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, duplicates)


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def line_for(path: tuple, lines: dict[tuple, int]) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 0


# ---------------------------------------------------------------- messages

PATTERN_HINTS = {
    "slug": "只能用小写字母、数字和下划线，且以字母开头，如 icv_nev",
    "key": "只能用小写字母、数字和下划线，且以字母开头，如 plan",
    "code": '应为 6 位数字的行政区划代码（GB/T 2260），并加引号，如 "440104"',
    "id": "只能用字母、数字、下划线、点和连字符，如 S00",
}


def pydantic_error_zh(error: dict) -> str:
    """A pydantic error as a Chinese sentence that says what to fix."""
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
    value = error.get("input")
    shown = repr(value) if not isinstance(value, str) else value
    ctx = error.get("ctx") or {}
    # Some callers (django-ninja) drop the input; then the sentence names no value.
    q = "该值" if value is None else f"「{shown}」"
    if kind == "missing":
        return f"缺少必填字段「{field}」。"
    if kind == "extra_forbidden":
        return f"未知字段「{field}」。请检查拼写；可用字段见 docs/system-definition.md。"
    if kind == "string_type" and value is None:
        return "不能为空（null）：请填写文本。"
    if kind == "string_type":
        return f'应为文本，实际是{q}。数字形式的代码请加引号，如 "440104"。'
    if kind == "string_too_short":
        return "不能为空。"
    if kind == "string_too_long":
        return f"太长：最多 {ctx.get('max_length')} 个字符。"
    if kind == "string_pattern_mismatch":
        if loc and loc[0] == "system" and field == "slug":
            return f"{q}格式不对：体系标识只能用小写字母、数字和连字符，如 guangzhou-12218。"
        hint = PATTERN_HINTS.get(field, "格式不对")
        return f"{q}格式不对：{hint}。"
    if kind == "literal_error":
        expected = (
            str(ctx.get("expected", ""))
            .replace("''", "（空）")
            .replace("'", "")
            .replace(" or ", "、")
            .replace(", ", "、")
        )
        return f"{q}不是允许的取值。可选：{expected}。"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"{q}不是有效日期。请写成 YYYY-MM-DD，如 2025-02-06。"
    if kind in ("list_type", "tuple_type"):
        return "应为列表（每项以“- ”开头）。"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "应为映射（“字段: 值”的形式）。"
    if kind.startswith("decimal") or kind.startswith("int_") or kind.startswith("float"):
        if kind in ("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"):
            return f"{q}位数太多：最多保留两位小数。"
        return f"{q}不是有效数字。"
    if kind in ("greater_than", "greater_than_equal"):
        limit = ctx.get("gt", ctx.get("ge"))
        return f"{q}太小：应{'大于' if kind == 'greater_than' else '不小于'} {limit}。"
    if kind in ("less_than", "less_than_equal"):
        limit = ctx.get("lt", ctx.get("le"))
        return f"{q}太大：应{'小于' if kind == 'less_than' else '不大于'} {limit}。"
    if kind in ("bool_type", "bool_parsing"):
        return "应为 true 或 false。"
    if kind == "too_short":
        return "至少要有一项。"
    return f"{q}无效：{error.get('msg', '')}。"


# ---------------------------------------------------------------- cross-reference checks


class Checker:
    """Collects cross-reference problems, each located by YAML path and line."""

    def __init__(self, lines: dict[tuple, int]):
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(line_for(path, self.lines), format_path(path), message))

    def unique(self, values: list[tuple[tuple, str]], what: str) -> None:
        seen: dict[str, tuple] = {}
        for path, value in values:
            if value in seen:
                first = seen[value]
                self.add(
                    path,
                    f"{what}「{value}」重复（第 {line_for(first, self.lines)} 行已定义）。每个{what}只能出现一次。",
                )
            else:
                seen[value] = path


def parse_yaml_model(text: str, model, check, top_hint: str):
    """Shared pipeline: YAML with line numbers → pydantic model → cross-reference `check`.

    Raises DefinitionError with every problem found; returns the validated model otherwise.
    """
    try:
        data, lines, duplicates = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise DefinitionError(
            [Problem(line, "", f"YAML 语法错误：{exc.problem or exc}。请检查缩进、冒号和引号。")]
        ) from None
    except yaml.YAMLError as exc:
        raise DefinitionError([Problem(0, "", f"YAML 语法错误：{exc}")]) from None
    if not isinstance(data, dict):
        raise DefinitionError([Problem(1, "", f"文件顶层应为映射（{top_hint} 等字段）。")])
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        problems = list(duplicates)
        for error in exc.errors():
            loc = tuple(error["loc"])
            path = loc[:-1] if error["type"] == "missing" else loc
            problems.append(Problem(line_for(path, lines), format_path(loc), pydantic_error_zh(error)))
        raise DefinitionError(problems) from None
    problems = duplicates + check(validated, lines)
    if problems:
        raise DefinitionError(problems)
    return validated

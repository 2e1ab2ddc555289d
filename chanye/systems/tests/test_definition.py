"""The definition parser: every broken file is reported with its line, YAML path and a fix-it message.

Pure tests (no database). `MINIMAL` is the smallest valid definition; each broken variant changes
one or two lines of it, so the expected line numbers can be read off the numbered listing below.
"""

import pytest

from chanye.systems.definition import DefinitionError, Problem, parse_definition, read_definition

MINIMAL = """\
format: chanye-system/1
system:
  slug: demo-city
  name_zh: 示例市产业体系
  city: {name_zh: 示例市, code: "330100"}
  as_of: 2025-01-01
  sources: [S1]
sources:
  - {id: S1, title: 示例来源}
elements:
  - {key: overall, kind: overall_requirement, name_zh: 总体要求, sources: [S1]}
industry_groups:
  - {key: pillar, name_zh: 支柱产业, expected_count: 2}
industries:
  - slug: alpha
    group: pillar
    name_zh: 甲产业
    confidence: high
    sources: [S1]
    segments:
      - {key: up, name_zh: 上游环节, stage: upstream}
      - {key: down, name_zh: 下游环节, stage: downstream}
  - slug: beta
    group: pillar
    name_zh: 乙产业
    confidence: medium
    sources: [S1]
    segments:
      - {key: mid, name_zh: 中游环节, stage: midstream}
offices:
  - {key: office_alpha, name_zh: 甲产业办, industries: [alpha]}
districts:
  - code: "330102"
    slug: central
    name_zh: 中心区
    priority_industries:
      - {industry: alpha, role_zh: 首位}
support_package:
  name_zh: 配套体系
  categories:
    - key: docs
      name_zh: 文件
      items:
        - {key: plan, name_zh: 规划}
"""
# Line numbers of MINIMAL, for reading the expectations below:
#  1 format   5 city   9 sources[0]   13 industry_groups[0]   15 industries[0] (alpha)
#  16 group  17 name_zh  18 confidence  19 sources  21/22 segments
#  23 industries[1] (beta)  24 group  25 name_zh  26 confidence  27 sources  29 segments[0]
#  31 offices[0]   33 districts[0].code   37 priority_industries[0]   44 support item


def minimal_definition(*replacements: tuple[str, str]) -> str:
    """MINIMAL with each (old, new) applied; `old` must occur exactly once, so a typo fails loudly."""
    text = MINIMAL
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in MINIMAL"
        text = text.replace(old, new)
    return text


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text)
    return caught.value.problems


def only_problem(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


# ---------------------------------------------------------------- the valid baseline


def test_minimal_definition_parses_with_its_values():
    d = parse_definition(MINIMAL)

    assert d.system.slug == "demo-city"
    assert d.system.city.code == "330100"
    assert [i.slug for i in d.industries] == ["alpha", "beta"]
    assert [s.stage for s in d.industries[0].segments] == ["upstream", "downstream"]
    assert d.industries[1].status == "confirmed"
    assert d.offices[0].industries == ["alpha"]
    assert d.districts[0].priority_industries[0].industry == "alpha"
    assert [item.key for c in d.support_package.categories for item in c.items] == ["plan"]


def test_source_citation_fields_parse_and_are_optional():
    cited = (
        "{id: S1, publisher: 某市工业和信息化局, author: 张三, title: 示例方案, doc_no: 某工信函〔2025〕1号, "
        'date: 2025-02-18, kind: 政策文件转载, copy_url: "http://copy.example/1", note: 仅存开头部分}'
    )
    d = parse_definition(minimal_definition(("{id: S1, title: 示例来源}", cited)))

    s = d.sources[0]
    assert (s.publisher, s.author, s.doc_no, s.kind, s.url, s.copy_url) == (
        "某市工业和信息化局",
        "张三",
        "某工信函〔2025〕1号",
        "政策文件转载",
        "",
        "http://copy.example/1",
    )
    bare = parse_definition(MINIMAL).sources[0]
    assert (bare.publisher, bare.author, bare.doc_no, bare.copy_url) == ("", "", "", "")


def test_source_with_a_misspelt_citation_field_is_reported():
    problem = only_problem(
        minimal_definition(
            ("{id: S1, title: 示例来源}", '{id: S1, title: 示例来源, original_url: "http://a.example"}')
        )
    )

    assert (problem.line, problem.path) == (9, "sources[0].original_url")
    assert "未知字段「original_url」" in problem.message


def test_problem_reads_as_line_path_and_message():
    problem = Problem(33, "districts[0].code", "格式不对。")

    assert str(problem) == "第 33 行 districts[0].code：格式不对。"
    assert str(Problem(0, "", "找不到文件。")) == "文件：找不到文件。"


# ---------------------------------------------------------------- cross-reference problems


def test_office_referencing_an_unknown_industry_is_reported_on_its_line():
    problem = only_problem(minimal_definition(("industries: [alpha]", "industries: [gamma]")))

    assert (problem.line, problem.path) == (31, "offices[0].industries[0]")
    assert "引用了未定义的产业「gamma」" in problem.message


def test_unknown_industry_in_a_district_priority_list_is_reported():
    problem = only_problem(
        minimal_definition(("{industry: alpha, role_zh: 首位}", "{industry: gamma, role_zh: 首位}"))
    )

    assert (problem.line, problem.path) == (37, "districts[0].priority_industries[0].industry")
    assert "引用了未定义的产业「gamma」" in problem.message


def test_duplicate_industry_slug_points_back_to_the_first_definition():
    problem = only_problem(minimal_definition(("- slug: beta", "- slug: alpha")))

    assert (problem.line, problem.path) == (23, "industries[1].slug")
    assert "产业标识「alpha」重复（第 15 行已定义）" in problem.message


def test_sub_industry_slug_colliding_with_an_industry_slug_is_reported():
    text = minimal_definition(
        (
            "    confidence: medium\n    sources: [S1]\n",
            "    confidence: medium\n    sources: [S1]\n    sub_industries:\n      - {slug: alpha, name_zh: 甲细分}\n",
        )
    )

    problem = only_problem(text)

    assert (problem.line, problem.path) == (29, "industries[1].sub_industries[0].slug")
    assert "产业标识「alpha」重复（第 15 行已定义）" in problem.message


def test_unknown_source_id_is_reported_with_its_list_position():
    problem = only_problem(
        minimal_definition(
            ("    confidence: medium\n    sources: [S1]", "    confidence: medium\n    sources: [S9]")
        )
    )

    assert (problem.line, problem.path) == (27, "industries[1].sources[0]")
    assert "引用了未定义的来源「S9」" in problem.message


def test_unknown_group_is_reported_and_lists_the_valid_groups():
    problems = problems_of(
        minimal_definition(
            ("    group: pillar\n    name_zh: 乙产业", "    group: pilar\n    name_zh: 乙产业")
        )
    )

    assert [(p.line, p.path) for p in problems] == [
        (13, "industry_groups[0].expected_count"),  # the group now has one industry, not two
        (24, "industries[1].group"),
    ]
    assert "未知的产业分组「pilar」。可选：pillar。" in problems[1].message
    assert "规定 2 个产业，文件中有 1 个" in problems[0].message


def test_group_expected_count_mismatch_names_both_counts():
    problem = only_problem(minimal_definition(("expected_count: 2", "expected_count: 3")))

    assert (problem.line, problem.path) == (13, "industry_groups[0].expected_count")
    assert "分组「支柱产业」规定 3 个产业，文件中有 2 个" in problem.message
    assert "status: pending" in problem.message


def test_segment_stage_going_backwards_is_reported_on_the_later_segment():
    text = minimal_definition(
        (
            "      - {key: down, name_zh: 下游环节, stage: downstream}\n",
            "      - {key: down, name_zh: 下游环节, stage: downstream}\n      - {key: raw, name_zh: 原料, stage: upstream}\n",
        )
    )

    problem = only_problem(text)

    assert (problem.line, problem.path) == (23, "industries[0].segments[2].stage")
    assert "环节顺序倒退：「原料」是上游，却排在下游环节之后" in problem.message


def test_pending_industry_without_candidates_is_reported():
    text = minimal_definition(("    confidence: medium\n", "    confidence: low\n    status: pending\n"))

    problem = only_problem(text)

    # candidates_zh is absent, so the problem points at the industry itself (line 23).
    assert (problem.line, problem.path) == (23, "industries[1].candidates_zh")
    assert "必须列出候选名称 candidates_zh" in problem.message


def test_pending_industry_with_high_confidence_is_reported():
    text = minimal_definition(
        ("    confidence: medium\n", "    confidence: high\n    status: pending\n    candidates_zh: [丙]\n")
    )

    problem = only_problem(text)

    assert (problem.line, problem.path) == (26, "industries[1].confidence")
    assert "待确认的产业可信度不能是「high」" in problem.message


def test_district_code_outside_the_city_is_reported():
    problem = only_problem(minimal_definition(('code: "330102"', 'code: "440106"')))

    assert (problem.line, problem.path) == (33, "districts[0].code")
    assert "不是 示例市（330100）下辖的区县代码：应以 3301 开头" in problem.message


def test_city_code_itself_is_not_a_district_code():
    problem = only_problem(minimal_definition(('code: "330102"', 'code: "330100"')))

    assert (problem.line, problem.path) == (33, "districts[0].code")
    assert "末两位不为 00" in problem.message


# ---------------------------------------------------------------- schema problems


def test_missing_name_zh_is_reported_on_the_entry_that_lacks_it():
    problem = only_problem(minimal_definition(("    name_zh: 乙产业\n", "")))

    assert (problem.line, problem.path) == (23, "industries[1].name_zh")
    assert problem.message == "缺少必填字段「name_zh」。"


def test_district_code_that_is_not_six_digits_gets_the_pattern_hint():
    problem = only_problem(minimal_definition(('code: "330102"', 'code: "33010"')))

    assert (problem.line, problem.path) == (33, "districts[0].code")
    assert "「33010」格式不对：应为 6 位数字的行政区划代码（GB/T 2260）" in problem.message


def test_unquoted_district_code_asks_for_quotes():
    problem = only_problem(minimal_definition(('code: "330102"', "code: 330102")))

    assert (problem.line, problem.path) == (33, "districts[0].code")
    assert "应为文本" in problem.message and "请加引号" in problem.message


def test_bad_confidence_value_lists_the_allowed_values():
    problem = only_problem(minimal_definition(("confidence: medium", "confidence: sure")))

    assert (problem.line, problem.path) == (26, "industries[1].confidence")
    assert problem.message == "「sure」不是允许的取值。可选：high、medium、low、unverified。"


def test_unknown_field_typo_is_reported_instead_of_silently_dropped():
    problem = only_problem(
        minimal_definition(
            ("    confidence: medium\n    sources: [S1]", "    confidence: medium\n    source: [S1]")
        )
    )

    assert (problem.line, problem.path) == (27, "industries[1].source")
    assert "未知字段「source」。请检查拼写" in problem.message


def test_wrong_format_value_is_reported_on_line_one():
    problem = only_problem(minimal_definition(("format: chanye-system/1", "format: chanye-system/2")))

    assert (problem.line, problem.path) == (1, "format")
    assert problem.message == "「chanye-system/2」不是允许的取值。可选：chanye-system/1。"


def test_bad_date_asks_for_iso_format():
    problem = only_problem(minimal_definition(("as_of: 2025-01-01", "as_of: 2025年1月")))

    assert (problem.line, problem.path) == (6, "system.as_of")
    assert "不是有效日期。请写成 YYYY-MM-DD" in problem.message


def test_duplicate_field_is_reported_instead_of_the_first_value_vanishing():
    problem = only_problem(
        minimal_definition(("    name_zh: 乙产业\n", "    name_zh: 乙产业\n    name_zh: 丙产业\n"))
    )

    assert (problem.line, problem.path) == (26, "industries[1].name_zh")
    assert problem.message == "字段「name_zh」重复（第 25 行已出现）。同一处每个字段只能写一次。"


def test_yaml_syntax_error_is_reported_with_its_line():
    problem = only_problem(minimal_definition(("    name_zh: 乙产业\n", "    name_zh: 乙产业: 错\n")))

    assert (problem.line, problem.path) == (25, "")
    assert problem.message.startswith("YAML 语法错误：mapping values are not allowed here")
    assert "请检查缩进、冒号和引号" in problem.message


def test_top_level_list_is_rejected():
    problem = only_problem("- format: chanye-system/1\n")

    assert (problem.line, problem.path) == (1, "")
    assert "文件顶层应为映射" in problem.message


# ---------------------------------------------------------------- several problems at once


def test_several_schema_problems_are_all_reported_together_in_line_order():
    text = minimal_definition(
        ("format: chanye-system/1", "format: chanye-system/9"),
        ("confidence: medium", "confidence: sure"),
        ('code: "330102"', 'code: "3301"'),
        ("        - {key: plan, name_zh: 规划}", "        - {key: plan, nmae_zh: 规划}"),
    )

    problems = problems_of(text)

    assert [(p.line, p.path) for p in problems] == [
        (1, "format"),
        (26, "industries[1].confidence"),
        (33, "districts[0].code"),
        (44, "support_package.categories[0].items[0].name_zh"),
        (44, "support_package.categories[0].items[0].nmae_zh"),
    ]
    assert len(problems) == 5


def test_several_reference_problems_are_all_reported_together():
    text = minimal_definition(
        ("industries: [alpha]", "industries: [gamma]"),
        ("{industry: alpha, role_zh: 首位}", "{industry: delta, role_zh: 首位}"),
        ("    confidence: medium\n    sources: [S1]", "    confidence: medium\n    sources: [S7]"),
        ('code: "330102"', 'code: "440106"'),
    )

    with pytest.raises(DefinitionError) as caught:
        parse_definition(text)

    problems = caught.value.problems
    assert [(p.line, p.path) for p in problems] == [
        (27, "industries[1].sources[0]"),
        (31, "offices[0].industries[0]"),
        (33, "districts[0].code"),
        (37, "districts[0].priority_industries[0].industry"),
    ]
    assert len(str(caught.value).splitlines()) == 4


# ---------------------------------------------------------------- reading files


def test_read_definition_reports_a_missing_file(tmp_path):
    missing = tmp_path / "nope.yaml"

    with pytest.raises(DefinitionError) as caught:
        read_definition(missing)

    assert caught.value.filename == str(missing)
    assert caught.value.problems == [Problem(0, "", f"找不到文件「{missing}」。请检查路径。")]


def test_read_definition_rejects_a_file_that_is_not_utf8(tmp_path):
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(MINIMAL.encode("gbk"))

    with pytest.raises(DefinitionError) as caught:
        read_definition(gbk)

    assert caught.value.problems == [Problem(0, "", f"文件「{gbk}」不是 UTF-8 编码。请另存为 UTF-8 后重试。")]


def test_read_definition_names_the_file_of_a_broken_definition(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(minimal_definition(("expected_count: 2", "expected_count: 5")), encoding="utf-8")

    with pytest.raises(DefinitionError) as caught:
        read_definition(broken)

    assert caught.value.filename == str(broken)
    assert [p.line for p in caught.value.problems] == [13]


def test_read_definition_returns_the_parsed_file(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL, encoding="utf-8")

    definition = read_definition(good)

    assert definition.system.slug == "demo-city"
    assert len(definition.industries) == 2

"""The import engine: every import of the platform (enterprises, actuals, projects, investment, land,
carriers, the three lists) reads its file, reports its errors and writes its rows through here.

- Reading: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) and XLSX; `FileProblem` when the file as a
  whole cannot be used; `decode_text` and `cell_text` are shared with the enterprise import's
  column-wise fast path (Polars), which reads million-row files in chunks.
- Errors: one `RowError` type (sheet, row, column letter, heading, value, message) and one
  formatter, `error_line`, so every import says where and how to fix a problem the same way.
- Registers: a register names its columns (Chinese headings, kinds, choices), the fields a row is
  matched by, its lookups and an after-write hook. Every cell is checked, then all rows are
  written or none (dry run: none), with bulk_create/bulk_update_with_history (history rows carry
  the user, the file and the source "导入"). The hook runs inside the same transaction (the
  targets app recomputes the actuals computed from the register). A register may name the sheet
  of a workbook the platform wrote, read a column its own way (`Col.parse`), refuse rows the user
  may not write (`authorize`) and store its rows through the domain's service (`write`, e.g. the
  actuals, which convert units and compute growth) instead of the upsert.
- Lookups: apps contribute the maps a column may look up (`register_lookup`), so the engine
  knows no domain model.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chanye.analytics.units import UnitError, convert
from chanye.core.history import SOURCE_IMPORT, current_request_id
from chanye.core.pagecache import bump_data_version

# ---------------------------------------------------------------- reading files


class FileProblem(ValueError):
    """The file as a whole cannot be used (encoding, format, header): nothing is read."""


def decode_text(content: bytes, file_name: str) -> tuple[bytes, str]:
    """(UTF-8 bytes without BOM, the encoding found). Excel on Chinese Windows saves "CSV" in GBK."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        content.decode("utf-8")
        return content, "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        # GB18030 is GBK's superset.
        return content.decode("gb18030").encode("utf-8"), "GB18030"
    except UnicodeDecodeError:
        line = content[: utf8_error.start].count(b"\n") + 1
        raise FileProblem(
            f"文件「{file_name}」第 {line} 行无法识别编码（既不是 UTF-8，也不是 GBK/GB18030）。"
            "请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”，或直接上传 .xlsx 模板。"
        ) from None


def cell_text(value) -> str:
    """An Excel cell as the text a person typed: whole numbers without ".0", dates as 2025-06-30."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------- errors


@dataclass(frozen=True)
class RowError:
    """One bad cell: where it is, what it holds and what to do. A file-level problem has no row."""

    row: int | None
    column: str = ""  # letter
    heading: str = ""
    value: object = ""
    message: str = ""
    sheet: str = ""  # named when the workbook has several sheets

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "heading": self.heading,
            "value": self.value,
            "message": self.message,
        }

    def __str__(self) -> str:
        return error_line(self.as_dict() | {"sheet": self.sheet})


def error_line(e: dict) -> str:
    """One error as a person reads it (a file-level problem has no row; a workbook of several
    sheets names the sheet)."""
    if e.get("row") is None:
        return e["message"]
    shown = e["value"] if e.get("value") not in (None, "") else "（空）"
    where = f"工作表「{e['sheet']}」" if e.get("sheet") else ""
    return f"{where}第 {e['row']} 行 {e['column']} 列「{e['heading']}」值「{shown}」：{e['message']}"


# ---------------------------------------------------------------- registers


@dataclass(frozen=True)
class Col:
    heading: str
    field: str
    required: bool = False
    kind: str = "text"  # text | date | number | money | int | choice | lookup | unit
    choices: dict = field(default_factory=dict)  # accepted words → stored value
    max_len: int = 200
    hint: str = ""
    lookup: str = ""  # for kind "lookup": the name of the mapping in Register.lookups(system)
    bounds: tuple[int, int] | None = None  # for kind "int": the allowed range
    # A column with its own reading (text -> value, raising CellError with the message people see),
    # used instead of its kind: e.g. signed actual values, or a unit checked against the known units.
    parse: Callable | None = None
    required_message: str = ""  # instead of the generic "必填：请填写…"
    # For a lookup whose words repeat under different parents (a chain segment's name in several
    # industries): the field of the parent, read first; the table is keyed (parent id, word).
    within: str = ""


class CellError(ValueError):
    """Raised by a column's own `parse`: the message says what is wrong and how to fix it."""


def words(pairs, extra: dict | None = None) -> dict:
    """Accepted words of a choice column: each label, its part before "（", and extras."""
    out = {label: key for key, label in pairs}
    out.update({label.split("（")[0]: key for key, label in pairs})
    return out | (extra or {})


@dataclass
class Register:
    name: str
    model: type
    columns: list
    key: tuple  # the fields a row is matched by
    lookups: Callable  # system -> {lookup name: {word: id}, "<name>_hint": "…"}
    computations: tuple = ()  # names of the target computations that read this register
    # Runs inside the write's transaction with (register, system, user): e.g. recompute those targets
    # (bulk writes send no signals).
    after_write: Callable | None = None
    stored_unit: str = ""  # when set: the "area" column is converted to this unit into `area_field`
    area_field: str = ""
    check: Callable | None = None  # clean row -> [(field, message)] across columns
    # Rows of a model without a `system` field (e.g. a project's monthly investment): the system's
    # existing rows, and no system set on new ones.
    scope: Callable | None = None  # system -> queryset of the system's rows
    # A workbook the platform wrote with a named sheet (the actuals template): only that sheet is
    # read, and every message names it.
    sheet: str = ""
    # (user, clean row, the record it would change or None, lookups) -> [(field, message)]: may
    # this user write this row (a target of another owner, a project of another district);
    # accounts.permissions.row_guard makes the usual one. Its refusals come first on the row.
    authorize: Callable | None = None
    # Rows not stored by upsert: write(register, system, user, [(row number, clean)], file_name)
    # -> ([(row number, field, message)] for what the domain refuses, rows left unchanged); runs
    # in one transaction that is rolled back on any refusal or on a dry run.
    write: Callable | None = None
    # (field, message with {row}) for two rows with the same key; default: the key's first field.
    duplicate: tuple[str, str] | None = None
    # A row whose cells in these fields are all empty is not data (a template row left unfilled).
    data_fields: tuple = ()


@dataclass
class Outcome:
    errors: list = field(default_factory=list)  # dicts: row, column, heading, value, message
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _rows(content: bytes, file_name: str, sheet: str = "") -> list[list[str]]:
    if not content.strip():
        raise FileProblem(f"文件「{file_name}」是空的：没有表头，也没有数据行。")
    if sheet:  # a workbook the platform wrote: only .xlsx, only the named sheet
        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same advice
            raise FileProblem(
                f"无法读取文件：不是有效的 Excel（.xlsx）文件（{type(exc).__name__}）。请用模板另存为 .xlsx 后重试。"
            ) from None
        if sheet not in wb.sheetnames:
            raise FileProblem(
                f"找不到工作表「{sheet}」。请使用下载的模板，不要修改工作表名称（现有：{'、'.join(wb.sheetnames)}）。"
            )
        rows = [[cell_text(v).strip() for v in row] for row in wb[sheet].iter_rows(values_only=True)]
        wb.close()
        return rows
    if file_name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same advice
            raise FileProblem(
                f"文件「{file_name}」不是有效的 Excel（.xlsx）文件（{type(exc).__name__}）。请用模板另存为 .xlsx 后重试。"
            ) from None
        rows = [[cell_text(v).strip() for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
        return rows
    data, _ = decode_text(content, file_name)
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(data.decode("utf-8")))]


# A column an export adds for reading (current stage, stall …) ends so; the import skips it, so an
# exported file imports back unchanged.
READ_ONLY = "（只读）"


def _positions(header: list[str], register: Register, file_name: str) -> dict[str, int]:
    known = {c.heading: c for c in register.columns}
    positions, problems = {}, []
    for i, raw in enumerate(header):
        text = raw.replace("*", "").strip()
        if not text or text.endswith(READ_ONLY):
            continue
        col = known.get(text)
        if col is None:
            problems.append(f"第 1 行 {get_column_letter(i + 1)} 列表头「{raw}」不是模板中的列")
        elif col.field in positions:
            problems.append(f"第 1 行 {get_column_letter(i + 1)} 列表头「{raw}」重复")
        else:
            positions[col.field] = i
    missing = [c.heading for c in register.columns if c.required and c.field not in positions]
    if missing:
        problems.append(f"缺少必填列：{'、'.join(missing)}")
    if problems:
        raise FileProblem(
            f"文件「{file_name}」表头有误：{'；'.join(problems)}。请下载{register.name}模板，不要修改第 1 行的列名。"
        )
    return positions


def _check_row(values: dict, register: Register, lookups: dict) -> tuple[dict, list[tuple[str, str]]]:  # noqa: C901 - one branch per column kind
    """(clean values, [(field, message)]) of one row."""
    clean, problems = {}, []
    for col in register.columns:
        v = values.get(col.field, "")
        if v == "":
            if col.required:
                problems.append(
                    (
                        col.field,
                        col.required_message
                        or f"必填：请填写{col.heading}{'（' + col.hint + '）' if col.hint else ''}。",
                    )
                )
            clean[col.field] = (
                col.choices.get("", "")
                if col.kind == "choice"
                else ""
                if col.kind in ("text", "unit")
                else None
            )
            continue
        if col.parse is not None:
            try:
                clean[col.field] = col.parse(v)
            except CellError as exc:
                problems.append((col.field, str(exc)))
                clean[col.field] = None
        elif col.kind == "text":
            if len(v) > col.max_len:
                problems.append((col.field, f"太长：不能超过 {col.max_len} 个字。"))
            clean[col.field] = v
        elif col.kind == "date":
            try:
                clean[col.field] = date.fromisoformat(v.replace("/", "-").replace(".", "-"))
            except ValueError:
                problems.append((col.field, "不是有效日期：请写成 2025-06-30 的形式。"))
        elif col.kind in ("number", "money"):
            try:
                number = Decimal(v.replace(",", "").replace("，", ""))
                if not number.is_finite() or number < 0 or (col.kind == "number" and number == 0):
                    raise InvalidOperation
                clean[col.field] = number
            except (InvalidOperation, ValueError):
                problems.append(
                    (
                        col.field,
                        "应为大于 0 的数字（可带千分位逗号），单位写在“面积单位”列。"
                        if col.kind == "number"
                        else "应为不小于 0 的数字（万元，可带千分位逗号）。",
                    )
                )
        elif col.kind == "int":
            lo, hi = col.bounds or (0, 2**31)
            if not v.isdigit() or not lo <= int(v) <= hi:
                problems.append((col.field, f"应为 {lo}–{hi} 之间的整数。"))
            else:
                clean[col.field] = int(v)
        elif col.kind == "choice":
            if v not in col.choices:
                problems.append(
                    (col.field, f"可填：{'、'.join(sorted({k for k in col.choices if k}, key=len))}。")
                )
            clean[col.field] = col.choices.get(v)
        elif col.kind == "lookup" and col.within:
            clean[col.field] = lookups[col.lookup].get((clean.get(col.within), v))
            if clean[col.field] is None:
                problems.append((col.field, lookups.get(f"{col.lookup}_hint", "不认识：请核对。")))
        elif col.kind == "lookup":
            table = lookups[col.lookup]
            clean[col.field] = (
                table.get(v)
                if v in table
                else table.get(v.removesuffix("区"))
                if col.lookup == "districts"
                else None
            )
            if clean[col.field] is None:
                problems.append((col.field, lookups.get(f"{col.lookup}_hint", "不认识：请核对。")))
        elif col.kind == "unit":
            clean[col.field] = v
    if register.stored_unit:
        area, unit = clean.get("area"), clean.get("unit") or register.stored_unit
        if area is not None:
            try:
                clean["area_stored"] = convert(area, unit, register.stored_unit)
            except UnitError as exc:
                problems.append(("unit", f"{exc}（本列的面积须能换算为{register.stored_unit}）"))
    if register.check and not problems:
        problems += register.check(clean)
    return clean, problems


def import_upload(request, *, register: Register, system, allowed: bool, denied: str) -> "Outcome | None":
    """The POST of a register page: check (and unless "试导入" is ticked, write) the uploaded file.
    The outcome carries the error lines as people read them, for the page."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied

    if not allowed:
        raise PermissionDenied(denied)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的文件（.xlsx 或 .csv）。")
        return None
    outcome = import_register(
        register=register,
        system=system,
        user=request.user,
        content=upload.read(),
        file_name=upload.name,
        dry_run=bool(request.POST.get("dry_run")),
    )
    outcome.lines = [error_line(e) for e in outcome.errors[:500]]
    outcome.file_name = upload.name
    return outcome


def outcome_status(outcome: "Outcome | None") -> int:
    """The HTTP status of a register page after its POST: 422 when the file was refused."""
    return 422 if outcome is not None and not outcome.ok else 200


def import_register(
    *, register: Register, system, user, content: bytes, file_name: str, dry_run: bool
) -> Outcome:
    """Check every cell, then (unless a dry run, and only without any error) upsert every row."""
    out = Outcome(dry_run=dry_run)
    try:
        rows = _rows(content, file_name, register.sheet)
        if not rows:
            raise FileProblem(f"文件「{file_name}」是空的：没有表头，也没有数据行。")
        positions = _positions(rows[0], register, file_name)
    except FileProblem as exc:
        out.errors.append({"row": None, "message": str(exc)})
        return out
    lookups = register.lookups(system)
    headings = {c.field: c.heading for c in register.columns}
    letters = {f: get_column_letter(i + 1) for f, i in positions.items()}
    clean_rows, seen, raw = [], {}, {}
    existing = _existing(register, system) if register.authorize and not register.write else {}
    for number, row in enumerate(rows[1:], start=2):
        values = {f: (row[i] if i < len(row) else "") for f, i in positions.items()}
        raw[number] = values
        if not any(values.values()):
            continue  # a blank line in a spreadsheet is not data
        if register.data_fields and not any(values.get(f) for f in register.data_fields):
            continue  # a template row nobody filled in
        clean, problems = _check_row(values, register, lookups)
        key = tuple(clean.get(k) for k in register.key)
        if register.authorize:
            problems = register.authorize(user, clean, existing.get(key), lookups) + problems
        if not problems and key in seen:
            where, message = register.duplicate or (
                register.key[0],
                "与第 {row} 行是同一条记录：请删除或合并。",
            )
            problems.append((where, message.format(row=seen[key])))
        seen.setdefault(key, number)
        for f, message in problems:
            letter = letters.get(
                f, letters.get("area", "")
            )  # a unit problem without a unit column: the area's
            out.errors.append(
                {
                    "row": number,
                    "column": letter,
                    "heading": headings.get(f, f),
                    "value": values.get(f, ""),
                    "message": message,
                    "sheet": register.sheet,
                }
            )
        clean_rows.append((number, clean))
    out.rows = len(clean_rows)
    if not clean_rows and not out.errors:
        out.errors.append({"row": None, "message": f"文件「{file_name}」只有表头，没有数据行。"})
    if out.errors:
        return out
    if register.write:
        _write(out, register, system, user, clean_rows, file_name, letters, raw)
    else:
        _apply(out, register, system, user, clean_rows, file_name)
    return out


class _Rollback(Exception):
    pass


def _write(  # noqa: PLR0913 - where each refusal points needs the letters and the cells
    out: Outcome, register: Register, system, user, clean_rows, file_name: str, letters: dict, raw: dict
) -> None:
    """A register with its own writer: every row through the domain's service, all or nothing."""
    headings = {c.field: c.heading for c in register.columns}
    try:
        with transaction.atomic():
            refused, out.unchanged = register.write(register, system, user, clean_rows, file_name)
            for number, f, message in refused:
                out.errors.append(
                    {
                        "row": number,
                        "column": letters.get(f, ""),
                        "heading": headings.get(f, f),
                        "value": raw.get(number, {}).get(f, ""),
                        "message": message,
                        "sheet": register.sheet,
                    }
                )
            if out.errors or out.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    out.created = 0 if out.errors else len(clean_rows) - out.unchanged
    if not out.dry_run and not out.errors:
        bump_data_version()


def _fields(register: Register, clean: dict) -> dict:
    kinds = {c.field: c.kind for c in register.columns}
    values = {}
    for k, v in clean.items():
        if k in ("area", "unit", "area_stored") and register.stored_unit:
            continue
        values[f"{k}_id" if kinds.get(k) == "lookup" else k] = v
    if register.stored_unit:
        values[register.area_field] = clean["area_stored"].quantize(Decimal("0.01"))
    return values


def _existing(register: Register, system) -> dict:
    """The register's rows of this system by key (the key's looked-up fields by id)."""
    lookups = {c.field for c in register.columns if c.kind == "lookup"}
    rows = register.scope(system) if register.scope else register.model.objects.filter(system=system)
    return {tuple(getattr(o, f"{k}_id" if k in lookups else k) for k in register.key): o for o in rows}


def _apply(out: Outcome, register: Register, system, user, clean_rows, file_name: str) -> None:
    model = register.model
    existing = _existing(register, system)
    new, changed = [], []
    for number, clean in clean_rows:
        values = _fields(register, clean) | {
            "origin": "import",
            "import_file": file_name[:255],
            "import_row": number,
        }
        current = existing.get(tuple(clean[k] for k in register.key))
        if current is None:
            new.append(model(**values) if register.scope else model(system=system, **values))
        # Where a record came from is not its data: a row exported and imported back unchanged
        # (demo rows included) is left alone, with no history row.
        elif any(
            getattr(current, k) != v
            for k, v in values.items()
            if k not in ("origin", "import_file", "import_row")
        ):
            for k, v in values.items():
                setattr(current, k, v)
            changed.append(current)
        else:
            out.unchanged += 1
    out.created, out.updated = len(new), len(changed)
    if out.dry_run or not (new or changed):
        return
    attrs = {"source": SOURCE_IMPORT, "request_id": current_request_id()}
    fields = [f for f in _fields(register, clean_rows[0][1])] + ["origin", "import_file", "import_row"]
    with transaction.atomic():
        if new:
            bulk_create_with_history(
                new,
                model,
                default_user=user,
                default_change_reason=f"导入 {file_name}",
                custom_historical_attrs=attrs,
            )
        if changed:
            bulk_update_with_history(
                changed,
                model,
                fields,
                default_user=user,
                default_change_reason=f"导入 {file_name}",
                custom_historical_attrs=attrs,
            )
        if register.after_write:
            register.after_write(register, system, user)
    bump_data_version()


# ---------------------------------------------------------------- exports that import back


def _best_word(words: list[str]) -> str:
    """The word a person reads for a looked-up or chosen value: Chinese before codes, whole
    labels before their short forms ("天河区" not "天河" or "440106"; "重点项目" not "重点")."""
    chinese = [w for w in words if w and not w.isascii() and "（" not in w]
    pool = chinese or [w for w in words if w] or [""]
    return max(pool, key=len)


def _reverse(table: dict) -> dict:
    """{value: the word to write} of a lookup or choice table ({word: value}, or {(parent, word):
    value} for a lookup read within its parent)."""
    by_value: dict = {}
    for word, value in table.items():
        by_value.setdefault(value, []).append(word[1] if isinstance(word, tuple) else word)
    return {value: _best_word(words) for value, words in by_value.items()}


def export_rows(register: Register, system, objects) -> tuple[list[str], list[list]]:
    """(headings, rows) of stored records in the register's own columns and words: the file
    imports back as a no-op (every row unchanged)."""
    lookups = register.lookups(system)
    names = {c.field: _reverse(lookups[c.lookup]) for c in register.columns if c.kind == "lookup"}
    choices = {c.field: _reverse(c.choices) for c in register.columns if c.kind == "choice"}
    headings = [c.heading + ("*" if c.required else "") for c in register.columns]
    rows = []
    for obj in objects:
        row = []
        for col in register.columns:
            if col.kind == "lookup":
                value = names[col.field].get(getattr(obj, f"{col.field}_id"), "")
            elif register.stored_unit and col.field == "area":
                value = getattr(obj, register.area_field)
            elif register.stored_unit and col.field == "unit":
                value = register.stored_unit
            else:
                value = getattr(obj, col.field)
                if col.kind == "choice":
                    value = choices[col.field].get(value, "")
            row.append("" if value is None else value)
        rows.append(row)
    return headings, rows


def register_xlsx(register: Register, system, objects, extra: tuple = ()) -> bytes:
    """The export of a register: its import columns (the same headings, words and units), then
    `extra` (heading, value of a record) columns for reading, marked （只读） and skipped on import."""
    from chanye.core.excel import new_workbook, workbook_bytes, write_table

    objects = list(objects)
    headings, rows = export_rows(register, system, objects)
    headings += [heading + READ_ONLY for heading, _ in extra]
    rows = [row + [value(obj) for _, value in extra] for row, obj in zip(rows, objects, strict=True)]
    wb = new_workbook()
    ws = wb.active
    ws.title = register.name
    write_table(ws, headings, rows, [16] * len(headings))
    for column, col in enumerate(register.columns, start=1):
        if col.kind == "date":
            for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(wb)


def template_csv(register: Register) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.heading + ("*" if c.required else "") for c in register.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(register: Register, system) -> bytes:
    """The import template: Chinese headings (* = required), dropdowns from a hidden list sheet."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from chanye.core.excel import new_workbook, workbook_bytes, write_table

    wb = new_workbook()
    ws = wb.active
    ws.title = register.name
    write_table(
        ws,
        [c.heading + ("*" if c.required else "") for c in register.columns],
        [],
        [16] * len(register.columns),
    )
    lists = wb.create_sheet("选项")
    lists.sheet_state = "hidden"
    for i, col in enumerate(register.columns, start=1):
        if col.kind == "choice":
            options = [w for w in dict.fromkeys(col.choices) if w and "（" not in w]
        elif col.kind == "lookup" and LOOKUPS[col.lookup][2] is not None:
            options = LOOKUPS[col.lookup][2](system)
        elif col.kind == "unit":
            options = (
                ["亩", "万亩", "平方公里", "平方米", "万平方米"]
                if register.stored_unit == "亩"
                else ["万平方米", "平方米"]
            )
        else:
            continue
        letter = get_column_letter(i)
        for r, word in enumerate(options, start=1):
            lists[f"{letter}{r}"] = word
        check = DataValidation(
            type="list", formula1=f"=选项!${letter}$1:${letter}${len(options)}", allow_blank=not col.required
        )
        check.error, check.errorTitle = f"请从下拉列表中选择{col.heading}。", "输入有误"
        ws.add_data_validation(check)
        check.add(f"{letter}2:{letter}5000")
    return workbook_bytes(wb)


# name -> (build(system) -> {word: id}, hint shown when a cell matches nothing (text, or
# hint(system) -> text), options(system) -> [words]
# offered as the template's dropdown or None). Apps contribute theirs in AppConfig.ready().
LOOKUPS: dict[str, tuple[Callable, str, Callable | None]] = {}


def register_lookup(name: str, build: Callable, hint: str, options: Callable | None = None) -> None:
    LOOKUPS[name] = (build, hint, options)


def lookup_words(name: str, system) -> dict:
    """{word a cell may say: id} of one registered lookup (e.g. "districts", "parks")."""
    return LOOKUPS[name][0](system)


def system_lookups(*names: str):
    """A Register.lookups that builds districts plus the named maps (only those a register uses:
    the firm map can hold a million codes)."""

    def build(system) -> dict:
        out = {}
        for name in ("districts", *names):
            make, hint, _ = LOOKUPS[name]
            out[name], out[f"{name}_hint"] = make(system), hint(system) if callable(hint) else hint
        return out

    return build

"""Read an enterprise file (CSV in UTF-8 or GBK/GB18030, or XLSX) into a frame of text columns: the
import engine's (chanye.core.importing) column-wise fast path for files of a million rows.

Every value stays text here: validation (validation.py) decides what is a number or a date and
says where it is not. Row numbers are as a person sees them in Excel (the header is row 1).
"""

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from chanye.core.importing import FileProblem, cell_text, decode_text

from .columns import BY_HEADING, COLUMNS, heading_key

SHEET = "企业"


@dataclass
class Table:
    frame: pl.DataFrame  # one String column per field present, plus `_row` (Excel row number)
    letters: dict[str, str]  # field → column letter, for messages
    encoding: str


def _header(names: list[str], file_name: str) -> dict[str, int]:
    """field → position; unknown or repeated headings and missing required ones are refused."""
    positions, problems = {}, []
    for i, raw in enumerate(names):
        key = heading_key(raw)
        if not key:
            if raw is not None and str(raw).strip():
                problems.append(f"第 1 行 {get_column_letter(i + 1)} 列表头「{raw}」无法识别")
            continue
        column = BY_HEADING.get(key)
        if column is None:
            problems.append(f"第 1 行 {get_column_letter(i + 1)} 列表头「{raw}」不是模板中的列")
        elif column.field in positions:
            problems.append(f"第 1 行 {get_column_letter(i + 1)} 列表头「{raw}」重复")
        else:
            positions[column.field] = i
    missing = [c.heading for c in COLUMNS if c.required and c.field not in positions]
    if missing:
        problems.append(f"缺少必填列：{'、'.join(missing)}")
    if problems:
        raise FileProblem(
            f"文件「{file_name}」表头有误：{'；'.join(problems)}。请下载模板，不要修改第 1 行的列名。"
        )
    return positions


def read_csv(content: bytes, file_name: str) -> Table:
    if not content.strip():
        raise FileProblem(f"文件「{file_name}」是空的：没有表头，也没有数据行。")
    data, encoding = decode_text(content, file_name)
    try:
        frame = pl.read_csv(
            data, infer_schema=False, has_header=True, empty_string_is_null=False, truncate_ragged_lines=False
        )
    except pl.exceptions.PolarsError as exc:
        raise FileProblem(
            f"文件「{file_name}」不是有效的 CSV：{str(exc).splitlines()[0][:200]}。请用模板另存为 CSV UTF-8。"
        ) from None
    positions = _header(frame.columns, file_name)
    names = frame.columns
    frame = frame.select([pl.col(names[i]).alias(field) for field, i in positions.items()])
    return _finish(frame, positions, encoding, file_name)


def read_xlsx(content: bytes, file_name: str) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same advice
        raise FileProblem(
            f"文件「{file_name}」不是有效的 Excel（.xlsx）文件（{type(exc).__name__}）。请用模板另存为 .xlsx 后重试。"
        ) from None
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise FileProblem(f"文件「{file_name}」是空的：没有表头，也没有数据行。")
    positions = _header([("" if h is None else str(h)) for h in header], file_name)
    columns: dict[str, list[str]] = {field: [] for field in positions}
    for raw in rows:
        for field, i in positions.items():
            columns[field].append(cell_text(raw[i] if i < len(raw) else None))
    wb.close()
    frame = pl.DataFrame(columns, schema={f: pl.String for f in positions})
    return _finish(frame, positions, "xlsx", file_name)


def _finish(
    frame: pl.DataFrame,
    positions: dict[str, int],
    encoding: str,
    file_name: str,
    *,
    offset: int = 0,
    whole: bool = True,
) -> Table:
    frame = frame.with_columns(pl.col(f).fill_null("").str.strip_chars() for f in positions)
    frame = frame.with_row_index("_row", offset=2 + offset)
    # Rows left blank in a spreadsheet are not data.
    frame = frame.filter(pl.any_horizontal(pl.col(f) != "" for f in positions))
    if whole and frame.height == 0:
        raise FileProblem(f"文件「{file_name}」只有表头，没有数据行。")
    return Table(frame, {field: get_column_letter(i + 1) for field, i in positions.items()}, encoding)


def read_table(content: bytes, file_name: str) -> Table:
    if file_name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        return read_xlsx(content, file_name)
    return read_csv(content, file_name)


def _is_utf8(path: Path) -> bool:
    """Checked a megabyte at a time, so a large file is never held in memory to test it."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as f:
            while chunk := f.read(2**20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


CHUNK_ROWS = 100_000  # rows parsed, checked and written at a time: bounds an import's memory


class Source:
    """A file's rows a chunk at a time. A UTF-8 CSV on disk is parsed chunk by chunk straight from
    the file; anything else (XLSX, GBK, an upload in memory) is one chunk."""

    def __init__(self, *, file_name: str, content: bytes | None = None, path: Path | None = None):
        self.file_name = file_name
        self.path = None
        self.table = None
        if path is not None and self._plain_csv(path):
            self.path = path
            header = pl.read_csv(path, n_rows=0, infer_schema=False, has_header=True)
            names = [n[1:] if i == 0 and n.startswith("\ufeff") else n for i, n in enumerate(header.columns)]
            self.positions = _header(names, file_name)
            self.letters = {field: get_column_letter(i + 1) for field, i in self.positions.items()}
        else:
            self.table = read_table(content if content is not None else path.read_bytes(), file_name)
            self.letters = self.table.letters

    def _plain_csv(self, path: Path) -> bool:
        with path.open("rb") as f:
            head = f.read(4)
        if self.file_name.lower().endswith((".xlsx", ".xlsm")) or head[:2] == b"PK" or not _is_utf8(path):
            return False
        if not head.strip():
            raise FileProblem(f"文件「{self.file_name}」是空的：没有表头，也没有数据行。")
        return True

    def chunks(self):
        if self.table is not None:
            yield self.table
            return
        offset = 0
        while True:
            try:
                frame = pl.read_csv(
                    self.path, infer_schema=False, has_header=True, empty_string_is_null=False, truncate_ragged_lines=False,
                    skip_rows_after_header=offset, n_rows=CHUNK_ROWS,
                )  # fmt: skip
            except pl.exceptions.PolarsError as exc:
                raise FileProblem(
                    f"文件「{self.file_name}」不是有效的 CSV：{str(exc).splitlines()[0][:200]}。请用模板另存为 CSV UTF-8。"
                ) from None
            if frame.height == 0:
                return
            names = frame.columns
            frame = frame.select([pl.col(names[i]).alias(field) for field, i in self.positions.items()])
            yield _finish(frame, self.positions, "UTF-8", self.file_name, offset=offset, whole=False)
            if frame.height < CHUNK_ROWS:
                return
            offset += CHUNK_ROWS

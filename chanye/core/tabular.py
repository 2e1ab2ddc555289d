"""Reading spreadsheets people fill in: Chinese headings to field names, every row with its number.

Pure (openpyxl only). Values come back as Excel gives them (numbers, dates, text); validation
and messages are the importer's job.
"""

from dataclasses import dataclass
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException


class TabularError(ValueError):
    """The file itself cannot be read (not an xlsx, sheet missing, headings missing)."""


@dataclass(frozen=True)
class Row:
    number: int  # Excel row number, as the person sees it
    values: dict
    columns: dict  # field -> column letter, for messages


def read_xlsx(content: bytes, *, sheet: str, headings: dict[str, str], required: tuple[str, ...] = ()) -> list[Row]:
    """Rows of `sheet` keyed by field name; `headings` maps 中文表头 → field."""
    try:
        wb = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, Exception) as exc:  # noqa: BLE001 - any unreadable file
        raise TabularError(f"无法读取文件：不是有效的 Excel（.xlsx）文件（{type(exc).__name__}）。请用模板另存为 .xlsx 后重试。") from None
    if sheet not in wb.sheetnames:
        raise TabularError(f"找不到工作表「{sheet}」。请使用下载的模板，不要修改工作表名称（现有：{'、'.join(wb.sheetnames)}）。")
    rows = wb[sheet].iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {}
    for index, title in enumerate(header):
        key = headings.get(str(title).strip()) if title is not None else None
        if key:
            positions[key] = index
    missing = [title for title, key in headings.items() if key in required and key not in positions]
    if missing:
        raise TabularError(f"工作表「{sheet}」缺少表头：{'、'.join(missing)}。请使用下载的模板，不要修改第 1 行。")
    out = []
    for number, raw in enumerate(rows, start=2):
        if raw is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        values = {key: (raw[i] if i < len(raw) else None) for key, i in positions.items()}
        out.append(Row(number, values, {key: get_column_letter(i + 1) for key, i in positions.items()}))
    wb.close()
    return out

"""Excel output shared by every export: safe cells, Chinese headers, sensible widths."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def as_text(cell) -> None:
    """Text a person typed stays text: openpyxl takes a string starting with "=" for a formula
    (formula injection, OWASP); stored as a string cell, Excel shows it as written, without the
    leading apostrophe an escape would add (and a round trip would import back)."""
    if cell.data_type == "f":
        cell.data_type = "s"


def new_workbook() -> Workbook:
    return Workbook()


def write_table(ws, headers: list[str], rows, widths: list[int] | None = None) -> None:
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            as_text(cell)
    ws.freeze_panes = "A2"
    for index, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

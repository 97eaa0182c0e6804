"""Tables as people keep them: read an uploaded CSV or xlsx into a header and rows.

Generic (no app imports): the caller says which columns it knows (``aliases``: any header
text it accepts → its column key) and the limits; this module finds the header row (title
rows above it are common), detects the encoding (UTF-8 with or without BOM, UTF-16,
Windows-1252) and the delimiter (``;``, ``,`` or tab), and refuses a file that is too large
*before* reading its cells: the unpacked size of an xlsx comes from its zip directory, its
row count from the sheet's dimension and then from a streaming count (openpyxl read-only);
a CSV's from its lines. Every refusal is a :class:`TableError` with a German message.
Cell values come back as the file has them (text stripped, numbers and dates of xlsx cells
as Python objects); :func:`parse_decimal` and :func:`parse_date` read the German habits.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

HEADER_SEARCH_ROWS = 20  # title rows above the header row that are looked through
MAX_COLUMNS = 200
_WORDS = re.compile(r"[^\w%]+")


class TableError(Exception):
    """The file cannot be read as a table (German message for the user)."""


@dataclass
class Row:
    line: int  # row number in the spreadsheet (1 = first row of the file)
    values: dict  # column key -> cell value (only known columns)


@dataclass
class Table:
    header_line: int
    headers: list[str]  # the header texts as written
    columns: dict[str, str]  # column key -> header text as written
    unknown: list[str]  # headers of columns nobody knows (not read)
    rows: list[Row] = field(default_factory=list)


def header_key(text) -> str:
    """``Kosten (€)`` → ``kosten``, ``Nr.`` → ``nr``: case, brackets, dots and currency
    signs do not matter when a header is compared."""
    return " ".join(_WORDS.sub(" ", str(text or "").casefold()).replace("%", " ").split())


def read_table(
    data: bytes,
    filename: str,
    *,
    aliases: dict[str, str],
    required: tuple[str, ...] = (),
    labels: dict[str, str] | None = None,
    max_rows: int,
    max_bytes: int,
) -> Table:
    """Read ``data`` (an ``.xlsx`` or ``.csv``/``.txt`` file) into a :class:`Table`."""
    known = {header_key(alias): key for alias, key in aliases.items()}
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if len(data) > max_bytes:
        raise TableError(_too_large(max_bytes))
    if extension == "xlsx" or data[:4] == b"PK\x03\x04":
        raw_rows = _xlsx_rows(data, max_rows=max_rows, max_bytes=max_bytes)
    elif extension in ("csv", "txt", "tsv", ""):
        raw_rows = _csv_rows(data, max_rows=max_rows)
    else:
        raise TableError(
            _("Dateien „.%(ext)s“ können nicht gelesen werden: bitte .xlsx oder .csv.")
            % {"ext": extension}
        )
    table = _table(raw_rows, known=known, required=required, labels=labels or {})
    if len(table.rows) > max_rows:
        raise TableError(_too_many_rows(max_rows))
    return table


def _too_large(max_bytes: int) -> str:
    return _(
        "Die Datei ist zu groß: entpackt mehr als %(mb)s MB. Bitte teilen Sie sie in "
        "mehrere Dateien auf."
    ) % {"mb": f"{max_bytes / 1_000_000:.0f}"}


def _too_many_rows(max_rows: int) -> str:
    return _(
        "Die Datei hat mehr als %(rows)s Zeilen. Bitte teilen Sie sie in mehrere Dateien auf "
        "(höchstens %(rows)s Zeilen je Datei)."
    ) % {"rows": f"{max_rows:,}".replace(",", ".")}


# xlsx ----------------------------------------------------------------------------------------


def _xlsx_rows(data: bytes, *, max_rows: int, max_bytes: int) -> list[tuple[int, list]]:
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise TableError(_("Die Datei ist keine gültige Excel-Datei (.xlsx).")) from None
    if unpacked > max_bytes:
        raise TableError(_too_large(max_bytes))
    limit = max_rows + HEADER_SEARCH_ROWS
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 – any failure of the reader: not a readable workbook
        raise TableError(_("Die Datei ist keine gültige Excel-Datei (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        declared = sheet.max_row  # from the sheet's <dimension>, before any cell is read
        if declared is not None and declared > limit * 4:
            raise TableError(_too_many_rows(max_rows))
        rows = []
        count = 0
        for line, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            values = [_clean(_cell_value(cell)) for cell in cells]
            if not any(value not in (None, "") for value in values):
                continue
            count += 1
            if count > limit:
                raise TableError(_too_many_rows(max_rows))
            rows.append((line, values))
        return rows
    except TableError:
        raise
    except Exception:  # noqa: BLE001
        raise TableError(_("Die Excel-Datei lässt sich nicht lesen.")) from None
    finally:
        workbook.close()


class Percent(Decimal):
    """A number from a cell that Excel shows as percent, as the percent it shows: the cell
    holds 0.4 or 1 and shows „40 %“ or „100 %“; this is 40 or 100."""


def _cell_value(cell):
    value = getattr(cell, "value", None)
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", None) or "")
    ):
        return Percent(Decimal(repr(value)) * 100)
    return value


def _clean(value):
    if isinstance(value, str):
        return value.strip()
    return value


# CSV -----------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (what Excel writes on
    German Windows as "CSV (Trennzeichen-getrennt)")."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS + 5])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";\t,"}
        return max(counts, key=counts.get)


def _csv_rows(data: bytes, *, max_rows: int) -> list[tuple[int, list]]:
    limit = max_rows + HEADER_SEARCH_ROWS
    # a quick look before reading a cell: a cell may span lines (a partner list with line
    # breaks), so only a file with far more lines than allowed is refused here
    if data.count(b"\n") > limit * 4:
        raise TableError(_too_many_rows(max_rows))
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    count = 0
    line = 1
    try:
        for cells in reader:
            values = [cell.strip() for cell in cells[:MAX_COLUMNS]]
            if any(values):
                count += 1
                if count > limit:
                    raise TableError(_too_many_rows(max_rows))
                rows.append((line, values))
            line = reader.line_num + 1
    except csv.Error:
        raise TableError(
            _("Zeile %(line)s der CSV-Datei lässt sich nicht lesen.") % {"line": line}
        ) from None
    return rows


# header row and rows ---------------------------------------------------------------------------


def _table(raw_rows, *, known, required, labels) -> Table:
    best, best_score = None, 0
    for index, (_line, values) in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
        score = len({known[k] for k in map(header_key, values) if k in known})
        if score > best_score:
            best, best_score = index, score
    needed = max(1, min(2, len(required) or 2))
    if best is None or best_score < needed:
        raise TableError(
            _(
                "In den ersten %(rows)s Zeilen steht keine Kopfzeile mit bekannten "
                "Spaltennamen (z. B. %(examples)s)."
            )
            % {
                "rows": HEADER_SEARCH_ROWS,
                "examples": ", ".join(
                    f"„{labels.get(k, k)}“" for k in (required or list(labels))[:4]
                ),
            }
        )
    header_line, headers = raw_rows[best]
    headers = [str(h) if h is not None else "" for h in headers]
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    unknown = []
    for position, header in enumerate(headers):
        key = known.get(header_key(header))
        if key is None:
            if header:
                unknown.append(header)
            continue
        if key in columns:
            raise TableError(
                _("Die Spalten „%(first)s“ und „%(second)s“ meinen beide „%(label)s“.")
                % {"first": columns[key], "second": header, "label": labels.get(key, key)}
            )
        columns[key] = header
        positions[key] = position
    missing = [labels.get(key, key) for key in required if key not in columns]
    if missing:
        raise TableError(
            _("In der Kopfzeile (Zeile %(line)s) fehlen die Spalten: %(columns)s.")
            % {"line": header_line, "columns": ", ".join(f"„{m}“" for m in missing)}
        )
    table = Table(header_line=header_line, headers=headers, columns=columns, unknown=unknown)
    for line, values in raw_rows[best + 1 :]:
        row = {
            key: values[position] if position < len(values) else None
            for key, position in positions.items()
        }
        if any(value not in (None, "") for value in row.values()):
            table.rows.append(Row(line=line, values=row))
    return table


# values ----------------------------------------------------------------------------------------


def NOT_A_NUMBER() -> str:  # noqa: N802 – a message, translated when raised
    return _("Keine Zahl; erwartet z. B. 1.234,56 oder 12500.")


_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_decimal(value) -> Decimal | None:
    """``1.234,56``, ``1234,56``, ``1.234`` (thousand), ``1234.56``, ``12.500 €`` and
    spreadsheet numbers; raises ``ValueError`` with a German message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(NOT_A_NUMBER())
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if "," in text or _THOUSANDS.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER()) from None
    if not number.is_finite():
        raise ValueError(NOT_A_NUMBER())
    return number


def parse_date(value) -> datetime.date | None:
    """An Excel date (cell or serial number), ``TT.MM.JJJJ``, ``TT.MM.JJ`` or ``JJJJ-MM-TT``;
    raises ``ValueError`` with a German message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 200000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = str(value).strip()
    for fmt in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("Kein gültiges Datum; erwartet TT.MM.JJJJ (z. B. 31.12.2025) oder ein Excel-Datum.")
    )

"""CSV downloads streamed row by row, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from .downloads import attachment_header

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


ROWS_PER_CHUNK = 1000  # the response is sent in pieces of so many rows, not one piece a row


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    return _response(filename, _written(header, rows))


def written_csv_response(filename: str, header: list[str], written: Iterable[bytes]) -> StreamingHttpResponse:
    """``csv_response`` for rows the database already wrote as CSV in UTF-8 (their text cells neutralised
    as ``neutralise`` does): the same mark and header before them."""

    def stream() -> Iterator[str | bytes]:
        buffer = io.StringIO()
        buffer.write("\ufeff")
        csv.writer(buffer).writerow(header)
        yield buffer.getvalue()
        yield from written

    return _response(filename, stream())


def _response(filename: str, content: Iterator) -> StreamingHttpResponse:
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment_header(filename)
    return response


def _written(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so spreadsheets read the accents as UTF-8
    writer.writerow(header)
    remaining = iter(rows)
    while chunk := list(itertools.islice(remaining, ROWS_PER_CHUNK)):
        writer.writerows(
            [neutralise(cell) if cell.__class__ is str and cell.startswith(FORMULA_STARTS) else cell for cell in row]
            for row in chunk
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()

"""Reading the coordinator's CSV of people to invite.

Pure code: bytes in, rows or line-numbered errors out. A file with any bad row
is refused as a whole, so the coordinator fixes it and uploads it again.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_ROWS = 2000
HEADER_ALIASES = {
    "name": "name",
    "full name": "name",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
    "e-mail address": "email",
    "role": "role",
}
ROLES = {"mentor": "mentor", "mentee": "mentee"}
# What the account and invitation columns hold (User.name, EmailField's 254).
NAME_MAX = 150
EMAIL_MAX = 254


@dataclass(frozen=True)
class InvitationRow:
    line: int
    name: str
    email: str
    role: str


def parse_invitations_csv(data: bytes) -> tuple[list[InvitationRow], list[str]]:
    """Return (rows, errors); errors name the line they are on, counting the header as line 1."""
    if b"\x00" in data:
        return [], ["This does not look like a CSV file."]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and try again."]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)

    try:
        header = next(reader)
    except StopIteration:
        return [], ["The file is empty."]
    except csv.Error as exc:
        return [], [f"Line 1: the file cannot be read as CSV ({exc})."]
    columns = {}
    for index, title in enumerate(header):
        key = HEADER_ALIASES.get(" ".join(title.split()).lower())
        if key and key not in columns:
            columns[key] = index
    missing = [name for name in ("name", "email", "role") if name not in columns]
    if missing:
        return [], [
            f"Line 1: the header row must name the columns name, email and role (missing: {', '.join(missing)})."
        ]

    rows: list[InvitationRow] = []
    errors: list[str] = []
    first_line_of: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append(f"The file has more than {MAX_ROWS} people. Please split it.")
                break

            def cell(key, record=record):
                index = columns[key]
                return " ".join(record[index].split()) if index < len(record) else ""

            name, email, role = cell("name"), cell("email").lower(), cell("role").lower()
            problems = []
            if not name:
                problems.append("no name")
            elif len(name) > NAME_MAX:
                problems.append(f"the name is longer than {NAME_MAX} characters")
            if not email:
                problems.append("no e-mail address")
            elif len(email) > EMAIL_MAX:
                problems.append(f"the e-mail address is longer than {EMAIL_MAX} characters")
            else:
                try:
                    validate_email(email)
                except ValidationError:
                    problems.append(f"“{email}” is not a valid e-mail address")
            if role not in ROLES:
                problems.append(f"unknown role “{role}” (use mentor or mentee)" if role else "no role")
            if email and email in first_line_of:
                problems.append(f"{email} is already on line {first_line_of[email]}")
            if problems:
                errors.append(f"Line {line}: {'; '.join(problems)}.")
            else:
                rows.append(InvitationRow(line=line, name=name, email=email, role=ROLES[role]))
            if email:
                first_line_of.setdefault(email, line)
    except csv.Error as exc:
        errors.append(f"Line {reader.line_num}: the file cannot be read as CSV ({exc}).")

    if not rows and not errors:
        errors.append("The file has a header row but nobody in it.")
    return rows, errors

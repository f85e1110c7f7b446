from profiles.csv_import import InvitationRow, parse_invitations_csv


def parse(text: str, encoding="utf-8"):
    return parse_invitations_csv(text.encode(encoding))


def test_reads_people_with_any_column_order_case_and_spacing():
    rows, errors = parse(
        "Role, E-mail ,Name\nMENTOR, Tomas@Example.org , Tomás  Ortega\n\nmentee,amira@example.org,Amira\n"
    )

    assert errors == []
    assert rows == [
        InvitationRow(line=2, name="Tomás Ortega", email="tomas@example.org", role="mentor"),
        InvitationRow(line=4, name="Amira", email="amira@example.org", role="mentee"),
    ]


def test_reads_a_spreadsheet_export_with_bom_and_semicolons():
    rows, errors = parse("\ufeffname;email;role\r\nAmira;amira@example.org;mentee\r\n")

    assert errors == []
    assert rows[0].email == "amira@example.org"


def test_every_bad_row_is_reported_by_line_number():
    _rows, errors = parse(
        "name,email,role\n"
        "Amira,amira@example.org,mentee\n"  # line 2: fine
        "No Mail,,mentor\n"  # line 3
        "Bad Role,bad@example.org,boss\n"  # line 4
        "Amira Again,AMIRA@example.org,mentee\n"  # line 5
        "Broken,not-an-address,mentee\n"  # line 6
        ",nameless@example.org,\n"  # line 7
    )

    assert errors == [
        "Line 3: no e-mail address.",
        "Line 4: unknown role “boss” (use mentor or mentee).",
        "Line 5: amira@example.org is already on line 2.",
        "Line 6: “not-an-address” is not a valid e-mail address.",
        "Line 7: no name; no role.",
    ]


def test_a_missing_column_is_reported_on_the_header_line():
    rows, errors = parse("name,role\nAmira,mentee\n")

    assert rows == []
    assert errors == ["Line 1: the header row must name the columns name, email and role (missing: email)."]


def test_files_that_are_not_utf8_csv_are_refused():
    assert parse("name,email,role\nZoë,zoe@example.org,mentor\n", "latin-1")[1][0].startswith("The file is not UTF-8")
    assert parse_invitations_csv(b"\x89PNG\r\n\x1a\n\x00\x00")[1] == ["This does not look like a CSV file."]
    assert parse("")[1] == ["The file is empty."]
    assert parse("name,email,role\n")[1] == ["The file has a header row but nobody in it."]


def test_a_short_row_is_an_error_not_a_crash():
    _rows, errors = parse("name,email,role\nAmira\n")

    assert errors == ["Line 2: no e-mail address; no role."]

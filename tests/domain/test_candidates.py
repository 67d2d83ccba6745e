import pytest

from cspe_tui.domain.candidates import decode_csv_bytes, parse_candidates_csv


def test_semicolon_file_with_bom_and_unicode_names():
    text = decode_csv_bytes("\ufeffexamennummer;naam\r\n1001;Şükrü Yılmaz\r\n1002;Nguyễn Thị Mai\r\n".encode("utf-8"))
    result = parse_candidates_csv(text)
    assert result.ok
    assert [(c.examennummer, c.naam) for c in result.candidates] == [("1001", "Şükrü Yılmaz"), ("1002", "Nguyễn Thị Mai")]


def test_comma_file_with_name_parts_as_administrations_export_them():
    text = "Examennummer,Achternaam,Tussenvoegsel,Voornaam\n2001,Vries,de,Anouk\n2002,Wójcik,,Łukasz\n"
    result = parse_candidates_csv(text)
    assert [c.naam for c in result.candidates] == ["Anouk de Vries", "Łukasz Wójcik"]


def test_quoted_fields_with_the_separator_inside():
    result = parse_candidates_csv('examennummer;naam\n3001;"Jansen; Piet"\n')
    assert result.candidates[0].naam == "Jansen; Piet"


def test_every_bad_row_is_reported_and_nothing_imported():
    text = "examennummer;naam\n1001;Anna\n;Bram\n1003;\n1001;Carla\n\n1005;Daan\n"
    result = parse_candidates_csv(text)
    assert not result.ok
    assert result.candidates == []
    assert result.problems == [
        "regel 3: geen examennummer",
        "regel 4: geen naam",
        "regel 5: examennummer 1001 staat ook op regel 2",
    ]


def test_missing_columns_are_named():
    result = parse_candidates_csv("nummer;leerling\n1;Anna\n")
    assert result.problems == [
        "regel 1: kolom 'examennummer' ontbreekt in de kopregel",
        "regel 1: kolom 'naam' (of 'achternaam' en 'voornaam') ontbreekt in de kopregel",
    ]


def test_only_a_header_is_not_a_group():
    assert parse_candidates_csv("examennummer;naam\n").problems == ["het bestand bevat geen kandidaten, alleen een kopregel"]


def test_number_with_path_characters_is_refused():
    assert parse_candidates_csv("examennummer;naam\n../x;Anna\n").problems == [
        "regel 2: examennummer '../x' mag alleen letters, cijfers, - en _ bevatten"
    ]


def test_latin1_bytes_are_refused_not_guessed():
    with pytest.raises(ValueError, match="geen UTF-8"):
        decode_csv_bytes("examennummer;naam\n1;Wójcik\n".encode("cp1250"))


def test_unterminated_quote_is_refused_at_its_line_and_swallows_no_rows():
    result = parse_candidates_csv('examennummer;naam\n1001;"Jan Jansen\n1002;Piet\n1003;Klaas\n')
    assert not result.ok and result.candidates == []
    assert result.problems == [
        'regel 2: een aanhalingsteken (") wordt tot het einde van het bestand niet gesloten; '
        "de rijen erna zouden in dit veld verdwijnen"
    ]


def test_text_after_a_closing_quote_is_refused_with_its_line():
    result = parse_candidates_csv('examennummer;naam\n1001;Anna\n1002;"Piet" de Vries\n')
    assert result.problems[0].startswith('regel 3: na een sluitend aanhalingsteken (") moet een scheidingsteken')


def test_line_numbers_stay_right_after_a_quoted_field_over_two_lines():
    result = parse_candidates_csv('examennummer;naam\n1001;"Jan\nJansen"\n1002;Piet\n;Klaas\n')
    assert result.problems == [
        "regel 2-3: een veld loopt over meer regels (een regelovergang tussen aanhalingstekens); "
        "zet iedere kandidaat op één regel",
        "regel 5: geen examennummer",
    ]


def test_cr_only_line_ends_are_read_like_any_other():
    result = parse_candidates_csv("examennummer;naam\r1001;Anna\r1002;Bram\r")
    assert [(c.examennummer, c.naam) for c in result.candidates] == [("1001", "Anna"), ("1002", "Bram")]


def test_a_huge_field_is_refused_in_dutch():
    result = parse_candidates_csv("examennummer;naam\n1001;" + "x" * 1_000 + "\n")
    assert result.problems == ["regel 2: naam: te lang: 1000 tekens; een naam is hooguit 200 tekens"]
    for field in ("x" * 200_000, '"' + "x" * 200_000 + '"'):
        huge = parse_candidates_csv("examennummer;naam\n1001;Anna\n1002;" + field + "\n")
        assert huge.problems[0] == "regel 3: een veld is veel te lang; dit lijkt geen kandidatenlijst"


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Jan\x1b[2J", "positie 4: U+001B (ESCAPE)"),
        ("Jan\x00", "positie 4: U+0000 (NUL)"),
        ("Jan\x07", "positie 4: U+0007 (BEL)"),
        ("Jan\u202enesnaJ", "positie 4: U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ],
)
def test_control_characters_and_bidi_overrides_in_names_are_refused_with_the_place(name, place):
    result = parse_candidates_csv(f"examennummer;naam\n1001;Anna\n1002;{name}\n")
    assert not result.ok and result.candidates == []
    assert len(result.problems) == 1
    assert result.problems[0].startswith("regel 3: naam: ") and place in result.problems[0]


def test_names_are_nfc_normalised():
    result = parse_candidates_csv("examennummer;naam\n1001;Jose\u0301\n")
    assert result.candidates[0].naam == "José"

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

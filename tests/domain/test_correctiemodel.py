import json

import pytest

from cspe_tui.domain.validation import check_model_bytes, identity_conflicts
from tests.helpers import make_model, model_dict


def problems_of(data: dict | bytes) -> list[str]:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8")
    result = check_model_bytes(raw)
    assert result.model is None, "expected the file to be refused"
    return [f"{p.path}: {p.message}" for p in result.problems]


def test_the_example_from_the_format_page_loads_with_its_identity_and_maximum():
    result = check_model_bytes(json.dumps(model_dict()).encode())
    assert result.ok
    model = result.model
    assert model.key.slug == "HBR-kb-2026-rood-B"
    assert model.max_score == 1 + 3 + 2 + 2 + 1
    assert [c.code for c in model.criteria] == ["B1.1", "B1.2", "B1.3", "B2.1", "B2.2"]
    assert model.criterium("B1.3").allowed == (0, 2)
    assert model.criterium("B2.1").allowed == (0, 1, 2)
    assert model.opdracht_of("B2.2").nummer == "B2"


def test_not_json_names_line_and_column():
    assert problems_of(b'{"formaat": "cspe-correctiemodel/1",\n  "examen": }') == [
        "$: geen geldige JSON (regel 2, kolom 13)"
    ]


def test_not_utf8_is_refused_with_the_position():
    data = json.dumps(model_dict(), ensure_ascii=False).encode("utf-8").replace("°".encode(), b"\xb0")
    [problem] = problems_of(data)
    assert problem.startswith("$: geen geldige UTF-8-tekst (byte 0xb0 op positie")


def test_a_bom_is_accepted():
    assert check_model_bytes(b"\xef\xbb\xbf" + json.dumps(model_dict()).encode()).ok


def test_missing_field():
    data = model_dict()
    del data["examen"]["titel"]
    assert problems_of(data) == ["$.examen.titel: verplicht veld ontbreekt"]


def test_unknown_field_is_a_typo_not_silently_dropped():
    data = model_dict()
    data["opdrachten"][0]["criteria"][1]["scorepunt"] = [0, 3]
    [problem] = problems_of(data)
    assert problem.startswith("$.opdrachten[0].criteria[1].scorepunt: onbekend veld (tikfout?)")


def test_duplicate_criterium_code_in_another_opdracht():
    data = model_dict()
    data["opdrachten"][1]["criteria"][0]["code"] = "B1.2"
    assert problems_of(data) == [
        "$.opdrachten[1].criteria[0].code: criteriumcode B1.2 staat ook op $.opdrachten[0].criteria[1].code"
    ]


def test_duplicate_key_in_one_object():
    assert problems_of(b'{"formaat": "a", "formaat": "b"}') == ['$: het veld "formaat" staat twee keer in hetzelfde object']


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([0, 2, 1, 3], "scorepunten moeten oplopen zonder dubbele waarden (gevonden: [0, 2, 1, 3])"),
        ([0, 1, 1, 3], "scorepunten moeten oplopen zonder dubbele waarden (gevonden: [0, 1, 1, 3])"),
        ([0, 1, 2, 4], "scorepunten moeten lopen van 0 tot en met max 3 (gevonden: [0, 1, 2, 4])"),
        ([1, 2, 3], "scorepunten moeten lopen van 0 tot en met max 3 (gevonden: [1, 2, 3])"),
    ],
)
def test_scorepunten_must_ascend_within_zero_to_max(points, expected):
    data = model_dict()
    data["opdrachten"][0]["criteria"][1]["scorepunten"] = points
    assert problems_of(data) == [f"$.opdrachten[0].criteria[1]: {expected}"]


@pytest.mark.parametrize(("value", "expected"), [(0, "moet minstens 1 zijn (gevonden: 0)"), (100, "mag hoogstens 99 zijn (gevonden: 100)")])
def test_max_outside_1_to_99(value, expected):
    data = model_dict()
    data["opdrachten"][1]["criteria"][1]["max"] = value
    assert problems_of(data) == [f"$.opdrachten[1].criteria[1].max: {expected}"]


def test_max_as_text_is_not_silently_converted():
    data = model_dict()
    data["opdrachten"][1]["criteria"][1]["max"] = "2"
    assert problems_of(data) == ['$.opdrachten[1].criteria[1].max: moet een geheel getal zijn (gevonden: "2")']


def test_opdracht_nummer_must_start_with_the_onderdeel_letter():
    data = model_dict()
    data["opdrachten"][1]["nummer"] = "C2"
    assert problems_of(data) == ["$.opdrachten[1].nummer: opdracht C2 begint niet met de letter van onderdeel B"]


def test_field_problems_and_numbering_problems_come_in_one_run():
    data = model_dict()
    data["opdrachten"][0]["criteria"][0]["max"] = 0
    data["opdrachten"][1]["nummer"] = "B1"
    data["opdrachten"][1]["criteria"][1]["code"] = "B1.3"
    assert problems_of(data) == [
        "$.opdrachten[0].criteria[0].max: moet minstens 1 zijn (gevonden: 0)",
        "$.opdrachten[1].nummer: opdrachtnummer B1 staat ook op $.opdrachten[0].nummer",
        "$.opdrachten[1].criteria[1].code: criteriumcode B1.3 staat ook op $.opdrachten[0].criteria[2].code",
    ]


def test_wrong_profielvak_lists_the_allowed_values():
    data = model_dict()
    data["examen"]["profielvak"] = "HBO"
    [problem] = problems_of(data)
    assert problem.startswith("$.examen.profielvak: moet een van deze waarden zijn: BWI, PIE, MVI, D&P, HBR")
    assert problem.endswith('(gevonden: "HBO")')


def test_several_problems_are_all_reported():
    data = model_dict()
    data["examen"]["jaar"] = 1999
    data["examen"]["versie"] = "groen"
    data["opdrachten"][0]["criteria"] = []
    assert len(problems_of(data)) == 3


def test_huge_file_is_refused_before_parsing():
    big = b'{"formaat": "' + b"x" * 50_000_000 + b'"}'
    assert problems_of(big) == ["$: bestand is te groot (50.0 MB); een correctiemodel is hooguit 2 MB"]


def test_deeply_nested_file_is_refused_without_recursion():
    assert problems_of(b"[" * 10_000 + b"]" * 10_000) == [
        "$: te diep genest (meer dan 64 niveaus); dit is geen correctiemodel"
    ]


def test_brackets_inside_strings_do_not_count_as_nesting():
    data = model_dict()
    data["examen"]["titel"] = "[" * 200
    assert check_model_bytes(json.dumps(data).encode()).ok


def test_content_hash_ignores_layout_but_not_content():
    a = make_model()
    reformatted = check_model_bytes(json.dumps(model_dict(), indent=4).encode()).model
    assert reformatted.content_hash() == a.content_hash()
    changed = model_dict()
    changed["opdrachten"][0]["criteria"][0]["max"] = 2
    assert make_model(changed).content_hash() != a.content_hash()


def test_two_files_with_the_same_identity_conflict():
    other = model_dict()
    other["examen"]["titel"] = "Andere titel"
    conflicts = identity_conflicts({"a.json": make_model(), "b.json": make_model(other), "c.json": make_model(_blauw())})
    assert [(key.slug, names) for key, names in conflicts] == [("HBR-kb-2026-rood-B", ["a.json", "b.json"])]


def _blauw() -> dict:
    data = model_dict()
    data["examen"]["versie"] = "blauw"
    return data

"""`cspe demo`: the folder a new user tries everything in."""

from collections import Counter
from pathlib import Path

import pytest

from cspe_tui.cli import main
from cspe_tui.demo import CANDIDATES_CSV, EXAMINATOR, SECRETARIS, TWEEDE
from cspe_tui.domain.candidates import decode_csv_bytes, parse_candidates_csv
from cspe_tui.domain.group import Role, progress
from cspe_tui.domain.closing import closing_blockers
from cspe_tui.store import open_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "cspe-demo"
    assert main(["--data", str(folder), "demo", "--niet-starten"]) == 0
    return folder


def test_demo_holds_a_cspe_in_stages_and_a_fresh_gelijktijdig_group(demo):
    store = open_store(demo, user=SECRETARIS)
    assert store.settings.demo
    assert store.group_ids() == [
        "hbr-kb-2026-blauw-b-herkansing", "hbr-kb-2026-rood-a", "hbr-kb-2026-rood-b", "hbr-kb-2026-rood-c",
        "hbr-kb-2026-rood-d", "pie-gl-2026-rood-a",
    ]
    groups = {gid: store.load_group(gid) for gid in store.group_ids()}
    assert [groups[g].closed for g in sorted(groups)] == [False, True, True, True, False, False]
    for closed in ("hbr-kb-2026-rood-a", "hbr-kb-2026-rood-b", "hbr-kb-2026-rood-c"):
        assert store.verify(closed).ok
    assert groups["hbr-kb-2026-rood-b"].absent == ["1006"]

    d = groups["hbr-kb-2026-rood-d"]
    kinds = Counter(b.kind for b in closing_blockers(d))
    assert kinds == {"ontbreekt": 2 * len(d.model.criteria), "verschil": 24, "opmerking": 1, "verklaring": 2}
    unreviewed = [c.examennummer for c in d.candidates if progress(d, c.examennummer, Role.TWEEDE)[0] == 0]
    assert unreviewed == ["1023", "1024"]

    retake = groups["hbr-kb-2026-blauw-b-herkansing"]
    assert retake.info.herkansing
    assert [c.examennummer for c in retake.candidates] == ["1004", "1011", "1018"]
    assert [(b.kind, b.text) for b in closing_blockers(retake)] == [
        ("verklaring", "de examinator (jansen) heeft nog niet verklaard dat er volgens het correctievoorschrift is beoordeeld")
    ]

    pie = groups["pie-gl-2026-rood-a"]
    scored_by_first = [c.examennummer for c in pie.candidates if progress(pie, c.examennummer, Role.EXAMINATOR)[0]]
    assert scored_by_first == ["1001", "1002", "1003", "1004", "1005"]
    names = {c.naam for c in pie.candidates}
    assert {"Şükrü Yılmaz", "Łukasz Wójcik", "Nguyễn Thị Mai"} <= names
    assert pie.info.examinator == EXAMINATOR and pie.info.tweede == TWEEDE


def test_demo_ships_a_candidates_csv_that_imports(demo):
    text = decode_csv_bytes((demo / CANDIDATES_CSV).read_bytes())
    result = parse_candidates_csv(text)
    assert result.ok
    assert [c.naam for c in result.candidates][:3] == ["Şükrü Yılmaz", "Łukasz Wójcik", "Nguyễn Thị Mai"]


def test_demo_is_made_once_and_no_half_built_folder_is_left(demo, capsys):
    assert main(["--data", str(demo), "demo", "--niet-starten", "--als", TWEEDE]) == 0
    assert "Demogegevens maken" not in capsys.readouterr().err
    assert not (demo.parent / f".{demo.name}.bouwen").exists()


def test_demo_refuses_an_unknown_folder_for_opnieuw(tmp_path, capsys):
    (tmp_path / "iets").mkdir()
    assert main(["--data", str(tmp_path / "iets"), "demo", "--opnieuw", "--niet-starten"]) == 1
    assert "is geen demomap" in capsys.readouterr().err


def test_the_other_commands_find_the_demo_folder(demo, monkeypatch, capsys, tmp_path):
    """`cspe demo` tells how to reach its folder; `cspe --demo log` does, and a bare `cspe log` says what to type."""
    monkeypatch.setattr("cspe_tui.cli.common.demo_data_dir", lambda: demo)
    monkeypatch.setattr("cspe_tui.cli.demo.demo_data_dir", lambda: demo)
    monkeypatch.setattr("cspe_tui.cli.common.platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "geen"))
    monkeypatch.setattr("cspe_tui.cli.common.SERVER_DATA_DIR", tmp_path / "geen-server")
    monkeypatch.delenv("CSPE_DATA", raising=False)
    assert main(["demo", "--niet-starten"]) == 0
    assert "cspe --demo log GROEP" in capsys.readouterr().err
    assert main(["--demo", "log", "hbr-kb-2026-rood-a"]) == 0
    assert "hbr-kb-2026-rood-a" in capsys.readouterr().out
    assert main(["log", "hbr-kb-2026-rood-a"]) == 1
    err = capsys.readouterr().err
    assert "bestaat niet" in err and f"De demomap van 'cspe demo' staat in {demo}" in err
    assert "typ voor die map: cspe --demo log hbr-kb-2026-rood-a" in err


def test_a_demo_in_a_chosen_folder_names_its_data_option(demo, capsys):
    assert main(["--data", str(demo), "demo", "--niet-starten"]) == 0
    assert f"cspe --data {demo} log GROEP" in capsys.readouterr().err

"""Retention: the uitslag per cspe (logged, examensecretaris only) and `cspe archief lijst`."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from cspe_tui.cli import main
from cspe_tui.domain.access import Actor, Refusal
from cspe_tui.domain.commands import RecordArchive, SetUitslag
from cspe_tui.domain.decide_folder import decide_folder
from cspe_tui.domain.evolve import evolve_folder
from cspe_tui.domain.retention import keep_until
from cspe_tui.store import open_store

NOW = datetime(2026, 7, 10, 9, 0, tzinfo=timezone.utc)


def cspe(capsys, demo, *argv: str, als: str = "bakker") -> tuple[int, str]:
    code = main(["--data", str(demo), *argv, "--als", als])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize(
    ("uitslag", "until"),
    [(date(2026, 7, 10), date(2027, 1, 10)), (date(2026, 8, 31), date(2027, 2, 28)),
     (date(2027, 8, 31), date(2028, 2, 29)), (date(2026, 6, 30), date(2026, 12, 30))],
)
def test_records_are_kept_six_months_after_the_uitslag(uitslag, until):
    assert keep_until(uitslag) == until


def test_only_the_examensecretaris_records_the_uitslag(demo, capsys):
    code, out = cspe(capsys, demo, "archief", "uitslag", "HBR", "kb", "2026", "--datum", "10-07-2026", als="jansen")
    assert code == 1
    assert "Alleen de examensecretaris mag de datum van de uitslag vastleggen" in out
    assert open_store(demo, user="bakker").uitslagen() == []


def test_the_uitslag_is_logged_and_the_list_says_until_when_to_keep(demo, capsys, tmp_path):
    code, out = cspe(capsys, demo, "archief", "uitslag", "HBR", "kb", "2026", "--datum", "10-07-2026")
    assert code == 0, out
    assert out.strip() == "Uitslag van HBR kb 2026 vastgelegd: 10-07-2026. De stukken worden bewaard tot en met 10-01-2027."
    assert main(["--data", str(demo), "archief", "hbr-kb-2026-rood-a", "--uit", str(tmp_path), "--als", "jansen"]) == 0
    capsys.readouterr()
    code, out = cspe(capsys, demo, "archief", "lijst")
    assert code == 0
    rows = {cells[0]: cells for cells in (re.split(r"\s{2,}", line.strip()) for line in out.splitlines()[2:])}
    a, b, pie = rows["hbr-kb-2026-rood-a"], rows["hbr-kb-2026-rood-b"], rows["pie-gl-2026-rood-a"]
    assert a[1:3] == ["HBR kb 2026", "gesloten"] and a[3].startswith("ja, ") and a[3].endswith(" door jansen")
    assert a[4:] == ["10-07-2026", "10-01-2027"]
    assert b[2:] == ["gesloten", "nee", "10-07-2026", "10-01-2027"]
    assert pie[2:] == ["open", "nee", "nog niet vastgelegd", "-"]
    assert "cspe verwijdert nooit zelf iets." in out
    code, out = cspe(capsys, demo, "log")
    assert "uitslag" in out and "HBR kb 2026: 10-07-2026" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("HBR", "kb", "2026", "--datum", "31-02-2026"), "De datum '31-02-2026' kan niet: schrijf hem als DD-MM-JJJJ"),
        (("HBR", "kb", "twintig", "--datum", "10-07-2026"), "Jaar 'twintig' is geen jaartal van 2000 tot en met 2100."),
        (("HBR", "kb", "2026"), "Gebruik: cspe archief uitslag PROFIELVAK LEERWEG JAAR --datum DD-MM-JJJJ"),
        (("BWI", "kb", "2026", "--datum", "10-07-2026"), "Er is geen groep van het cspe BWI kb 2026."),
        (("XYZ", "kb", "2026", "--datum", "10-07-2026"), "Onbekend profielvak 'XYZ'"),
    ],
)
def test_bad_uitslag_input_is_refused_in_dutch(demo, capsys, argv, message):
    code, out = cspe(capsys, demo, "archief", "uitslag", *argv)
    assert code == 1
    assert message in out


def test_decide_archive_only_for_the_groups_examinators_and_the_secretaris(demo):
    state = open_store(demo, user="bakker")._folder_state()
    command = RecordArchive(group_id="hbr-kb-2026-rood-a", manifest_sha256="a" * 64)
    with pytest.raises(Refusal) as refused:
        decide_folder(state, Actor(login="pietersen", secretaris=False), command, NOW)
    assert "Alleen de examinatoren van groep hbr-kb-2026-rood-a en de examensecretaris" in refused.value.message
    for login, secretaris in (("de_vries", False), ("bakker", True)):
        [event] = decide_folder(state, Actor(login=login, secretaris=secretaris), command, NOW)
        assert evolve_folder(state, event).archives[-1].by == login
    with pytest.raises(Refusal):
        decide_folder(state, Actor(login="bakker", secretaris=True), command.model_copy(update={"manifest_sha256": "x"}), NOW)


def test_the_same_uitslag_twice_logs_nothing_and_a_new_date_replaces_it(demo):
    state = open_store(demo, user="bakker")._folder_state()
    bakker = Actor(login="bakker", secretaris=True)
    command = SetUitslag(profielvak="PIE", leerweg="gl", jaar=2026, datum=date(2026, 7, 1))
    [event] = decide_folder(state, bakker, command, NOW)
    state = evolve_folder(state, event)
    assert decide_folder(state, bakker, command, NOW) == []
    [later] = decide_folder(state, bakker, command.model_copy(update={"datum": date(2026, 7, 3)}), NOW)
    assert evolve_folder(state, later).uitslag_for(("PIE", "gl", 2026)).datum == date(2026, 7, 3)

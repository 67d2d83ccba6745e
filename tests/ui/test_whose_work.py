"""The scoring screen always says whose work is scored, and says so again on every move to another candidate.

Issue 20: at 80x24 the header was cut, the candidate list folded and the status line empty,
so `n`, `p` and `d` moved to another candidate without a word.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cspe_tui.domain.group import Werkwijze

from .conftest import ACHTERAF, CANDIDATES, EXAMINATOR, GELIJK, MODEL, SECRETARIS, TWEEDE, Data, score_all
from .pilot_helpers import line_with, open_group, screen_text, status

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
VALUES = [1, 3, 2, 10, 3, 2, 2, 1]
NAMES = {c.examennummer: c.naam for c in CANDIDATES}


def shows_candidate(pilot: Pilot, examennummer: str) -> bool:
    """Number and name together on one line of the screen (the candidate list may be folded away)."""
    return any(f"{examennummer} {NAMES[examennummer]}" in line for line in screen_text(pilot).splitlines())


def totals_row(pilot: Pilot, *labels: str) -> list[str]:
    """The words of the totals line whose label is one of `labels` (the part right of the candidate list)."""
    for line in screen_text(pilot).splitlines():
        words = re.split("[│╯]", line)[-1].split()
        if words and words[0] in labels:
            return words
    raise AssertionError(f"geen totaalregel {labels}:\n{screen_text(pilot)}")


def only_candidate_shown(pilot: Pilot, examennummer: str) -> None:
    """The line naming whose work it is names this candidate; the list rows start with the number alone."""
    line = line_with(pilot, "Kandidaat ")
    assert f"Kandidaat {examennummer} {NAMES[examennummer]} (" in line, screen_text(pilot)


@SIZES
async def test_n_p_and_d_say_which_candidate_is_now_scored(data: Data, size: tuple[int, int]) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    score_all(first, ACHTERAF, "1001", VALUES)
    score_all(second, ACHTERAF, "1001", VALUES)
    score_all(first, ACHTERAF, "1003", VALUES)
    second.set_score(ACHTERAF, "1003", "A2.2", 1)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=size) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        assert screen.current == "1002"
        only_candidate_shown(pilot, "1002")
        assert "(2 van 4)" in line_with(pilot, "Kandidaat 1002")

        await pilot.press("n")
        await pilot.pause()
        only_candidate_shown(pilot, "1003")
        assert status(pilot) == "Naar kandidaat 1003 Nguyễn Thị Mai."

        await pilot.press("p", "p")
        await pilot.pause()
        only_candidate_shown(pilot, "1001")
        assert status(pilot) == "Naar kandidaat 1001 Şükrü Yılmaz."

        await pilot.press("d")
        await pilot.pause()
        assert screen.current == "1003" and screen.criteria.cursor_code == "A2.2"
        only_candidate_shown(pilot, "1003")
        assert status(pilot) == "Naar kandidaat 1003 Nguyễn Thị Mai: verschil bij A2.2."
        assert shows_candidate(pilot, "1003")
        assert "! 1 verschil" in line_with(pilot, "Kandidaat 1003")

        await pilot.press("d")
        await pilot.pause()
        assert status(pilot) == "Verschil bij A2.2."


@SIZES
async def test_the_header_fits_and_names_the_group_and_both_examinators(data: Data, size: tuple[int, int]) -> None:
    app = data.app(TWEEDE, poll_interval=60)
    async with app.run_test(size=size) as pilot:
        await open_group(pilot, GELIJK)
        header = screen_text(pilot).splitlines()[0]
        assert header.strip() == "HBR kb 2026 rood onderdeel A · gelijktijdig · 1e jansen · 2e de_vries (jij)"
        assert "Kandidaat 1001 Şükrü Yılmaz (1 van 4) · jij 0/8" in screen_text(pilot).splitlines()[1]


async def test_a_herkansing_header_fits_80_columns(data: Data, tmp_path: Path) -> None:
    """"onderdeel" goes when the line would be cut; the tweede examinator stays in view."""
    secretaris = data.store(SECRETARIS)
    blauw = copy.deepcopy(MODEL)
    blauw["examen"]["versie"] = "blauw"
    path = tmp_path / "blauw.json"
    path.write_text(json.dumps(blauw), encoding="utf-8")
    secretaris.create_group(
        secretaris.import_model(path).key, CANDIDATES[:2], EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG,
        herkansing=True, group_id="hbr-a-herkansing", confirmed=True,
    )
    app = data.app(TWEEDE, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_group(pilot, "hbr-a-herkansing")
        assert screen_text(pilot).splitlines()[0].strip() == (
            "HBR kb 2026 blauw A herkansing · gelijktijdig · 1e jansen · 2e de_vries (jij)"
        )
    async with data.app(TWEEDE, poll_interval=60).run_test(size=(120, 40)) as pilot:
        await open_group(pilot, "hbr-a-herkansing")
        assert "blauw onderdeel A herkansing · gelijktijdig" in screen_text(pilot).splitlines()[0]


async def test_l_goes_round_to_earlier_gaps_and_says_so(data: Data) -> None:
    first = data.store(EXAMINATOR)
    for nr in ("1002", "1003", "1004"):
        score_all(first, GELIJK, nr, VALUES)
    first.set_score(GELIJK, "1001", "A1.1", 1)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press("n", "n", "n")
        await pilot.pause()
        assert screen.current == "1004"
        await pilot.press("l")
        await pilot.pause()
        assert (screen.current, screen.criteria.cursor_code) == ("1001", "A1.2")
        assert status(pilot) == (
            "Naar kandidaat 1001 Şükrü Yılmaz: A1.2 heeft nog geen score van je (weer vooraan)."
        )
        only_candidate_shown(pilot, "1001")
        for value in VALUES[1:]:
            await pilot.press(str(value)[0], *(["enter"] if value >= 10 else []))
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert status(pilot) == "Alles heeft een score van je: er is geen leeg criterium meer."


@SIZES
async def test_shift_n_goes_to_the_next_candidate_that_is_not_finished(data: Data, size: tuple[int, int]) -> None:
    """Not finished for you: criteria without your score, or an open difference with the other examinator."""
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    for nr in ("1001", "1002", "1003", "1004"):
        score_all(first, ACHTERAF, nr, VALUES)
        score_all(second, ACHTERAF, nr, VALUES)
    second.set_score(ACHTERAF, "1001", "A1.3", 1)
    first.set_score(ACHTERAF, "1003", "A3.1", None)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=size) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        assert screen.current == "1003"
        await pilot.press("N")
        await pilot.pause()
        assert (screen.current, screen.criteria.cursor_code) == ("1001", "A1.3")
        assert status(pilot) == "Naar kandidaat 1001 Şükrü Yılmaz: 1 verschil (weer vooraan)."
        only_candidate_shown(pilot, "1001")
        await pilot.press("N")
        await pilot.pause()
        assert (screen.current, screen.criteria.cursor_code) == ("1003", "A3.1")
        assert status(pilot) == "Naar kandidaat 1003 Nguyễn Thị Mai: 1 criterium zonder score van je."
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert screen.current == "1001"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert status(pilot) == "Alle kandidaten zijn klaar."
        assert screen.current == "1001"


@SIZES
async def test_totals_show_dash_without_scores_and_a_sign_while_partial(data: Data, size: tuple[int, int]) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    score_all(first, ACHTERAF, "1001", VALUES)
    score_all(second, ACHTERAF, "1001", VALUES)
    second.set_score(ACHTERAF, "1001", "A2.2", 1)
    first.set_score(ACHTERAF, "1002", "A1.1", 1)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=size) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        screen._go("1001", "A1.1")
        await pilot.pause()
        assert totals_row(pilot, "Vastgesteld", "Vastg")[1:] == ["6", "≥12", "3", "≥21"]
        await pilot.press("n")
        await pilot.pause()
        assert totals_row(pilot, "Exam.", "1e")[-4:] == ["≥1", "-", "-", "≥1"]
        assert totals_row(pilot, "Tweede", "2e")[1:] == ["-", "-", "-", "-"]
        assert totals_row(pilot, "Vastgesteld", "Vastg")[1:] == ["-", "-", "-", "-"]


def _wide_model_group(data: Data, tmp: Path) -> str:
    """A model of ten opdrachten (as HBR B): its totals need more than 50 columns."""
    model = copy.deepcopy(MODEL)
    model["examen"]["onderdeel"] = "B"
    model["opdrachten"] = [
        {"nummer": f"B{i}", "titel": f"Opdracht {i}", "soort": "praktisch",
         "criteria": [{"code": f"B{i}.1", "omschrijving": "Het werk is goed.", "max": 10}]}
        for i in range(1, 11)
    ]
    path = tmp / "wide.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    secretaris = data.store(SECRETARIS)
    key = secretaris.import_model(path).key
    secretaris.create_group(key, CANDIDATES, EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG, group_id="hbr-b-wide")
    return "hbr-b-wide"


async def test_totals_do_not_wrap_at_80x24_with_the_candidate_list_open(data: Data, tmp_path: Path) -> None:
    group = _wide_model_group(data, tmp_path)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_group(pilot, group)
        assert "B10" in line_with(pilot, "Onderdeel")
        await pilot.press("K")
        await pilot.pause()
        lines = screen_text(pilot).splitlines()
        at = next(i for i, line in enumerate(lines) if "Onderdeel" in line)
        rows = [re.split("[│╯]", line)[-1].split() for line in lines[at:at + 5]]
        assert rows == [["Onderdeel"], ["Max", "100"], ["1e", "(jij)", "-"], ["2e", "(verb.)"], ["Vastg", "(verb.)"]]
        assert shows_candidate(pilot, "1001")
        await pilot.press("K")
        await pilot.pause()
        assert "B10" in line_with(pilot, "Onderdeel")


async def test_the_last_score_of_a_candidate_names_who_is_done(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, GELIJK)
        for value in VALUES:
            await pilot.press(*str(value))
        await pilot.pause()
        assert screen.current == "1001"
        assert status(pilot) == "Kandidaat 1001 Şükrü Yılmaz is klaar. Volgende kandidaat: n."
        only_candidate_shown(pilot, "1001")


@SIZES
async def test_the_examensecretaris_reads_whose_work_too(data: Data, size: tuple[int, int]) -> None:
    app = data.app(SECRETARIS, poll_interval=60)
    async with app.run_test(size=size) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        lines = screen_text(pilot).splitlines()
        assert lines[0].strip() == "HBR kb 2026 rood onderdeel A · achteraf · 1e jansen · 2e de_vries"
        assert lines[1].strip() == "Kandidaat 1001 Şükrü Yılmaz (1 van 4)"
        assert lines[2].strip() == "Je bekijkt deze groep als examensecretaris: alleen lezen."
        await pilot.press("N")
        await pilot.pause()
        assert screen.current == "1002"
        assert status(pilot) == "Naar kandidaat 1002 Emma de Boer: 8 criteria nog niet vastgesteld."

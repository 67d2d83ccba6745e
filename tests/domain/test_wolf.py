"""The Wolf list, pure: which groups and candidates count, in which order, and what is said about the rest."""

from __future__ import annotations

from datetime import datetime, timezone

from cspe_tui.domain.group import Cell, Sluiting
from cspe_tui.domain.group_notes import Withdrawal
from cspe_tui.domain.wolf import wolf_list
from tests.helpers import make_state

AT = datetime(2026, 5, 20, 12, 0, tzinfo=timezone.utc)
CSPE = ("HBR", "kb", 2026)


def scored(group_id: str, candidates: int = 3, closed: bool = True, herkansing: bool = False, absent=()):  # type: ignore[no-untyped-def]
    state = make_state(candidates=candidates)
    cells = {
        c.examennummer: {k.code: Cell(examinator=(i + j) % (k.max + 1), tweede=(i + j) % (k.max + 1))
                         for j, k in enumerate(state.model.criteria)}
        for i, c in enumerate(state.candidates)
    }
    info = state.info.model_copy(update={"group_id": group_id, "herkansing": herkansing})
    return state.model_copy(update={
        "info": info, "cells": cells, "absent": list(absent),
        "sluiting": Sluiting(closed_by="jansen", at=AT, seal="0" * 64) if closed else None,
    })


def test_scores_per_opdracht_in_model_order_of_closed_first_afname_groups_only():
    closed = scored("b-1")
    lijst = wolf_list([closed, scored("b-open", closed=False), scored("b-herk", 2, herkansing=True)], CSPE, minimum=2)
    [versie] = lijst.versies
    assert versie.versie == "rood" and versie.onderdelen == ("B",)
    assert versie.columns == tuple(o.nummer for o in closed.model.opdrachten)
    assert versie.maxima == tuple(sum(c.max for c in o.criteria) for o in closed.model.opdrachten)
    first = versie.candidates[0]
    expected = tuple(sum(closed.cells[first.examennummer][c.code].examinator for c in o.criteria)
                     for o in closed.model.opdrachten)
    assert first.scores == expected and first.total == sum(expected)
    assert [c.examennummer for c in versie.candidates] == ["100", "101", "102"]
    assert lijst.open_groups == ("b-open",) and lijst.herkansingen == 2
    assert lijst.warnings() == ["Nog niet gesloten, dus niet in de lijst: b-open."]
    assert lijst.left_out() == ["2 kandidaten in een herkansing (Wolf vraagt alleen de eerste afname)"]


def test_per_criterium_absent_and_withdrawn_and_the_minimum():
    state = scored("b-1", absent=["101"])
    withdrawn = scored("b-2").model_copy(update={"withdrawn": Withdrawal(reden="dubbel", by="bakker", at=AT)})
    lijst = wolf_list([state, withdrawn], CSPE, minimum=6, per_criterium=True)
    [versie] = lijst.versies
    assert versie.columns == tuple(c.code for c in state.model.criteria)
    assert [c.examennummer for c in versie.candidates] == ["100", "102"]
    assert versie.candidates[1].scores == tuple(state.cells["102"][c.code].examinator for c in state.model.criteria)
    assert versie.absent == 1
    assert lijst.warnings() == ["Versie rood heeft 2 kandidaten; Wolf vraagt om de scores van 6 kandidaten per versie."]
    assert lijst.left_out() == ["versie rood: 1 kandidaat afwezig bij een onderdeel"]


def test_nothing_closed_says_so_and_another_cspe_does_not_count():
    lijst = wolf_list([scored("b-1")], ("PIE", "gl", 2026))
    assert lijst.versies == () and lijst.warnings() == ["Er is nog geen gesloten groep van de eerste afname van PIE gl 2026."]

"""The cijferlijst: only closed groups count, herkansing replaces only what was taken again.

Every onderdeel model here has one criterium with max 25, so four onderdelen give a
maximum of 100 and L = 100 in the normeringen; cijfers are worked out in comments.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cspe_tui.domain.cijfers import NormeringKey, build_cijferlijst, cspe_onderdelen
from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.group import Candidate, Cell, GroupInfo, GroupState, Sluiting, Werkwijze
from cspe_tui.domain.normering import Normering

CSPE = ("HBR", "kb", 2026)
AT = datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc)
NAMES = {"101": "Şükrü Yılmaz", "102": "Emma de Boer", "103": "Nguyễn Thị Mai"}
ABSENT = "afwezig"


def model(letter: str, versie: str = "rood", leerweg: str = "kb", profielvak: str = "HBR", maximum: int = 25):
    return Correctiemodel.model_validate(
        {
            "formaat": "cspe-correctiemodel/1",
            "examen": {
                "profielvak": profielvak,
                "leerweg": leerweg,
                "jaar": 2026,
                "versie": versie,
                "onderdeel": letter,
                "titel": f"Onderdeel {letter}",
            },
            "opdrachten": [
                {
                    "nummer": f"{letter}1",
                    "titel": "Opdracht",
                    "soort": "praktisch",
                    "criteria": [{"code": f"{letter}1.1", "omschrijving": "Goed gedaan.", "max": maximum}],
                }
            ],
        }
    )


def group(
    letter: str,
    scores: dict[str, int | str | None],
    versie: str = "rood",
    closed: bool = True,
    herkansing: bool = False,
    group_id: str | None = None,
    names: dict[str, str] | None = None,
    **model_args,
) -> GroupState:
    """A group of one onderdeel; a score None leaves the candidate unscored, ABSENT marks absent."""
    m = model(letter, versie, **model_args)
    names = names or NAMES
    gid = group_id or f"{m.key.slug}{'-herk' if herkansing else ''}"
    return GroupState(
        info=GroupInfo(
            group_id=gid,
            model_key=m.key,
            model_hash=m.content_hash(),
            examinator="jansen",
            tweede="devries",
            werkwijze=Werkwijze.GELIJKTIJDIG,
            herkansing=herkansing,
            created_by="bakker",
            created_at=AT,
        ),
        model=m,
        candidates=[Candidate(examennummer=nr, naam=names[nr]) for nr in scores],
        cells={
            nr: {f"{letter}1.1": Cell(vastgesteld=value, vastgesteld_door="jansen", vastgesteld_op=AT)}
            for nr, value in scores.items()
            if isinstance(value, int)
        },
        absent=[nr for nr, value in scores.items() if value == ABSENT],
        sluiting=Sluiting(closed_by="bakker", at=AT, seal="0" * 64) if closed else None,
    )


def first_groups(per_candidate: dict[str, tuple], **kwargs) -> list[GroupState]:
    """Groups A-D for the first attempt, from each candidate's four scores."""
    return [
        group(letter, {nr: scores[i] for nr, scores in per_candidate.items()}, **kwargs)
        for i, letter in enumerate("ABCD")
    ]


def norm(nterm: str, lengte: int = 100) -> Normering:
    return Normering(nterm=Decimal(nterm), lengte=lengte)


ROOD = NormeringKey("HBR", "kb", 2026, "rood")
BLAUW = NormeringKey("HBR", "kb", 2026, "blauw")


def herk(*letters: str, first: str = "rood", retaken_in: str = "blauw") -> NormeringKey:
    """The herkansings-cspe of a candidate who took `first` and retook `letters` in the other versie."""
    return NormeringKey.of(CSPE, first, [(letter, retaken_in) for letter in letters])


# Every herkansing combination of one or two onderdelen gets N = 0.8, L = 100 here (all
# onderdelen have max 25); the tests of the combination rule below give them their own.
NORMERINGEN = {
    ROOD: norm("1.0"),
    BLAUW: norm("0.8"),
    **{herk(*combo): norm("0.8") for combo in ("A", "B", "C", "D", "AB", "AD", "BC", "BD", "CD")},
}


def test_complete_candidate_gets_s_l_n_and_cijfer() -> None:
    lijst = build_cijferlijst(CSPE, first_groups({"101": (20, 15, 25, 10)}), NORMERINGEN)
    assert lijst.onderdelen == ("A", "B", "C", "D")
    (c,) = lijst.candidates
    assert (c.examennummer, c.naam) == ("101", "Şükrü Yılmaz")
    assert [o.score for o in c.first.onderdelen] == [20, 15, 25, 10]
    # S = 70, L = 100, N = 1.0: 9 * 70 / 100 + 1 = 7.3
    assert (c.first.score, c.first.lengte, c.first.nterm) == (70, 100, Decimal("1.0"))
    assert c.first.cijfer == Decimal("7.3")
    assert c.first.versie == "rood"
    assert c.herkansing is None
    assert c.definitive == Decimal("7.3")
    assert c.reasons == ()
    assert lijst.warnings == ()


def test_open_group_gives_no_score_and_no_cijfer() -> None:
    groups = first_groups({"101": (20, 15, 25, 10), "102": (25, 25, 25, 25)})
    groups[1] = group("B", {"101": 15, "102": 25}, closed=False)
    lijst = build_cijferlijst(CSPE, groups, NORMERINGEN)
    for c in lijst.candidates:
        assert c.first.cijfer is None
        assert c.definitive is None
        assert c.first.score is None
        assert c.first.onderdeel("B").score is None
        assert c.first.onderdeel("B").status == "open"
        assert c.first.onderdeel("A").score in (20, 25)
        assert any("onderdeel B" in r and "nog niet gesloten" in r for r in c.reasons)


def test_absent_candidate_never_gets_a_cijfer() -> None:
    groups = first_groups({"101": (20, ABSENT, 25, 10), "102": (25, 25, 25, 25)})
    lijst = build_cijferlijst(CSPE, groups, NORMERINGEN)
    absent, present = lijst.candidates
    assert absent.first.cijfer is None and absent.definitive is None
    assert absent.reasons == ("onderdeel B: afwezig",)
    assert absent.first.onderdeel("B").score is None
    assert present.definitive == Decimal("10.0")


def test_missing_onderdeel_for_kb_is_incomplete() -> None:
    groups = first_groups({"101": (20, 15, 25, 10)})[:3]
    (c,) = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    assert c.first.cijfer is None and c.definitive is None
    assert c.reasons == ("onderdeel D: in geen enkele groep",)


def test_candidate_missing_from_one_group() -> None:
    groups = first_groups({"101": (20, 15, 25, 10), "102": (1, 1, 1, 1)})
    groups[2] = group("C", {"101": 25})
    lijst = build_cijferlijst(CSPE, groups, NORMERINGEN)
    assert lijst.candidates[0].definitive == Decimal("7.3")
    assert lijst.candidates[1].definitive is None
    assert lijst.candidates[1].reasons == ("onderdeel C: in geen enkele groep",)


def test_gl_takes_onderdelen_from_its_groups() -> None:
    groups = [group("A", {"101": 10}, leerweg="gl"), group("B", {"101": 20}, leerweg="gl")]
    cspe = ("HBR", "gl", 2026)
    assert cspe_onderdelen(cspe, groups) == ("A", "B")
    lijst = build_cijferlijst(cspe, groups, {NormeringKey("HBR", "gl", 2026, "rood"): norm("1.0", 50)})
    # S = 30, L = 50: 9 * 30 / 50 + 1 = 6.4
    assert lijst.candidates[0].definitive == Decimal("6.4")
    assert lijst.warnings == ()


def test_missing_normering_blocks_the_cijfer() -> None:
    (c,) = build_cijferlijst(CSPE, first_groups({"101": (20, 15, 25, 10)}), {BLAUW: norm("1.0")}).candidates
    assert c.first.score == 70
    assert c.first.cijfer is None and c.definitive is None
    assert c.reasons == ("geen N-term en L ingevoerd voor HBR kb 2026 rood",)


def test_score_above_l_is_refused_with_reason() -> None:
    lijst = build_cijferlijst(CSPE, first_groups({"101": (25, 25, 25, 25)}), {ROOD: norm("1.0", 90)})
    (c,) = lijst.candidates
    assert c.definitive is None
    assert "totaalscore 100 is groter dan L = 90" in c.reasons[0]
    assert "HBR kb 2026 rood: L = 90 is kleiner dan de totaalscore 100 die een kandidaat al heeft gehaald" in lijst.warnings


def test_unscored_candidate_in_closed_group_is_incomplete() -> None:
    """Closing forbids this, but a cijfer must never come from a half-scored onderdeel."""
    groups = first_groups({"101": (20, 15, 25, None)})
    (c,) = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    assert c.definitive is None
    assert c.first.onderdeel("D").status == "onvolledig"


def test_herkansing_replaces_only_retaken_onderdelen() -> None:
    groups = first_groups({"101": (20, 5, 25, 10), "102": (20, 5, 25, 10), "103": (1, 2, 3, 4)})
    groups.append(group("B", {"101": 20, "102": 0}, versie="blauw", herkansing=True))
    lijst = build_cijferlijst(CSPE, groups, NORMERINGEN)
    assert lijst.has_herkansing
    better, worse, none = lijst.candidates

    # First: S = 60, L = 100, N = 1.0: 5.4 + 1 = 6.4.
    assert better.first.cijfer == Decimal("6.4")
    # Herkansing B = 20 replaces 5; A, C, D stay: S = 75, blauw N = 0.8:
    # 6.75 + 0.8 = 7.55; N < 1 clamps 1 + 75*0.09*0.5 = 4.375, 10 - 25*0.09*2 = 5.5 -> 7.55 -> 7.6.
    h = better.herkansing
    assert h is not None
    assert [o.score for o in h.onderdelen] == [20, 20, 25, 10]
    assert [o.herkansing for o in h.onderdelen] == [False, True, False, False]
    assert h.retaken == ("B",)
    assert (h.versie, h.score, h.lengte, h.nterm) == ("blauw", 75, 100, Decimal("0.8"))
    assert h.cijfer == Decimal("7.6")
    assert better.definitive == Decimal("7.6")
    # The first attempt keeps its own scores.
    assert [o.score for o in better.first.onderdelen] == [20, 5, 25, 10]

    # Herkansing B = 0: S = 55, 4.95 + 0.8 = 5.75; clamps 3.475 and 10 - 45*0.18 = 1.9 -> 5.8.
    assert worse.herkansing is not None and worse.herkansing.cijfer == Decimal("5.8")
    assert worse.first.cijfer == Decimal("6.4")
    assert worse.definitive == Decimal("6.4")

    assert none.herkansing is None
    # S = 10: 0.9 + 1 = 1.9
    assert none.definitive == Decimal("1.9")


def test_herkansing_of_two_onderdelen_in_separate_groups() -> None:
    groups = first_groups({"101": (10, 10, 10, 10)})
    groups.append(group("A", {"101": 25}, versie="blauw", herkansing=True))
    groups.append(group("D", {"101": 20}, versie="blauw", herkansing=True))
    (c,) = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    h = c.herkansing
    assert h is not None
    assert h.retaken == ("A", "D")
    assert [o.score for o in h.onderdelen] == [25, 10, 10, 20]
    # S = 65: 5.85 + 0.8 = 6.65; clamps 1 + 65*0.045 = 3.925, 10 - 35*0.18 = 3.7 -> 6.65 -> 6.7.
    assert h.cijfer == Decimal("6.7")
    # First: S = 40: 3.6 + 1 = 4.6.
    assert c.first.cijfer == Decimal("4.6")
    assert c.definitive == Decimal("6.7")


def _combination_groups() -> list[GroupState]:
    """Rood A-D max 25 each; the herkansing's blauw B has max 30 and blauw C max 20.

    101 retakes B; 102 retakes B and C: two herkansings-cspes with their own maximum.
    """
    groups = first_groups({"101": (20, 10, 25, 15), "102": (20, 10, 10, 15)})
    groups.append(group("B", {"101": 24, "102": 24}, versie="blauw", herkansing=True, maximum=30))
    groups.append(group("C", {"102": 16}, versie="blauw", herkansing=True, maximum=20))
    return groups


def test_each_herkansing_combination_has_its_own_n_and_l() -> None:
    normeringen = {ROOD: norm("1.3", 100), herk("B"): norm("1.1", 105), herk("B", "C"): norm("0.9", 100)}
    lijst = build_cijferlijst(CSPE, _combination_groups(), normeringen)
    one, two = lijst.candidates

    # 101, first: S = 20+10+25+15 = 70, L = 100, N = 1.3: 9*70/100 + 1.3 = 6.3 + 1.3 = 7.6;
    # N > 1: min(7.6, 1 + 70*0.09*2 = 13.6, 10 - 30*0.09*0.5 = 8.65) = 7.6.
    assert (one.first.score, one.first.cijfer) == (70, Decimal("7.6"))
    # 101, herkansing of B only: S = 20+24+25+15 = 84, L = 25+30+25+25 = 105, N = 1.1:
    # 9*84/105 = 7.2, + 1.1 = 8.3; min(8.3, 1 + 84*(9/105)*2 = 15.4, 10 - 21*(9/105)*0.5 = 9.1) = 8.3.
    h1 = one.herkansing
    assert h1 is not None and h1.key == herk("B")
    assert (h1.score, h1.lengte, h1.nterm, h1.cijfer) == (84, 105, Decimal("1.1"), Decimal("8.3"))
    assert one.definitive == Decimal("8.3")

    # 102, first: S = 20+10+10+15 = 55: 4.95 + 1.3 = 6.25; min(6.25, 10.9, 10 - 45*0.045 = 7.975)
    # = 6.25 -> 6.3 (half up).
    assert two.first.cijfer == Decimal("6.3")
    # 102, herkansing of B and C: S = 20+24+16+15 = 75, L = 25+30+20+25 = 100, N = 0.9:
    # 6.75 + 0.9 = 7.65; N < 1: max(7.65, 1 + 75*0.045 = 4.375, 10 - 25*0.18 = 5.5) = 7.65 -> 7.7.
    h2 = two.herkansing
    assert h2 is not None and h2.key == herk("B", "C")
    assert (h2.score, h2.lengte, h2.nterm, h2.cijfer) == (75, 100, Decimal("0.9"), Decimal("7.7"))
    assert two.definitive == Decimal("7.7")
    assert lijst.warnings == ()


def test_cijferlijst_asks_for_every_combination_with_its_maximum() -> None:
    lijst = build_cijferlijst(CSPE, _combination_groups(), {ROOD: norm("1.3", 100)})
    needed = {n.key: n for n in lijst.needed}
    assert list(needed) == sorted([ROOD, herk("B"), herk("B", "C")])
    assert (needed[ROOD].maximum, needed[ROOD].highest, needed[ROOD].candidates) == (100, 70, ("101", "102"))
    assert (needed[herk("B")].maximum, needed[herk("B")].highest) == (105, 84)  # S is known before N and L
    assert (needed[herk("B", "C")].maximum, needed[herk("B", "C")].candidates) == (100, ("102",))
    assert needed[herk("B")].normering is None
    assert herk("B", "C").label() == "HBR kb 2026, herkansing B, C blauw (rest rood)"
    one, two = lijst.candidates
    assert one.herkansing is not None and one.herkansing.reasons == (
        "geen N-term en L ingevoerd voor HBR kb 2026, herkansing B blauw (rest rood)",
    )
    # The first cijfer stands, but no definitive one while the herkansing waits for N and L.
    assert one.definitive is None and one.first.cijfer == Decimal("7.6")


def test_l_below_a_reached_score_or_the_maximum_is_refused_and_other_l_warned() -> None:
    (rood,) = [n for n in build_cijferlijst(CSPE, _combination_groups(), {}).needed if n.key == ROOD]
    assert rood.problems(69) == ("L = 69 is kleiner dan de totaalscore 70 die een kandidaat al heeft gehaald", None)
    assert rood.problems(99) == ("L = 99 is kleiner dan de maximumscore 100 van deze combinatie", None)
    assert rood.problems(100) == (None, None)
    refusal, warning = rood.problems(120)
    assert refusal is None and warning is not None and "wijkt af van de maximumscore 100" in warning


def test_stored_l_that_differs_from_the_maximum_is_warned_in_the_list() -> None:
    normeringen = {ROOD: norm("1.3", 120), herk("B"): norm("1.1", 105), herk("B", "C"): norm("0.9", 100)}
    lijst = build_cijferlijst(CSPE, _combination_groups(), normeringen)
    assert lijst.warnings == (
        "HBR kb 2026 rood: L = 120 wijkt af van de maximumscore 100 van deze combinatie; controleer de N-L-tool",
    )


def test_unknown_model_leaves_the_maximum_open_until_given() -> None:
    groups = first_groups({"101": (20, 10, 25, 15)})
    groups.append(group("B", {"101": 24}, versie="blauw", herkansing=True, maximum=30))
    (first, herkansing) = build_cijferlijst(CSPE, groups[1:], {}).needed  # no rood A group
    assert first.maximum is None and herkansing.maximum is None
    given_maxima = {("A", "rood"): 25}
    (first, herkansing) = build_cijferlijst(CSPE, groups[1:], {}, given_maxima).needed
    assert (first.maximum, herkansing.maximum) == (100, 105)


def test_open_herkansing_keeps_first_cijfer_but_no_definitive() -> None:
    groups = first_groups({"101": (20, 5, 25, 10)})
    groups.append(group("B", {"101": 20}, versie="blauw", herkansing=True, closed=False))
    (c,) = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    assert c.first.cijfer == Decimal("6.4")
    assert c.herkansing is not None and c.herkansing.cijfer is None
    assert c.definitive is None
    assert any(r.startswith("herkansing: onderdeel B") for r in c.reasons)


def test_absent_at_herkansing_keeps_first_cijfer() -> None:
    groups = first_groups({"101": (20, 5, 25, 10), "102": (20, 5, 25, 10)})
    groups.append(group("B", {"101": ABSENT, "102": 20}, versie="blauw", herkansing=True))
    groups.append(group("C", {"102": ABSENT}, versie="blauw", herkansing=True))
    absent, partly = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    # Nothing taken again: no herkansing cijfer with the blauw N, the first cijfer stands.
    assert absent.herkansing is not None
    assert absent.herkansing.cijfer is None
    assert absent.herkansing.reasons == ("afwezig bij de herkansing",)
    assert absent.herkansing.absent == ("B",)
    assert absent.definitive == Decimal("6.4")
    # B taken again, absent for C: C keeps its first score. S = 75 -> 7.6 (as above).
    assert partly.herkansing is not None
    assert partly.herkansing.retaken == ("B",)
    assert partly.herkansing.absent == ("C",)
    assert [o.score for o in partly.herkansing.onderdelen] == [20, 20, 25, 10]
    assert partly.definitive == Decimal("7.6")


def test_onderdeel_missed_first_and_taken_at_herkansing() -> None:
    groups = first_groups({"101": (20, ABSENT, 25, 10)})
    groups.append(group("B", {"101": 20}, versie="blauw", herkansing=True))
    (c,) = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    assert c.first.cijfer is None
    assert c.herkansing is not None and c.herkansing.cijfer == Decimal("7.6")
    assert c.definitive == Decimal("7.6")


def test_herkansing_does_not_fill_an_open_first_onderdeel() -> None:
    groups = first_groups({"101": (20, 5, 25, 10)})
    groups[2] = group("C", {"101": 25}, closed=False)
    groups.append(group("B", {"101": 20}, versie="blauw", herkansing=True))
    (c,) = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    assert c.first.cijfer is None
    assert c.herkansing is not None and c.herkansing.cijfer is None
    assert c.herkansing.pending
    assert c.definitive is None
    assert any("herkansing: onderdeel C" in r and "niet herkanst" in r for r in c.reasons)


def test_herkansing_in_same_versie_is_refused() -> None:
    groups = first_groups({"101": (20, 5, 25, 10)})
    groups.append(group("B", {"101": 20}, versie="rood", herkansing=True))
    (c,) = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    assert c.herkansing is not None and c.herkansing.cijfer is None
    assert c.definitive is None
    assert any("dezelfde versie (rood)" in r for r in c.reasons)


def test_herkansing_needs_its_own_normering() -> None:
    groups = first_groups({"101": (20, 5, 25, 10)})
    groups.append(group("B", {"101": 20}, versie="blauw", herkansing=True))
    (c,) = build_cijferlijst(CSPE, groups, {ROOD: norm("1.0")}).candidates
    assert c.first.cijfer == Decimal("6.4")
    assert c.definitive is None
    assert c.reasons == ("herkansing: geen N-term en L ingevoerd voor HBR kb 2026, herkansing B blauw (rest rood)",)


def test_first_attempt_in_two_versies() -> None:
    groups = first_groups({"101": (20, 5, 25, 10)})
    groups[3] = group("D", {"101": 10}, versie="blauw")
    lijst = build_cijferlijst(CSPE, groups, NORMERINGEN)
    (c,) = lijst.candidates
    assert c.definitive is None
    assert c.reasons == ("onderdelen in verschillende versies (blauw, rood)",)
    assert any("meer dan één versie" in w for w in lijst.warnings)


def test_other_versie_per_class_is_fine() -> None:
    groups = first_groups({"101": (20, 15, 25, 10)}) + first_groups(
        {"102": (20, 15, 25, 10)}, versie="blauw"
    )
    rood, blauw = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    assert rood.definitive == Decimal("7.3")
    # S = 70, N = 0.8: 6.3 + 0.8 = 7.1; clamps 1 + 70*0.045 = 4.15, 10 - 30*0.18 = 4.6 -> 7.1.
    assert blauw.definitive == Decimal("7.1")


def test_inhaal_in_later_group_counts_and_two_scored_groups_conflict() -> None:
    groups = first_groups({"101": (20, ABSENT, 25, 10), "102": (20, 5, 25, 10)})
    groups.append(group("B", {"101": 5, "102": 7}, group_id="b-inhaal"))
    inhaal, twice = build_cijferlijst(CSPE, groups, NORMERINGEN).candidates
    assert inhaal.first.onderdeel("B").group_ids == ("b-inhaal",)
    assert inhaal.definitive == Decimal("6.4")
    assert twice.definitive is None
    assert twice.first.onderdeel("B").status == "dubbel"
    assert "meer dan één groep" in twice.reasons[0]


def test_other_cspe_groups_are_ignored_and_names_matched_by_examennummer() -> None:
    groups = first_groups({"101": (20, 15, 25, 10)})
    groups.append(group("A", {"101": 0}, profielvak="PIE"))
    groups.append(group("B", {"101": 20}, versie="blauw", herkansing=True, names={"101": "S. Yilmaz"}))
    lijst = build_cijferlijst(CSPE, groups, NORMERINGEN)
    (c,) = lijst.candidates
    assert c.naam == "Şükrü Yılmaz"  # the first attempt's spelling
    assert c.first.cijfer == Decimal("7.3")
    assert lijst.warnings == ("examennummer 101 heeft verschillende namen: S. Yilmaz / Şükrü Yılmaz",)


def test_candidates_sorted_by_examennummer() -> None:
    names = {"9": "Negen", "10": "Tien", "A1": "Letter"}
    groups = [group(letter, {"10": 1, "A1": 1, "9": 1}, names=names) for letter in "ABCD"]
    lijst = build_cijferlijst(CSPE, groups, NORMERINGEN)
    assert [c.examennummer for c in lijst.candidates] == ["9", "10", "A1"]


STATES = st.sampled_from(["score", "absent", "open", "missing"])


@settings(max_examples=150, deadline=None)
@given(st.lists(STATES, min_size=4, max_size=4), st.lists(st.integers(0, 25), min_size=4, max_size=4))
def test_cijfer_only_when_every_onderdeel_is_closed_and_scored(states: list[str], scores: list[int]) -> None:
    groups = []
    for letter, state, score in zip("ABCD", states, scores):
        if state == "missing":
            continue
        groups.append(group(letter, {"101": ABSENT if state == "absent" else score}, closed=state != "open"))
    lijst = build_cijferlijst(CSPE, groups, NORMERINGEN)
    if not groups:
        assert lijst.candidates == ()
        return
    (c,) = lijst.candidates
    complete = all(s == "score" for s in states)
    assert (c.first.cijfer is not None) == complete
    assert (c.definitive is not None) == complete
    assert bool(c.reasons) != complete
    if complete:
        tenths = (2 * (90 * sum(scores) + 10 * 100) + 100) // 200  # N = 1.0: linear
        assert c.definitive == Decimal(tenths) / 10
    for letter, state in zip("ABCD", states):
        if state != "score":
            assert c.first.onderdeel(letter).score is None


def test_a_vervallen_group_is_left_out_so_the_duplicate_no_longer_blocks_the_cijfer() -> None:
    """Issue 13: a second group for onderdeel B made by mistake; once it is vervallen, 102 gets the cijfer of 'inhaal'."""
    from cspe_tui.domain.group_notes import Withdrawal

    groups = first_groups({"101": (20, ABSENT, 25, 10), "102": (20, 5, 25, 10)})
    duplicate = group("B", {"101": 5, "102": 7}, group_id="b-dubbel")
    groups.append(duplicate.model_copy(update={"withdrawn": Withdrawal(reden="dubbel aangemaakt", by="bakker", at=AT)}))
    lijst = build_cijferlijst(CSPE, groups, NORMERINGEN)
    absent, twice = lijst.candidates
    assert twice.first.onderdeel("B").status != "dubbel"
    assert twice.first.onderdeel("B").group_ids == ("HBR-kb-2026-rood-B",)
    assert absent.definitive is None
    assert "groep b-dubbel is vervallen (dubbel aangemaakt) en telt niet mee" in lijst.warnings


def test_a_herkansing_key_survives_a_command_as_json() -> None:
    from cspe_tui.domain.commands import SetNormering, parse_command

    key = herk("C", "B")
    command = SetNormering(key=key, normering=norm("1.1", 105))
    sent = command.model_dump(mode="json")
    assert sent["key"] == ["HBR", "kb", 2026, "rood", [["B", "blauw"], ["C", "blauw"]]]
    assert parse_command(sent) == command
    # A key written before herkansing combinations is the first afname.
    assert parse_command({**sent, "key": sent["key"][:4]}).key == ROOD

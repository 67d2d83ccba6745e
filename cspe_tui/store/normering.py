"""N and L per cspe as taken (first afname per versie, each herkansing combination), and the cijferlijst.

Writes go through the store's `set_normering(key, normering)`, in-process or the service's (the folder's lock, the
examensecretaris check, who/when/old/new kept in the entry); this module adds the checks
on what a person types and on L against the combination's maximum and the scores
reached, and the whole-file listing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import get_args

from pydantic import ValidationError

from cspe_tui.domain.cijfers import (
    Cijferlijst,
    Cspe,
    NeededNormering,
    NormeringKey,
    build_cijferlijst,
    combination_maximum,
)
from cspe_tui.domain.correctiemodel import Leerweg, Profielvak, Versie
from cspe_tui.domain.group import GroupState
from cspe_tui.domain.folder import NormeringEntry
from cspe_tui.domain.normering import Normering, NormeringError, parse_lengte, parse_nterm

from .errors import InvalidInput, PermissionDenied, StoreError
from .api import RecordStore

PROFIELVAKKEN: tuple[str, ...] = get_args(Profielvak)
LEERWEGEN: tuple[str, ...] = get_args(Leerweg)
VERSIES: tuple[str, ...] = get_args(Versie)


@dataclass(frozen=True)
class NormeringSaved:
    """What was stored, a Dutch warning when L differs from the combination's maximum, and what it replaced."""

    key: NormeringKey
    normering: Normering
    warning: str | None
    replaced: NormeringEntry | None = None


def parse_cspe(profielvak: str, leerweg: str, jaar: str | int) -> Cspe:
    """A cspe from typed text, refused in Dutch when it cannot exist."""
    if profielvak not in PROFIELVAKKEN:
        raise InvalidInput(f"Onbekend profielvak '{profielvak}'; kies uit {', '.join(PROFIELVAKKEN)}.")
    if leerweg not in LEERWEGEN:
        raise InvalidInput(f"Onbekende leerweg '{leerweg}'; kies uit {', '.join(LEERWEGEN)}.")
    text = str(jaar).strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise InvalidInput(f"Jaar '{jaar}' is geen jaartal van 2000 tot en met 2100.")
    return (profielvak, leerweg, int(text))


def other_versie(versie: str) -> str:
    return VERSIES[1 - VERSIES.index(versie)]


def parse_herkansing(text: str | None, versie: str) -> tuple[tuple[str, str], ...]:
    """`B` or `B,C` (retaken in the other versie, the rule) or `B:blauw,C:blauw`; None is the first afname."""
    if text is None:
        return ()
    if not text.strip(" ,"):
        raise InvalidInput(
            "--herkansing is leeg: noem de herkanste onderdelen (bijvoorbeeld B of B,C), "
            "of laat --herkansing weg voor de 1e afname."
        )
    pairs = []
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        letter, _, retaken_in = part.partition(":")
        letter, retaken_in = letter.strip().upper(), (retaken_in.strip() or other_versie(versie))
        if len(letter) != 1 or not "A" <= letter <= "D":
            raise InvalidInput(f"Onderdeel '{part}' in --herkansing is geen A, B, C of D.")
        if retaken_in not in VERSIES:
            raise InvalidInput(f"Onbekende versie '{retaken_in}' in --herkansing; kies uit {', '.join(VERSIES)}.")
        if retaken_in == versie:
            raise InvalidInput(
                f"Onderdeel {letter} in --herkansing: een herkansing is in de andere versie dan de 1e afname "
                f"({versie}), dus {other_versie(versie)}."
            )
        pairs.append((letter, retaken_in))
    if len({letter for letter, _ in pairs}) != len(pairs):
        raise InvalidInput(f"Een onderdeel staat twee keer in --herkansing '{text}'.")
    return tuple(sorted(pairs))


def normering_key(
    profielvak: str, leerweg: str, jaar: str | int, versie: str, herkansing: Iterable[tuple[str, str]] = ()
) -> NormeringKey:
    cspe = parse_cspe(profielvak, leerweg, jaar)
    if versie not in VERSIES:
        raise InvalidInput(f"Onbekende versie '{versie}'; kies uit {', '.join(VERSIES)}.")
    return NormeringKey.of(cspe, versie, herkansing)


def _normering_from(nterm: str | Decimal, lengte: str | int) -> Normering:
    try:
        n = parse_nterm(nterm) if isinstance(nterm, str) else Decimal(nterm)
        length = parse_lengte(lengte) if isinstance(lengte, str) else lengte
        if isinstance(length, bool) or not isinstance(length, int) or length <= 0:
            raise NormeringError(f"schaallengte L '{lengte}' moet een geheel getal groter dan 0 zijn")
        return Normering(nterm=n, lengte=length)
    except NormeringError as exc:
        raise InvalidInput(f"De normering is niet vastgelegd: {exc}.") from None
    except ValidationError:
        raise InvalidInput(
            "De normering is niet vastgelegd: de N-term ligt tussen 0,0 en 2,0 met hooguit één decimaal, "
            "L is een geheel getal groter dan 0."
        ) from None


def needed_for(store: RecordStore, key: NormeringKey) -> NeededNormering:
    """The combination's maximum and highest reached S, also for a combination nobody needs yet."""
    lijst = load_cijferlijst(store, key.cspe)
    for needed in lijst.needed:
        if needed.key == key:
            return needed
    maxima = model_maxima(store, key.cspe)
    letters = lijst.onderdelen or tuple(sorted({letter for letter, versie in maxima if versie == key.versie}))
    maximum = combination_maximum(key, letters, maxima)
    return NeededNormering(key, maximum, None, (), None)


def check_normering(store: RecordStore, key: NormeringKey, nterm: str | Decimal, lengte: str | int) -> NormeringSaved:
    """What would be stored, refused in Dutch when L is below the maximum or a reached score."""
    normering = _normering_from(nterm, lengte)
    refusal, warning = needed_for(store, key).problems(normering.lengte)
    if refusal:
        raise InvalidInput(f"De normering voor {key.label()} is niet vastgelegd: {refusal}.")
    return NormeringSaved(key, normering, warning)


def set_normering(store: RecordStore, key: NormeringKey, nterm: str | Decimal, lengte: str | int) -> NormeringSaved:
    """Only the examensecretaris records N and L, as the CvTE's N-L-tool gives them."""
    if not store.is_secretaris:
        raise PermissionDenied(
            f"Alleen de examensecretaris mag de normering (N-term en L) vastleggen; "
            f"jij ({store.user}) staat niet in de instellingen als examensecretaris."
        )
    key = normering_key(*key)
    saved = check_normering(store, key, nterm, lengte)
    before = current_entry(store, key)
    store.set_normering(key, saved.normering)
    return dataclasses.replace(saved, replaced=before)


def current_entry(store: RecordStore, key: NormeringKey) -> NormeringEntry | None:
    """The combination's N and L in force, with who set it when (a withdrawn one is not in force)."""
    return next((e for e in normering_entries(store) if e.key == key and not e.withdrawn), None)


def withdraw_normering(store: RecordStore, key: NormeringKey, reden: str) -> NormeringEntry | None:
    """Withdraw a normering entered by mistake (the domain: examensecretaris only); returns what it was."""
    key = normering_key(*key)
    before = current_entry(store, key)
    store.withdraw_normering(key, reden)
    return before


def normering_entries(store: RecordStore) -> list[NormeringEntry]:
    """Every stored N and L, sorted, from the folder log (also through the service)."""
    return store.normering_entries()


def normeringen(store: RecordStore, cspe: Cspe | None = None) -> dict[NormeringKey, Normering]:
    return {
        e.key: e.normering
        for e in normering_entries(store)
        if not e.withdrawn and (cspe is None or e.key.cspe == tuple(cspe))
    }


def _groups_of(store: RecordStore, cspe: Cspe) -> tuple[list[GroupState], list[str]]:
    """The cspe's groups; a group that cannot be read is a warning, and its candidates get no cijfer."""
    states, failures = store.load_groups()
    groups = [state for state in states if state.info.model_key.cspe == tuple(cspe)]
    return groups, [f"groep {group_id} kan niet worden gelezen: {exc}" for group_id, exc in failures.items()]


def model_maxima(store: RecordStore, cspe: Cspe) -> dict[tuple[str, str], int]:
    """Maximum score per (onderdeel, versie) of the imported models of a cspe."""
    try:
        models = store.models()
    except StoreError:
        return {}
    return {(k.onderdeel, k.versie): m.max_score for k, m in models.items() if k.cspe == tuple(cspe)}


def known_cspes(store: RecordStore) -> list[Cspe]:
    """Every cspe that has a group, for a picker."""
    found = set()
    for group_id in store.group_ids():
        try:
            found.add(store.load_group(group_id).info.model_key.cspe)
        except StoreError:
            continue
    return sorted(found)


def load_cijferlijst(store: RecordStore, cspe: Cspe) -> Cijferlijst:
    """The cijferlijst from every group of the cspe and the stored N and L."""
    cspe = (cspe[0], cspe[1], int(cspe[2]))
    groups, problems = _groups_of(store, cspe)
    lijst = build_cijferlijst(cspe, groups, normeringen(store, cspe), model_maxima(store, cspe))
    if problems:
        lijst = dataclasses.replace(lijst, warnings=lijst.warnings + tuple(problems))
    return lijst

"""N and L per cspe and versie in <data>/normering.json, and the cijferlijst read from the store.

Writes go through `Store.set_normering` (the folder's lock, atomic replace, the
examensecretaris check); this module adds the checks on what a person types and the
whole-file listing. N and L are keyed by versie alone (see domain/cijfers.py): the
herkansing is the other versie, so its N and L are that versie's entry.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import get_args

from pydantic import ValidationError

from cspe_tui.domain.cijfers import Cijferlijst, Cspe, NormeringKey, build_cijferlijst
from cspe_tui.domain.correctiemodel import Leerweg, Profielvak, Versie
from cspe_tui.domain.group import GroupState
from cspe_tui.domain.normering import Normering, NormeringError, parse_lengte, parse_nterm

from .errors import CorruptFile, InvalidInput, PermissionDenied, StoreError
from .storage import AtomicJSONStorage, table
from .store import Store

PROFIELVAKKEN: tuple[str, ...] = get_args(Profielvak)
LEERWEGEN: tuple[str, ...] = get_args(Leerweg)
VERSIES: tuple[str, ...] = get_args(Versie)


@dataclass(frozen=True)
class NormeringEntry:
    """One stored N and L, with who set it and when (the record a school may be asked for)."""

    key: NormeringKey
    normering: Normering
    door: str
    at: datetime | None


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


def normering_key(profielvak: str, leerweg: str, jaar: str | int, versie: str) -> NormeringKey:
    cspe = parse_cspe(profielvak, leerweg, jaar)
    if versie not in VERSIES:
        raise InvalidInput(f"Onbekende versie '{versie}'; kies uit {', '.join(VERSIES)}.")
    return NormeringKey.of(cspe, versie)


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


def set_normering(store: Store, key: NormeringKey, nterm: str | Decimal, lengte: str | int) -> Normering:
    """Only the examensecretaris records N and L, as the CvTE published them."""
    if not store.is_secretaris:
        raise PermissionDenied(
            f"Alleen de examensecretaris mag de normering (N-term en L) vastleggen; "
            f"jij ({store.user}) staat niet in de instellingen als examensecretaris."
        )
    key = normering_key(*key)
    normering = _normering_from(nterm, lengte)
    store.set_normering(key.cspe, key.versie, normering)
    return normering


def normering_entries(store: Store) -> list[NormeringEntry]:
    """Everything in normering.json, sorted; read without the lock (the file is replaced atomically)."""
    storage = AtomicJSONStorage(store.folder.normering_file)
    with storage.snapshot():
        docs = [dict(d) for d in table(storage, "normering").all()]
    entries = []
    for doc in docs:
        try:
            key = normering_key(doc["profielvak"], doc["leerweg"], doc["jaar"], doc["versie"])
            normering = Normering(nterm=Decimal(str(doc["nterm"])), lengte=doc["lengte"])
            at = datetime.fromisoformat(doc["at"]) if doc.get("at") else None
        except (KeyError, TypeError, ValueError, ArithmeticError, StoreError):
            raise CorruptFile(f"{store.folder.normering_file} is beschadigd of met de hand veranderd.") from None
        entries.append(NormeringEntry(key, normering, str(doc.get("door", "")), at))
    return sorted(entries, key=lambda e: e.key)


def normeringen(store: Store, cspe: Cspe | None = None) -> dict[NormeringKey, Normering]:
    return {e.key: e.normering for e in normering_entries(store) if cspe is None or e.key.cspe == tuple(cspe)}


def _groups_of(store: Store, cspe: Cspe) -> tuple[list[GroupState], list[str]]:
    """The cspe's groups; a group that cannot be read is a warning, and its candidates get no cijfer."""
    states, failures = store.load_groups()
    groups = [state for state in states if state.info.model_key.cspe == tuple(cspe)]
    return groups, [f"groep {group_id} kan niet worden gelezen: {exc}" for group_id, exc in failures.items()]


def known_cspes(store: Store) -> list[Cspe]:
    """Every cspe that has a group, for a picker."""
    found = set()
    for group_id in store.group_ids():
        try:
            found.add(store.load_group(group_id).info.model_key.cspe)
        except StoreError:
            continue
    return sorted(found)


def load_cijferlijst(store: Store, cspe: Cspe) -> Cijferlijst:
    """The cijferlijst from every group of the cspe and the stored N and L."""
    cspe = (cspe[0], cspe[1], int(cspe[2]))
    groups, problems = _groups_of(store, cspe)
    lijst = build_cijferlijst(cspe, groups, normeringen(store, cspe))
    if problems:
        lijst = dataclasses.replace(lijst, warnings=lijst.warnings + tuple(problems))
    return lijst

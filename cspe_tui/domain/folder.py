"""The folder's state outside the groups: settings, imported models, meldingen, aanvullingen,
normering and which groups exist. Folded from the folder log like a group from its own."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .cijfers import NormeringKey
from .correctiemodel import Correctiemodel, ModelKey
from .group import Aanvulling, GroupInfo, Melding, Record
from .normering import Normering
from .retention import ArchiveRecord, CspeId, Uitslag
from .settings import Settings


class ImportedModel(Record):
    """An imported correctiemodel; never replaced, because groups are based on it."""

    key: ModelKey
    content_hash: str
    model: Correctiemodel
    by: str
    at: datetime


class NormeringChange(Record):
    """One change of a combination's N and L: the record a school may be asked for.

    `new` is None when the normering was withdrawn (with `reden`)."""

    by: str
    at: datetime
    old: Normering | None
    new: Normering | None
    reden: str | None = None


class NormeringEntry(Record):
    """A combination's N and L, with every change. A withdrawn one stays, `withdrawn` and without effect,
    so its history is kept; `normering` is then the last N and L it had."""

    key: NormeringKey
    normering: Normering
    by: str
    at: datetime
    history: list[NormeringChange] = Field(default_factory=list)
    withdrawn: bool = False


class FolderState(Record):
    settings: Settings = Field(default_factory=Settings)
    models: dict[str, ImportedModel] = Field(default_factory=dict)
    """By `ModelKey.slug`, which is unique per key and safe as a JSON key."""
    meldingen: list[Melding] = Field(default_factory=list)
    aanvullingen: list[Aanvulling] = Field(default_factory=list)
    normering: list[NormeringEntry] = Field(default_factory=list)
    groups: dict[str, GroupInfo] = Field(default_factory=dict)
    removed: list[GroupInfo] = Field(default_factory=list)
    """Groups removed because nothing was done in them; their ids are not given out again."""
    uitslagen: list[Uitslag] = Field(default_factory=list)
    """The latest uitslag date per cspe."""
    archives: list[ArchiveRecord] = Field(default_factory=list)

    def model(self, key: ModelKey) -> Correctiemodel | None:
        entry = self.models.get(key.slug)
        return entry.model if entry is not None else None

    def model_hash(self, key: ModelKey) -> str | None:
        entry = self.models.get(key.slug)
        return entry.content_hash if entry is not None else None

    def meldingen_for(self, key: ModelKey) -> list[Melding]:
        return [m for m in self.meldingen if m.model_key == key]

    def aanvullingen_for(self, key: ModelKey) -> list[Aanvulling]:
        return [a for a in self.aanvullingen if a.model_key == key]

    def normering_for(self, key: NormeringKey) -> Normering | None:
        entry = self.normering_entry(key)
        return entry.normering if entry is not None else None

    def normering_entry(self, key: NormeringKey) -> NormeringEntry | None:
        """The combination's N and L in force (a withdrawn one is not)."""
        for entry in self.normering:
            if entry.key == key and not entry.withdrawn:
                return entry
        return None

    def uitslag_for(self, cspe: CspeId) -> Uitslag | None:
        return next((u for u in self.uitslagen if u.cspe == cspe), None)

    def is_secretaris(self, login: str) -> bool:
        return login in self.settings.examensecretarissen

"""Every change the app can make to the record, as a typed command.

Commands come from screens, the CLI and (as JSON) from the service socket; they say
what the user wants, not who they are: the actor is added by whoever runs `decide`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, TypeAdapter

from .cijfers import NormeringKey
from .correctiemodel import Correctiemodel, ModelKey
from .group import Aanvulling, Candidate, Cell, Werkwijze
from .group_notes import SHA256_PATTERN, PhotoMediaType
from .normering import Normering
from .settings import Settings


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# --- group commands: one group's record ------------------------------------------


class SetScore(_Command):
    """The actor's own column (examinator or tweede); None clears it."""

    type: Literal["score"] = "score"
    examennummer: str
    criterium: str
    value: StrictInt | None


class SetVastgesteld(_Command):
    """The agreed score; `expected` is the cell as the user saw it (None: no conflict check)."""

    type: Literal["vastgesteld"] = "vastgesteld"
    examennummer: str
    criterium: str
    value: StrictInt | None
    expected: Cell | None = None


class AcceptAll(_Command):
    """Achteraf, by the tweede examinator: examinator 1's scores become the vastgestelde scores
    of every open criterium of one candidate that the tweede did not score."""

    type: Literal["accept_all"] = "accept_all"
    examennummer: str


class Accept(_Command):
    """Achteraf, by the tweede examinator: 'akkoord' with examinator 1's score of one criterium.

    Recorded in the tweede's column (flagged akkoord) and as the vastgestelde score.
    """

    type: Literal["accept"] = "accept"
    examennummer: str
    criterium: str
    expected: Cell | None = None


class SetOndersteuning(_Command):
    """The examensecretaris notes a candidate's extra faciliteiten; all empty removes the note."""

    type: Literal["ondersteuning"] = "ondersteuning"
    examennummer: str
    verlengde_tijd: StrictBool = False
    aangepaste_opdracht: StrictBool = False
    tekst: str = ""


class AddPhoto(_Command):
    """A photo of a candidate's product; the store has already stored the bytes under their SHA-256.

    Until closing by the examinatoren and the examensecretaris; after closing only the examensecretaris
    (an addition). Built by the store from the photo itself, never typed in.
    """

    type: Literal["photo"] = "photo"
    examennummer: str
    sha256: str = Field(pattern=SHA256_PATTERN)
    original_name: str
    media_type: PhotoMediaType
    width: StrictInt = Field(gt=0)
    height: StrictInt = Field(gt=0)
    bytes: StrictInt = Field(gt=0)


class WithdrawGroup(_Command):
    """The examensecretaris marks a group made by mistake 'vervallen'; it is kept, but counts no more."""

    type: Literal["withdraw"] = "withdraw"
    reden: str


class SetAbsent(_Command):
    type: Literal["absent"] = "absent"
    examennummer: str
    absent: StrictBool


class AddRemark(_Command):
    type: Literal["remark"] = "remark"
    examennummer: str
    criterium: str | None = None
    text: str


class ReplyRemark(_Command):
    type: Literal["reply"] = "reply"
    remark_id: str
    text: str


class ResolveRemark(_Command):
    type: Literal["resolve"] = "resolve"
    remark_id: str


class Declare(_Command):
    """'I scored according to the correctievoorschrift', for the actor's own role."""

    type: Literal["declare"] = "declare"


class Close(_Command):
    type: Literal["close"] = "close"


class ApplyAanvulling(_Command):
    """A folder-level aanvulling carried into one open group (the store sends it to each)."""

    type: Literal["apply_aanvulling"] = "apply_aanvulling"
    aanvulling: Aanvulling


# --- folder commands: everything outside one group --------------------------------


class CreateGroup(_Command):
    """Decided against the folder; its event is also the new group's first log line."""

    type: Literal["create_group"] = "create_group"
    model_key: ModelKey
    candidates: list[Candidate]
    examinator: str
    tweede: str
    werkwijze: Werkwijze
    herkansing: StrictBool = False
    group_id: str | None = None


class RemoveGroup(_Command):
    """The examensecretaris removes a group in which nothing has been done; its creation stays logged."""

    type: Literal["remove_group"] = "remove_group"
    group_id: str


class ImportModel(_Command):
    type: Literal["import_model"] = "import_model"
    model: Correctiemodel


class AddMelding(_Command):
    type: Literal["melding"] = "melding"
    model_key: ModelKey
    opdracht: str
    criterium: str | None = None
    omschrijving: str
    moment: str


class AddAanvulling(_Command):
    type: Literal["aanvulling"] = "aanvulling"
    model_key: ModelKey
    criterium: str
    tekst: str
    datum: str


class SetNormering(_Command):
    type: Literal["normering"] = "normering"
    key: NormeringKey
    normering: Normering


class WithdrawNormering(_Command):
    """Withdraw a normering entered by mistake; its history stays in the log and in the folder state."""

    type: Literal["normering_withdraw"] = "normering_withdraw"
    key: NormeringKey
    reden: str


class SaveSettings(_Command):
    type: Literal["settings"] = "settings"
    settings: Settings


class SetUitslag(_Command):
    """The examensecretaris records when the uitslag of a cspe was made known (the keeping starts then)."""

    type: Literal["uitslag"] = "uitslag"
    profielvak: str
    leerweg: str
    jaar: StrictInt
    datum: date


class AnchorGroup(_Command):
    """The group's log head (and at closing its seal) into the folder log; only the cspe-dienst sends it."""

    type: Literal["anchor"] = "anchor"
    group_id: str
    seq: int = Field(ge=1)
    head: str
    seal: str | None = None


class RecordArchive(_Command):
    """An archive of a closed group was made; the manifest's hash is what was handed to the school."""

    type: Literal["archive"] = "archive"
    group_id: str
    manifest_sha256: str


GROUP_COMMAND_CLASSES = (
    SetScore, SetVastgesteld, AcceptAll, Accept, SetOndersteuning, AddPhoto, WithdrawGroup, SetAbsent, AddRemark,
    ReplyRemark, ResolveRemark, Declare, Close, ApplyAanvulling,
)
"""Every command on one group's log; a new one goes here (or below) and nowhere else in this module."""
FOLDER_COMMAND_CLASSES = (
    CreateGroup, RemoveGroup, ImportModel, AddMelding, AddAanvulling, SetNormering, WithdrawNormering, SaveSettings,
    SetUitslag, RecordArchive, AnchorGroup,
)
"""Every command on the folder log."""

GroupCommand = Annotated[Union[GROUP_COMMAND_CLASSES], Field(discriminator="type")]  # noqa: UP007 - a tuple
FolderCommand = Annotated[Union[FOLDER_COMMAND_CLASSES], Field(discriminator="type")]  # noqa: UP007
Command = Annotated[Union[GROUP_COMMAND_CLASSES + FOLDER_COMMAND_CLASSES], Field(discriminator="type")]  # noqa: UP007

DEFERRED = ConfigDict(defer_build=True)
"""Schemas are built at their first use, not at import: the start screen needs none of them."""
GROUP_COMMANDS: TypeAdapter[GroupCommand] = TypeAdapter(GroupCommand, config=DEFERRED)
FOLDER_COMMANDS: TypeAdapter[FolderCommand] = TypeAdapter(FolderCommand, config=DEFERRED)
COMMANDS: TypeAdapter[Command] = TypeAdapter(Command, config=DEFERRED)

GROUP_COMMAND_TYPES = frozenset(cls.model_fields["type"].default for cls in GROUP_COMMAND_CLASSES)
FOLDER_COMMAND_TYPES = frozenset(cls.model_fields["type"].default for cls in FOLDER_COMMAND_CLASSES)


def parse_command(obj: Any) -> Command:
    """A command from JSON-like data (a socket, a file); raises pydantic's ValidationError."""
    return COMMANDS.validate_python(obj)


def parse_command_json(data: str | bytes) -> Command:
    return COMMANDS.validate_json(data)

"""The wire format between the cspe service and its clients: versioned, length-prefixed JSON.

A frame is a 4-byte big-endian length and that many bytes of UTF-8 JSON. The first frame
of a connection is `hello{version}`; after it the client sends requests with an `id` and
the service answers each with the same `id`, in any order. Frames without an `id` come
from the service unasked: pushed log entries of a subscribed group.

Identity is never part of a request: the service takes it from the kernel (SO_PEERCRED).
Fields a request adds beyond its model (a `login`, an `actor`) are ignored, not trusted.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from cspe_tui.store import errors as store_errors
from cspe_tui.store.errors import StoreError

PROTOCOL_VERSION = 1
DEFAULT_SOCKET = Path("/run/cspe/cspe.sock")
HEADER = struct.Struct(">I")
MAX_REQUEST_BYTES = 1 << 20
"""A request is a few commands; anything larger is refused before it is read."""
MAX_RESPONSE_BYTES = 256 << 20
"""A whole group's state or an export's PDF comes back in one frame."""
PHOTO_PART_BYTES = 512 << 10
"""A photo (up to 40 MB) goes in parts of this many bytes, base64 in a frame well under MAX_REQUEST_BYTES."""


class ServiceError(StoreError):
    """The service cannot be reached, or it refused a message as malformed; the text is Dutch."""


class ProtocolError(ServiceError):
    """A frame that is too large, not JSON, or not a known request."""


class FrameTooLarge(ProtocolError):
    """A frame over the size limit: the service answers, then hangs up (the rest cannot be skipped safely)."""


class UploadLost(ProtocolError):
    """A photo's parts did not all arrive on this connection (it broke, or they came out of order): send it again."""


class ServiceUnavailable(ServiceError):
    """No service answers on the socket (not started, or restarting)."""


class ConnectionLost(ServiceError):
    """The connection broke while a request was under way; whether a write landed is unknown."""


# --- framing ------------------------------------------------------------------------


def encode(message: dict[str, Any] | BaseModel, limit: int = MAX_RESPONSE_BYTES) -> bytes:
    if isinstance(message, BaseModel):
        body = message.model_dump_json(exclude_none=True).encode("utf-8")
    else:
        body = json.dumps(message, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
    if len(body) > limit:
        raise ProtocolError(f"Bericht van {len(body)} bytes is groter dan de grens van {limit} bytes.")
    return HEADER.pack(len(body)) + body


def frame_length(header: bytes, limit: int) -> int:
    (length,) = HEADER.unpack(header)
    if length > limit:
        raise FrameTooLarge(f"Bericht van {length} bytes is groter dan de grens van {limit} bytes; het wordt niet gelezen.")
    return length


def decode(body: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("Bericht is geen geldige JSON (UTF-8).") from None
    if not isinstance(obj, dict):
        raise ProtocolError("Bericht moet een JSON-object zijn.")
    return obj


# --- requests -----------------------------------------------------------------------


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int = Field(ge=0)


class Hello(_Request):
    op: Literal["hello"]
    version: int


class GroupScopeModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["group"] = "group"
    group_id: str


class FolderScopeModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["folder"] = "folder"


ScopeModel = Annotated[GroupScopeModel | FolderScopeModel, Field(discriminator="kind")]


class Execute(_Request):
    op: Literal["execute"]
    scope: ScopeModel
    commands: list[dict[str, Any]] = Field(min_length=1, max_length=10_000)


class Read(_Request):
    """A read of the record; `what` names the store read, `args` its arguments (checked per read)."""

    op: Literal["read"]
    what: str
    args: dict[str, Any] = Field(default_factory=dict)


class Subscribe(_Request):
    op: Literal["subscribe"]
    group_id: str
    cursor: int | None = None
    """Resume after this cursor (entries since then are sent at once); None: from now on."""


class Unsubscribe(_Request):
    op: Literal["unsubscribe"]
    group_id: str


class Status(_Request):
    op: Literal["status"]


class PhotoPart(_Request):
    """One part of a photo's bytes; parts arrive in order (`offset` is what came before) on one connection."""

    op: Literal["photo_part"]
    upload: str = Field(min_length=1, max_length=64)
    offset: int = Field(ge=0)
    data: str = Field(max_length=(PHOTO_PART_BYTES * 4) // 3 + 4)
    """base64"""


class AddPhoto(_Request):
    """The uploaded bytes as a photo of a candidate: the service strips, stores and logs it as this connection's login."""

    op: Literal["add_photo"]
    upload: str = Field(min_length=1, max_length=64)
    group_id: str
    examennummer: str
    original_name: str = Field(max_length=1000)


Request = Annotated[
    Hello | Execute | Read | Subscribe | Unsubscribe | Status | PhotoPart | AddPhoto, Field(discriminator="op")
]
REQUEST = TypeAdapter(Request)


def parse_request(obj: dict[str, Any]) -> Hello | Execute | Read | Subscribe | Unsubscribe | Status | PhotoPart | AddPhoto:
    """A request, or ProtocolError in Dutch naming the first problem."""
    try:
        return REQUEST.validate_python(obj)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"]) or "bericht"
        if err["type"] == "union_tag_invalid":
            raise ProtocolError(f"Onbekend verzoek '{obj.get('op')}'.") from None
        if err["type"] == "union_tag_not_found":
            raise ProtocolError("Verzoek zonder 'op'.") from None
        raise ProtocolError(f"Ongeldig verzoek ({where}: {err['msg']}).") from None


# --- responses ----------------------------------------------------------------------


def ok(request_id: int, result: Any) -> dict[str, Any]:
    return {"id": request_id, "ok": True, "result": result}


def error(request_id: int | None, exc: StoreError) -> dict[str, Any]:
    """The error as its StoreError class name, its Dutch text and the data its class carries."""
    extra: dict[str, Any] = {}
    if isinstance(exc, store_errors.ConflictError):
        extra["current"] = exc.current.model_dump(mode="json")
    elif isinstance(exc, store_errors.ClosingBlocked):
        extra["blockers"] = [b.model_dump(mode="json") for b in exc.blockers]
    elif isinstance(exc, store_errors.ModelImportError):
        extra["problems"] = list(exc.problems)
    return {"id": request_id, "ok": False, "error": {"kind": type(exc).__name__, "message": str(exc), **extra}}


def raise_error(payload: dict[str, Any]) -> None:
    """Re-raise a service error as the same StoreError class the in-process store would raise."""
    from cspe_tui.domain.group import Cell
    from cspe_tui.domain.closing import Blocker

    kind = str(payload.get("kind", ""))
    message = str(payload.get("message", "De cspe-dienst meldt een fout zonder uitleg."))
    cls = ERROR_CLASSES.get(kind, ServiceError)
    if cls is store_errors.ConflictError:
        raise cls(message, Cell.model_validate(payload.get("current") or {}))
    if cls is store_errors.ClosingBlocked:
        raise cls(message, [Blocker.model_validate(b) for b in payload.get("blockers", [])])
    if cls is store_errors.ModelImportError:
        raise cls(message, list(payload.get("problems", [])))
    raise cls(message)


def _error_classes() -> dict[str, type[StoreError]]:
    found: dict[str, type[StoreError]] = {}
    for value in [*vars(store_errors).values(), *globals().values()]:
        if isinstance(value, type) and issubclass(value, StoreError):
            found[value.__name__] = value
    return found


ERROR_CLASSES = _error_classes()

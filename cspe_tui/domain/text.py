"""The one gate for text that comes in: names, remarks, model texts, settings, arguments.

Text is NFC-normalised (an é typed on a Mac and on Windows is the same é), and refused
with its place when it holds what a terminal would obey instead of show: control
characters, bidi overrides, lone surrogates. Each kind of field has a length limit, so
one pasted file cannot make every later write of a group slow. Pure: no I/O.

Use `check_text(value, kind)` in plain code, or the annotated types (`NameText`,
`RemarkText`, ...) in pydantic models; both give the same Dutch messages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError


@dataclass(frozen=True)
class TextKind:
    """What a field holds: its Dutch name for messages, its length limit and whether it may span lines."""

    label: str
    max_chars: int
    multiline: bool = False


CODE = TextKind("code", 100)
"""Criteriumcodes, opdrachtnummers, examennummers."""
LOGIN = TextKind("login", 64)
NAME = TextKind("naam", 200)
TITLE = TextKind("titel", 200)
"""Titles of an exam or an opdracht."""
SETTING = TextKind("instelling", 200)
"""School name, BRIN, telephone, contact person."""
DATE = TextKind("datum", 40)
OMSCHRIJVING = TextKind("omschrijving", 20_000, multiline=True)
TOELICHTING = TextKind("toelichting", 20_000, multiline=True)
REMARK = TextKind("opmerking", 4_000, multiline=True)
AANVULLING = TextKind("aanvullingstekst", 4_000, multiline=True)
ARGUMENT = TextKind("argument", 4_096)

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder what the reader sees (Trojan Source)."""
_LINE_SEPARATORS = frozenset("\u2028\u2029\x85")


class TextRefused(ValueError):
    """A text that may not come in; `message` is Dutch and names the character's position."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def describe_char(ch: str) -> str:
    """U+001B (ESCAPE): the code point and its name, never the raw character."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (losse surrogaat, geen geldig teken)"
    name = unicodedata.name(ch, "") or {
        0: "NUL", 7: "BEL", 8: "BACKSPACE", 9: "TAB", 10: "LINE FEED", 13: "CARRIAGE RETURN", 27: "ESCAPE", 127: "DELETE"
    }.get(code, "stuurteken")
    return f"U+{code:04X} ({name})"


def visible(value: str, limit: int | None = 60) -> str:
    """A text as it may be shown in a message: forbidden characters as \\xNN/\\uNNNN, cut to `limit`."""
    out = []
    for ch in value[:limit]:
        if _forbidden(ch, multiline=False):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out) + ("…" if limit is not None and len(value) > limit else "")


def _forbidden(ch: str, multiline: bool) -> bool:
    if ch in BIDI_CONTROLS:
        return True
    if multiline and ch in "\n\t":
        return False
    if ch in _LINE_SEPARATORS:
        return True
    category = unicodedata.category(ch)
    return category in ("Cc", "Cs")


def check_text(value: str, kind: TextKind) -> str:
    """The text NFC-normalised, or TextRefused with a Dutch reason and the character's place.

    Multi-line kinds take \\n and \\t (\\r\\n and a lone \\r become \\n); single-line kinds take neither.
    """
    if not isinstance(value, str):
        raise TextRefused(f"een {kind.label} moet tekst zijn")
    if len(value) > 4 * kind.max_chars:
        # Checked first: a 50 MB paste is refused without walking through it.
        raise TextRefused(f"te lang: {len(value)} tekens; een {kind.label} is hooguit {kind.max_chars} tekens")
    if kind.multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    for index, ch in enumerate(value):
        if _forbidden(ch, kind.multiline):
            if 0xD800 <= ord(ch) <= 0xDFFF:
                what = "een ongeldig teken"
            elif ch in BIDI_CONTROLS:
                what = "een teken dat de schrijfrichting omdraait"
            elif ch in "\n\r\u2028\u2029\x85":
                what = "een regelovergang"
            else:
                what = "een stuurteken"
            raise TextRefused(
                f"{what} op positie {index + 1}: {describe_char(ch)}; "
                f"een {kind.label} mag geen stuurtekens{'' if kind.multiline else ' of regelovergangen'} bevatten",
                index,
            )
    normalised = unicodedata.normalize("NFC", value)
    if len(normalised) > kind.max_chars:
        raise TextRefused(
            f"te lang: {len(normalised)} tekens; een {kind.label} is hooguit {kind.max_chars} tekens",
            kind.max_chars,
        )
    return normalised


def _validator(kind: TextKind):
    def validate(value: str) -> str:
        try:
            return check_text(value, kind)
        except TextRefused as exc:
            # The message may contain braces from the text itself; pydantic formats msg with ctx.
            raise PydanticCustomError("text_refused", "{reason}", {"reason": exc.message}) from None

    return AfterValidator(validate)


def gated(kind: TextKind, min_length: int = 0):
    """An annotated str type that runs the gate for `kind`; min_length=1 also refuses an empty text."""
    if min_length:
        return Annotated[str, Field(min_length=min_length), _validator(kind)]
    return Annotated[str, _validator(kind)]


CodeText = gated(CODE, 1)
LoginText = gated(LOGIN, 1)
NameText = gated(NAME, 1)
TitleText = gated(TITLE, 1)
SettingText = gated(SETTING)
DateText = gated(DATE, 1)
OmschrijvingText = gated(OMSCHRIJVING, 1)
ToelichtingText = gated(TOELICHTING)
RemarkText = gated(REMARK, 1)
AanvullingText = gated(AANVULLING, 1)
ArgumentText = gated(ARGUMENT)

__all__ = [
    "AANVULLING",
    "ARGUMENT",
    "AanvullingText",
    "ArgumentText",
    "BIDI_CONTROLS",
    "CODE",
    "CodeText",
    "DATE",
    "DateText",
    "LOGIN",
    "LoginText",
    "NAME",
    "NameText",
    "OMSCHRIJVING",
    "OmschrijvingText",
    "REMARK",
    "RemarkText",
    "SETTING",
    "SettingText",
    "TITLE",
    "TOELICHTING",
    "TextKind",
    "TextRefused",
    "TitleText",
    "ToelichtingText",
    "check_text",
    "describe_char",
    "gated",
    "visible",
]

"""Typing a score in the table that has the focus: the digits, Enter and Backspace are its own keys.

The table keeps what was typed (a digit waiting for a second one at max 10 or more) and
posts what the keys mean up to the screen, which writes and moves on. A key's action waits
until the screen has taken its message: keys typed ahead act one after the other, each on
the screen its predecessor left (a message posted and not awaited would arrive after the
next key had already looked for its criterium).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar, cast

from textual.binding import Binding, BindingType
from textual.message import Message

from cspe_tui.ui.entry import TwoDigitEntry, Typed
from cspe_tui.ui.widgets.line_table import LineTable

RowT = TypeVar("RowT")

SCORE = Binding.Group("Score geven", compact=True)
SETTLE_SECONDS = 5.0
"""A message not taken by then (its screen went away) no longer holds the keys after it."""


def _digit_binding(digit: int) -> Binding:
    return Binding(
        str(digit), f"digit({digit})", "Score", id=f"cijfer-{digit}", show=False, group=SCORE,
        tooltip="Geef deze score voor het criterium en ga naar het volgende; bij max 10 of meer: twee cijfers",
    )


SCORE_BINDINGS: list[BindingType] = [
    *(_digit_binding(d) for d in range(10)),
    Binding("enter", "enter", "Bevestig", id="bevestigen", show=False,
            tooltip="Bevestig één getypt cijfer bij een criterium met max 10 of meer"),
    Binding("backspace,delete", "clear_score", "Wis score", id="wissen", show=False,
            tooltip="Wis je eigen score van dit criterium"),
]
TYPING_ACTIONS = frozenset({"digit", "enter", "clear_score"})


class TypingMessage(Message):
    """Posted by a key's action, which waits until the screen `settle`s it."""

    def __init__(self) -> None:
        super().__init__()
        self._settled = asyncio.Event()

    def settle(self) -> None:
        self._settled.set()


Handler = TypeVar("Handler", bound=Callable[..., None])


def settles(handler: Handler) -> Handler:
    """For the screen's handler of a TypingMessage: the message is settled however the handler ends."""

    @wraps(handler)
    def handle(self: Any, message: TypingMessage) -> None:
        try:
            handler(self, message)
        finally:
            message.settle()

    return cast(Handler, handle)


class ScoreTyped(TypingMessage):
    """A complete score for a criterium (`value` as typed; the screen checks it against the criterium)."""

    def __init__(self, code: str, typed: Typed) -> None:
        super().__init__()
        self.code = code
        self.typed = typed


class DigitWaiting(TypingMessage):
    """The first of two digits: the criterium's row shows it and waits for the second."""

    def __init__(self, code: str, digits: str) -> None:
        super().__init__()
        self.code = code
        self.digits = digits


class ScoreCleared(TypingMessage):
    """Backspace with nothing waiting: clear your own score here (or of the criterium just given)."""


class TypingDropped(TypingMessage):
    """Backspace with a digit waiting: it is forgotten; the screen repaints its row and says so."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class EnterPressed(TypingMessage):
    """Enter with nothing waiting: the cursor goes one row down."""


class TypingTable(LineTable[RowT]):
    """A table in which scores are typed; the screen says whether they may be (`may_type`)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entry = TwoDigitEntry()
        self.may_type = True
        """Set by the screen: false when the group is read-only for you or the domain refuses a score."""

    def typing_target(self) -> tuple[str, Sequence[int]] | None:
        """The criterium under the cursor and the scores it allows; None where no score can be typed."""
        raise NotImplementedError

    @property
    def typing(self) -> tuple[str, str] | None:
        """(criterium, digits so far) while a score waits for its second digit."""
        return self.entry.pending

    def take_typed(self) -> Typed | None:
        """The waiting digit as a complete score, for the screen to give before the cursor leaves."""
        return self.entry.flush()

    def drop_typing(self) -> str | None:
        """Forget the waiting digit; the criterium it was for, to repaint."""
        return self.entry.cancel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TYPING_ACTIONS:
            return self.may_type
        return True

    async def _send(self, message: TypingMessage) -> None:
        if not self.post_message(message):
            return
        try:
            await asyncio.wait_for(message._settled.wait(), SETTLE_SECONDS)
        except asyncio.TimeoutError:
            pass

    async def action_digit(self, digit: int) -> None:
        target = self.typing_target()
        if target is None:
            return
        code, allowed = target
        typed = self.entry.type(code, digit, allowed)
        if typed.complete:
            await self._send(ScoreTyped(code, typed))
        else:
            await self._send(DigitWaiting(code, typed.digits))

    async def action_enter(self) -> None:
        typed = self.entry.flush()
        if typed is None:
            await self._send(EnterPressed())
        else:
            await self._send(ScoreTyped(typed.code, typed))

    async def action_clear_score(self) -> None:
        code = self.entry.cancel()
        await self._send(ScoreCleared() if code is None else TypingDropped(code))

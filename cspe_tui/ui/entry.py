"""Typing a score digit by digit: one digit gives the score at once unless a two-digit score could follow.

Pure, so the rules are tested without a screen: at max 12, `1` waits (10, 11 and 12
start with it), `2` is a score. What waits is never dropped without a word: the
screen asks `flush()` before the cursor leaves and gives what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Typed:
    """What one key did: a complete score to give, or digits still waiting for more."""

    code: str
    digits: str
    complete: bool

    @property
    def value(self) -> int:
        return int(self.digits)


class TwoDigitEntry:
    def __init__(self) -> None:
        self.code: str | None = None
        self.digits = ""

    @property
    def pending(self) -> tuple[str, str] | None:
        """(criterium, digits so far) while a score waits for its second digit."""
        return (self.code, self.digits) if self.code is not None else None

    def type(self, code: str, digit: int, allowed: list[int] | tuple[int, ...]) -> Typed:
        digits = (self.digits if self.code == code else "") + str(digit)
        if len(digits) == 1 and any(v >= 10 and str(v).startswith(digits) for v in allowed):
            self.code, self.digits = code, digits
            return Typed(code, digits, complete=False)
        self.code, self.digits = None, ""
        return Typed(code, digits, complete=True)

    def flush(self) -> Typed | None:
        """The waiting digit as a complete score (Enter, or the cursor leaving); None if nothing waits."""
        if self.code is None:
            return None
        typed = Typed(self.code, self.digits, complete=True)
        self.code, self.digits = None, ""
        return typed

    def cancel(self) -> str | None:
        """Drop what waits (Esc, said so on screen); the criterium it was for, to repaint."""
        code, self.code, self.digits = self.code, None, ""
        return code

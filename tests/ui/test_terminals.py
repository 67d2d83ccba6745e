"""The scoring screen as terminals reach it over SSH: 256 colours without COLORTERM, and NO_COLOR.

How Textual decides (textual 8): the App reads the environment when it is made. NO_COLOR
switches on its Monochrome line filter, so the rendered lines (and the snapshot) are grey.
TERM and COLORTERM make Rich's console pick the colour system (TEXTUAL_COLOR_SYSTEM
overrides it): `xterm-256color` without COLORTERM=truecolor gives "256". That downgrade
happens only when bytes go to the terminal, and Textual's screenshot always exports
truecolor; `TerminalApp` therefore exports with the same downgrade, so the SVG shows what
a 256-colour terminal shows. Update with `pytest tests/ui/test_terminals.py --snapshot-update`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest
import textual.constants
from rich.color import ColorSystem
from rich.console import COLOR_SYSTEMS, Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.pilot import Pilot
from textual.strip import Strip

from cspe_tui.present import signs
from cspe_tui.ui import app as app_module
from cspe_tui.ui.app import CspeApp

from .conftest import ACHTERAF, EXAMINATOR, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import open_group

FIRST = [1, 3, 2, 11, 3, 2, 2, 1]
SECOND = [1, 3, 2, 10, 3, 2, 1, 1]
"""Differences at A2.1 (11/10) and A3.1 (2/1); A3.1 is then vastgesteld by the examinator."""


def downgrade(style: Style | None, system: ColorSystem | None) -> Style | None:
    """The style as Rich writes it to a terminal with this colour system."""
    if style is None or system in (None, ColorSystem.TRUECOLOR):
        return style
    color = style.color.downgrade(system) if style.color else None
    bgcolor = style.bgcolor.downgrade(system) if style.bgcolor else None
    return style.without_color + Style(color=color, bgcolor=bgcolor)


class _Lines:
    """Screen lines as a Rich renderable, with each style downgraded."""

    def __init__(self, strips: list[Strip], system: ColorSystem | None) -> None:
        self.strips = strips
        self.system = system

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for number, strip in enumerate(self.strips):
            if number:
                yield Segment.line()
            for segment in strip:
                yield Segment(segment.text, downgrade(segment.style, self.system))


class TerminalApp(CspeApp):
    """CspeApp whose screenshot shows the colours its terminal really gets."""

    # Textual resolves relative CSS paths from the module of the class; keep the app's own files.
    CSS_PATH: ClassVar[list[str]] = [str(Path(app_module.__file__).parent / p) for p in CspeApp.CSS_PATH]

    @property
    def terminal_colors(self) -> ColorSystem | None:
        return COLOR_SYSTEMS.get(self.console.color_system or "")

    def terminal_strips(self) -> list[list[Segment]]:
        return [[Segment(s.text, downgrade(s.style, self.terminal_colors)) for s in strip]
                for strip in self.screen._compositor.render_strips()]

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        width, height = self.size
        console = Console(
            width=width, height=height, file=io.StringIO(), force_terminal=True,
            color_system="truecolor", record=True, legacy_windows=False, safe_box=False,
        )
        console.print(_Lines(self.screen._compositor.render_strips(), self.terminal_colors), end="")
        return console.export_svg(title=title or self.title)


@dataclass
class Seen:
    """The screen as the terminal gets it, read in run_before (the snapshot is taken right after)."""

    color_system: str | None = None
    no_color: bool = False
    lines: list[list[Segment]] = field(default_factory=list)

    @property
    def text(self) -> list[str]:
        return ["".join(s.text for s in line) for line in self.lines]

    def line(self, needle: str) -> int:
        for number, text in enumerate(self.text):
            if needle in text:
                return number
        raise AssertionError(f"{needle!r} staat niet op het scherm:\n" + "\n".join(self.text))

    def style_at(self, number: int, column: int) -> Style:
        x = 0
        for segment in self.lines[number]:
            if x <= column < x + len(segment.text):
                return segment.style or Style()
            x += len(segment.text)
        raise AssertionError(f"kolom {column} ligt buiten regel {number}")

    def criterium(self, code: str) -> tuple[int, str]:
        """(line number, text) of a criterium line of the criteria table."""
        for number, text in enumerate(self.text):
            right = text.split("││", 1)[-1]
            if right.lstrip("│ >").startswith(code + " "):
                return number, text
        raise AssertionError(f"criterium {code} staat niet op het scherm:\n" + "\n".join(self.text))

    def signs_of(self, code: str) -> tuple[int, int, str]:
        """(line number, column, the four sign characters) of a criterium line."""
        number, text = self.criterium(code)
        header = self.text[self.line("Vastgesteld")]
        column = header.index("Tkn", header.index("Vastgesteld"))
        return number, column, text[column : column + 4]


def _group(data: Data) -> None:
    """1001 scored by both with two differences, one vastgesteld, a remark and a melding; 1002 half; 1003 absent."""
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    score_all(first, ACHTERAF, "1001", FIRST)
    score_all(second, ACHTERAF, "1001", SECOND)
    first.set_vastgesteld(ACHTERAF, "1001", "A3.1", 2, expected=first.load_group(ACHTERAF).cell("1001", "A3.1"))
    second.add_remark(ACHTERAF, "1001", "A1.2", "Was het schort schoon? Graag samen bekijken.")
    first.add_melding(data.model_key, "A2", "A2.2", "De garing staat niet in het recept.", "tijdens de correctie")
    for code, value in zip(["A1.1", "A1.2", "A1.3"], [1, 1, 0]):
        first.set_score(ACHTERAF, "1002", code, value)
    first.set_absent(ACHTERAF, "1003", True)


def _environment(monkeypatch: pytest.MonkeyPatch, *, no_color: bool) -> None:
    """What `ssh -tt` brings from a typical client: TERM=xterm-256color and nothing else about colour."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "TEXTUAL_COLOR_SYSTEM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "auto")  # read once, at import
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")


def _reader(app: TerminalApp, seen: Seen):
    """run_before for the scoring screen of 1001 with the cursor on A2.3; it records what the terminal gets."""

    async def run_before(pilot: Pilot) -> None:
        screen = await open_group(pilot, ACHTERAF)
        screen._go("1001", "A2.3")
        await pilot.pause()
        seen.color_system = app.console.color_system
        seen.no_color = app.no_color
        seen.lines = app.terminal_strips()

    return run_before


def _scoring(data: Data, snap_compare, seen: Seen) -> bool:
    app = TerminalApp(data.store(TWEEDE), poll_interval=60)
    return snap_compare(app, terminal_size=SIZE, run_before=_reader(app, seen))


def _assert_signs_are_characters(seen: Seen) -> None:
    """Every state that asks for action carries a sign, so it reads without any colour."""
    assert seen.signs_of("A2.1")[2].startswith(signs.DIFFERENCE)
    assert seen.signs_of("A1.2")[2][1] == signs.REMARK
    assert seen.signs_of("A2.2")[2][2] == signs.MELDING
    assert seen.signs_of("A1.1")[2].strip() == ""
    assert seen.signs_of("A3.1")[2].strip() == ""  # vastgesteld: no longer a difference
    assert "2 jansen" in seen.criterium("A3.1")[1]
    candidates = {nr: seen.text[seen.line(nr)].split("││", 1)[0] for nr in ("1001", "1002", "1003", "1004")}
    assert signs.DIFFERENCE in candidates["1001"] and signs.REMARK in candidates["1001"]
    assert signs.ABSENT in candidates["1003"]
    assert candidates["1002"].rstrip(" │").endswith("3/8   0/8")
    assert seen.criterium("A2.3")[1].split("││", 1)[-1].lstrip("│ ").startswith(signs.CURSOR)


def _cell(seen: Seen, code: str, column_label: str) -> Style:
    """Style of a score cell: `column_label` is the header word above it (Exam., Tweede, Vastgesteld)."""
    number, _ = seen.criterium(code)
    header = seen.text[seen.line("Vastgesteld")]
    return seen.style_at(number, header.index(column_label, header.index("Criterium")) + 2)


def _sign(seen: Seen, code: str, position: int) -> Style:
    number, column, _ = seen.signs_of(code)
    return seen.style_at(number, column + position)


def _candidate_sign(seen: Seen, examennummer: str, sign: str) -> Style:
    number = seen.line(examennummer)
    left = seen.text[number].split("││", 1)[0]
    return seen.style_at(number, left.rindex(sign))


CELLS = {
    "teken verschil (!)": lambda seen: _sign(seen, "A2.1", 0),
    "teken opmerking (*)": lambda seen: _sign(seen, "A1.2", 1),
    "teken melding (M)": lambda seen: _sign(seen, "A2.2", 2),
    "verschil, score examinator": lambda seen: _cell(seen, "A2.1", "Exam."),
    "verschil, score tweede": lambda seen: _cell(seen, "A2.1", "Tweede"),
    "score": lambda seen: _cell(seen, "A1.1", "Exam."),
    "vastgesteld": lambda seen: _cell(seen, "A3.1", "Vastgesteld"),
    "regel onder de cursor": lambda seen: _cell(seen, "A2.3", "Criterium"),
    "kandidaat afwezig (X)": lambda seen: _candidate_sign(seen, "1003", signs.ABSENT),
    "kandidaat onder de cursor, teken verschil (!)": lambda seen: _candidate_sign(seen, "1001", signs.DIFFERENCE),
    "kandidaat onder de cursor, teken opmerking (*)": lambda seen: _candidate_sign(seen, "1001", signs.REMARK),
}
MIN_CONTRAST = 3.0
"""WCAG 2's minimum for large text and interface parts; a state sign is one character, so no less."""


def contrast(style: Style) -> float:
    """WCAG 2 contrast ratio of the character against its background (default: white on black)."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        def channel(value: int) -> float:
            v = value / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    fg = tuple(style.color.get_truecolor()) if style.color else (255, 255, 255)
    bg = tuple(style.bgcolor.get_truecolor()) if style.bgcolor else (0, 0, 0)
    if style.reverse:
        fg, bg = bg, fg
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def too_faint(seen: Seen, names: list[str]) -> dict[str, float]:
    return {name: round(value, 2) for name in names if (value := contrast(CELLS[name](seen))) < MIN_CONTRAST}


def _look(style: Style) -> tuple:
    return (style.color, style.bgcolor, bool(style.bold), bool(style.reverse), bool(style.italic), bool(style.underline))


def test_scoring_in_256_colours_without_colorterm(data: Data, snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    _environment(monkeypatch, no_color=False)
    _group(data)
    seen = Seen()
    assert _scoring(data, snap_compare, seen)
    assert seen.color_system == "256"
    assert not seen.no_color
    _assert_signs_are_characters(seen)
    assert too_faint(seen, list(CELLS)) == {}
    # States stay apart after the downgrade to the 256-colour palette.
    plain, difference = _cell(seen, "A1.1", "Exam."), _cell(seen, "A2.1", "Exam.")
    vastgesteld = _cell(seen, "A3.1", "Vastgesteld")
    assert len({_look(plain), _look(difference), _look(vastgesteld)}) == 3
    # The difference sign keeps its own colour; remark and melding share the theme's orange
    # ($warning == $accent in textual-dark), so there only the sign (* or M) tells them apart.
    others = {_sign(seen, "A1.2", 1).color, _sign(seen, "A2.2", 2).color}
    assert _sign(seen, "A2.1", 0).color not in others
    assert plain.color not in others | {_sign(seen, "A2.1", 0).color}
    cursor, other = _cell(seen, "A2.3", "Criterium"), _cell(seen, "A2.2", "Criterium")
    assert cursor.bgcolor != other.bgcolor


def test_scoring_with_no_color(data: Data, snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    _environment(monkeypatch, no_color=True)
    _group(data)
    seen = Seen()
    assert _scoring(data, snap_compare, seen)
    assert seen.no_color
    colours = {c for line in seen.lines for s in line if s.style for c in (s.style.color, s.style.bgcolor) if c}
    assert colours and all(len(set(c.get_truecolor())) == 1 for c in colours), "NO_COLOR: alles grijs"
    _assert_signs_are_characters(seen)
    assert too_faint(seen, list(CELLS)) == {}
    # Without colour a difference still stands out: reversed, like the cursor line is bold.
    assert _cell(seen, "A2.1", "Exam.").reverse
    assert not _cell(seen, "A1.1", "Exam.").reverse
    assert _cell(seen, "A2.3", "Criterium").bold

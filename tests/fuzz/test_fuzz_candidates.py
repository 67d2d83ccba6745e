"""Candidate files as bytes: quotes, separators, line ends, encodings, control characters.

Every file gives all its candidates or none; a refusal names its line, and the
line is the one the examensecretaris sees in an editor.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cspe_tui.cli import main
from cspe_tui.domain.candidates import decode_csv_bytes, parse_candidates_csv
from cspe_tui.domain.text import NAME, check_text

from .support import ODD_TEXT, fuzz, no_english, snapshot, terminal_safe

SEPARATORS = st.sampled_from([";"] * 4 + [","] * 3 + ["\t", "|"])
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
HEADERS = st.sampled_from(
    [
        ["examennummer", "naam"],
        ["examennummer", "naam"],
        ["examennummer", "naam"],
        ["Examennummer", "Naam"],
        ["\ufeffexamennummer", "naam"],
        ["examennr", "achternaam", "tussenvoegsel", "voornaam"],
        ["kandidaatnummer", "volledige naam", "klas"],
        ["nummer", "leerling"],
        ["examennummer"],
        [],
    ]
)
PLAIN_NAMES = st.text(alphabet=st.characters(categories=["L", "Zs"], exclude_characters="\u2028\u2029"), min_size=1, max_size=20)
FIELDS = st.one_of(
    st.from_regex(r"[0-9]{3,6}", fullmatch=True),
    PLAIN_NAMES,
    ODD_TEXT,
    st.sampled_from(['"', '""', '"Jan', 'Jan"', '"Jan; Piet"', '"a\nb"', ";", ",", "", "x" * 140_000]),
)
ENCODINGS = st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le"])


@st.composite
def csv_bytes(draw) -> bytes:
    sep, end = draw(SEPARATORS), draw(LINE_ENDS)
    header = draw(HEADERS)
    row = st.one_of(
        st.tuples(st.from_regex(r"[0-9]{3,6}", fullmatch=True), PLAIN_NAMES).map(list),
        st.tuples(st.from_regex(r"[0-9]{3,6}", fullmatch=True), FIELDS).map(list),
        st.lists(FIELDS, max_size=5),
    )
    rows = draw(st.lists(row, max_size=6))
    text = end.join(sep.join(r) for r in [header, *rows]) + draw(st.sampled_from(["", end]))
    encoding = draw(ENCODINGS)
    data = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    if draw(st.integers(min_value=0, max_value=8)) == 0:
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


def parse(data: bytes):
    """(candidates, problems) as the CLI and the screen get them; never an exception."""
    try:
        text = decode_csv_bytes(data)
    except ValueError as exc:
        message = str(exc)
        assert message.startswith("het bestand is geen UTF-8 (byte 0x"), message
        return None, [message]
    result = parse_candidates_csv(text)
    return (result.candidates if result.ok else None), result.problems


def check(data: bytes):
    candidates, problems = parse(data)
    if candidates is not None:
        assert not problems
        numbers = [c.examennummer for c in candidates]
        assert len(set(numbers)) == len(numbers)
        for cand in candidates:
            assert check_text(cand.naam, NAME) == cand.naam
            assert cand.naam == " ".join(cand.naam.split())
        return candidates
    assert problems
    for problem in problems:
        assert re.match(r"(regel \d+(-\d+)?: |het bestand)", problem), problem
        terminal_safe(problem)
        no_english(problem, echoed=re.findall(r"'([^']*)'", problem))
    return None


@fuzz(200)
@given(csv_bytes())
def test_any_candidate_file_gives_all_candidates_or_dutch_problems_with_lines(data):
    check(data)


@fuzz(100)
@given(
    rows=st.lists(st.tuples(st.from_regex(r"[1-9][0-9]{2,5}", fullmatch=True), PLAIN_NAMES), min_size=1, max_size=8,
                  unique_by=lambda r: r[0]),
    end=LINE_ENDS,
    quote=st.booleans(),
)
def test_good_rows_are_never_swallowed(rows, end, quote):
    """Every row of a good file becomes one candidate, quoted or not, whatever the line ends."""
    body = end.join(f'{nr};"{name}"' if quote else f"{nr};{name}" for nr, name in rows)
    candidates = check(f"examennummer;naam{end}{body}{end}".encode())
    expected = [(nr, " ".join(name.split())) for nr, name in rows if name.strip()]
    if len(expected) == len(rows):
        assert candidates is not None
        assert [(c.examennummer, c.naam) for c in candidates] == [(nr, check_text(n, NAME)) for nr, n in expected]


@fuzz(200)
@given(
    before=st.lists(st.booleans(), max_size=5),
    end=LINE_ENDS,
)
def test_a_bad_row_is_reported_on_its_own_line_after_multi_line_quotes(before, end):
    """Rows before the bad one may span two lines (a quoted line break); the line number still counts lines."""
    lines = ["examennummer;naam"]
    for index, two_lines in enumerate(before):
        lines.append(f'{100 + index};"Voor{end}Naam"' if two_lines else f"{100 + index};Naam")
    text = end.join(lines)
    bad_line = text.count(end) + 2
    text += f"{end};Zonder Nummer{end}"
    _, problems = parse(text.encode())
    assert f"regel {bad_line}: geen examennummer" in problems


@fuzz(12)
@given(data=csv_bytes())
def test_groep_nieuw_creates_the_whole_group_or_nothing(data, demo_folder, capsys):
    expected = check(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "klas.csv"
        path.write_bytes(data)
        before = snapshot(demo_folder.data)
        code = main(
            ["--data", str(demo_folder.data), "groep", "nieuw", "--model", demo_folder.slug, "--kandidaten", str(path),
             "--examinator", "ex", "--tweede", "tw", "--als", "sec", "--toch"]
        )  # --toch: the examples share one folder, so a replayed example meets its own candidates
        out, err = capsys.readouterr()
    assert code in (0, 1), err
    terminal_safe(out + err)
    if expected is None:
        assert code == 1
        assert err.startswith(f"{path}") and ("afgekeurd; er is niets aangemaakt" in err or "geen UTF-8" in err), err
        assert snapshot(demo_folder.data) == before
    else:
        assert code == 0, err
        assert (f"{len(expected)} kandidaten" if len(expected) != 1 else "1 kandidaat,") in out

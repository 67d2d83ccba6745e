"""Shared by the fuzz tests: the hypothesis profiles, odd values, and the checks every case must pass.

`HYPOTHESIS_PROFILE=ci` (the default) keeps the whole suite under a minute;
`HYPOTHESIS_PROFILE=lang` runs 20 times as many. The profiles are applied per test,
so other hypothesis tests in the project keep their own settings.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    "derandomize": False,
}
_EXAMPLES = {"ci": 1, "lang": 20}
"""Multiplier on each test's own count: a cheap pure test gets more cases than one that writes files."""


def fuzz(examples: int, lang_cap: int | None = None):
    """Hypothesis settings for one fuzz test: `examples` cases in the ci profile, 20 times that in lang.

    `lang_cap` bounds tests whose cases pile up in one data folder (each write gets slower).
    """
    count = examples * _EXAMPLES.get(PROFILE, 1)
    if lang_cap is not None:
        count = min(count, max(examples, lang_cap))
    return settings(max_examples=count, **_COMMON)


ODD_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "\ud800",
            "a\udfff",
            "\x1b[2J",
            "Jan\x1b]0;titel\x07",
            "\u202eabc",
            "\u2066x\u2069",
            "Jose\u0301",
            "\x00",
            "\x85",
            "\u2028",
            "\ufeff",
            "tab\tin",
            "regel\nregel",
            "cr\rcr",
            "x" * 250,
            "x" * 5_000,
            "x" * 20_000,
            "{}",
            "B1",
            "B1.1",
            "HBR",
            "null",
            "🙂‍↔️",
            "ᄀ\u1161\u11a8",
        ]
    ),
    st.text(
        alphabet=st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Mn", "Co"]),
        min_size=1,
        max_size=8,
    ),
)
"""Texts a school's file or a terminal may bring: control characters, bidi, surrogates, combining marks."""

ENGLISH = (
    "Traceback",
    "Input should",
    "Field required",
    "Extra inputs",
    "Value error",
    "unable to",
    "Expecting",
    "No such file",
    "Permission denied",
    "Errno",
    "error:",
    "usage:",
    "Exception",
    "codec can't",
)
"""Phrases that only appear when an English library or interpreter message leaked through."""


def no_english(message: str, echoed: list[str] = ()) -> None:
    """No English library text; parts of the input that the message quotes back are not judged."""
    for part in sorted(echoed, key=len, reverse=True):
        if part:
            message = message.replace(part, "")
    for phrase in ENGLISH:
        assert phrase not in message, f"{phrase!r} in {message!r}"


def terminal_safe(message: str) -> None:
    """Nothing a terminal would obey: no escape, no bidi override, no lone surrogate."""
    for ch in message:
        if ch in "\n\t":
            continue
        assert unicodedata.category(ch) not in ("Cc", "Cs"), f"U+{ord(ch):04X} in {message!r}"
        assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", f"U+{ord(ch):04X} in {message!r}"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's content and every name: a refusal leaves all of them as they were."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<map>")
        for p in sorted(folder.rglob("*"))
        if p.name != ".lock" and not p.is_symlink()
    }

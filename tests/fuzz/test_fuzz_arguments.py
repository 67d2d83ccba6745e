"""Command-line arguments as bytes, the way any terminal (UTF-8, Latin-1, broken) may send them.

In-process through `main(argv)` for speed, and a few real processes with a strict
ASCII stdout. Exit 0 or 1 only, no traceback, a Dutch message, and a refused command
leaves the data folder as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from cspe_tui.cli import main

from .support import ODD_TEXT, fuzz, no_english, snapshot, terminal_safe

ARG_BYTES = st.one_of(
    st.binary(max_size=12),
    ODD_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=12).map(lambda t: t.encode("latin-1")),
    st.sampled_from([b"caf\xe9", b"\xff\xfe", b"-h", b"--", b"-", b"--als", b"=", b"1000", b"B1.1", b"9999", b"..", b"/"]),
)

# Each command names the parts the fuzzer fills ({0}, {1}, ...); {G} is the group, {M} the model, {D} the data folder.
COMMANDS = [
    ["model", "check", "{0}"],
    ["model", "import", "{0}", "--als", "sec"],
    ["groep", "lijst", "--als", "{0}"],
    ["groep", "nieuw", "--model", "{M}", "--kandidaten", "{0}", "--examinator", "{1}", "--tweede", "tw", "--als", "sec"],
    ["log", "{G}", "--kandidaat", "{0}", "--als", "ex"],
    ["log", "{0}", "--als", "ex"],
    ["verify", "{0}", "--als", "sec"],
    ["aanvulling", "zet", "{M}", "{0}", "--tekst", "{1}", "--datum", "{2}", "--als", "sec"],
    ["aanvulling", "lijst", "{0}", "--als", "sec"],
    ["verklaar", "{0}", "--als", "{1}"],
    ["sluit", "{G}", "--als", "{0}"],
    ["meldingen", "{0}", "--als", "ex"],
    ["export", "{0}", "--csv", "--uit", "{D}/exports/fuzz", "--als", "ex"],
    ["cijfer", "{0}", "{1}"],
    ["{0}"],
    ["model", "{0}"],
]


def fill(template: list[str], values: list[bytes], folder) -> list[bytes]:
    known = {"{G}": folder.group_id.encode(), "{M}": folder.slug.encode(), "{D}": bytes(folder.data)}
    argv: list[bytes] = [b"--data", bytes(folder.data)]
    for part in template:
        if part in known:
            argv.append(known[part])
        elif part.startswith("{") and part[1:-1].isdigit():
            argv.append(values[int(part[1:-1])])
        else:
            argv.append(part.replace("{D}", str(folder.data)).encode())
    return argv


@fuzz(150)
@given(template=st.sampled_from(COMMANDS), values=st.lists(ARG_BYTES, min_size=3, max_size=3))
def test_any_arguments_exit_0_or_1_in_dutch_and_refusals_change_nothing(template, values, demo_folder, capsys):
    argv = fill(template, values, demo_folder)
    if not template[0].startswith("{") and argv[2:] and argv[2] in (b"start", b"demo"):
        return
    if template == ["{0}"] and values[0] in (b"start", b"demo", b"server"):
        return  # these open the app or change system groups; other tests cover them
    before = snapshot(demo_folder.data)
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    echoed = [os.fsdecode(v) for v in values] + [str(demo_folder.data)]
    no_english(err, echoed=echoed)
    terminal_safe(err)
    if code == 1:
        assert (out + err).strip(), "a refusal says why"
        changed = {k for k in set(before) | set(snapshot(demo_folder.data)) if before.get(k) != snapshot(demo_folder.data).get(k)}
        assert not changed, changed


def test_real_processes_with_an_ascii_terminal_refuse_bad_bytes_without_traceback(tmp_path):
    data = tmp_path
    env = {**os.environ, "PYTHONIOENCODING": "ascii:strict", "LC_ALL": "C"}
    for argv in (
        [b"model", b"check", b"caf\xe9.json"],
        [b"--data", bytes(data), b"groep", b"lijst", b"--als", b"\xff"],
        [b"--data", bytes(data) + b"/\xe9", b"aanvulling", b"zet", b"M", b"B1.1", b"--tekst", b"x", b"--datum", b"d"],
        [b"--data", bytes(data), b"log", b"G\x1b[2J"],
    ):
        result = subprocess.run([sys.executable, "-m", "cspe_tui", *argv], capture_output=True, env=env, timeout=60)
        assert result.returncode == 1, result.stderr
        assert b"Traceback" not in result.stderr
        assert result.stderr.startswith(b"cspe: argument "), result.stderr
        assert result.stdout == b""


@fuzz(2)
@given(value=ARG_BYTES.map(lambda v: v.replace(b"\0", b"")))
def test_a_real_process_with_fuzzed_bytes_exits_0_or_1_without_traceback(value, tmp_path_factory):
    data = tmp_path_factory.mktemp("proc")
    env = {**os.environ, "PYTHONIOENCODING": "ascii:strict", "LC_ALL": "C"}
    argv = [b"--data", bytes(data), b"log", value, b"--als", b"ex"]
    result = subprocess.run([sys.executable, "-m", "cspe_tui", *argv], capture_output=True, env=env, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    assert b"Traceback" not in result.stderr
    assert (result.stdout + result.stderr).strip()

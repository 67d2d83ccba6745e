"""Correctiemodel files, mutated the way the adversarial run did: every one is accepted whole or refused in Dutch.

Structure-aware: values replaced by other types, huge and odd numbers and odd unicode,
fields removed or added, keys doubled, values nested deep; then the bytes themselves
truncated, given a BOM, re-encoded or salted with binary.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cspe_tui.cli import main
from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.validation import check_model_bytes
from tests.helpers import model_dict

from .support import ODD_TEXT, fuzz, no_english, snapshot, terminal_safe

BASE = model_dict()

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=120),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    ODD_TEXT,
    st.sampled_from(["A", "B", "rood", "kb", "HBR", "praktisch", "cspe-correctiemodel/1", 2026, [], {}, [0], [0, 1, 1]]),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(ODD_TEXT, inner, max_size=3)),
    max_leaves=6,
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


ALL_PATHS = [p for p in paths(BASE) if p]


def _parent(tree, path):
    for part in path[:-1]:
        tree = tree[part]
    return tree


@st.composite
def mutated_trees(draw):
    tree = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        path = draw(st.sampled_from(ALL_PATHS))
        try:
            parent = _parent(tree, path)
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(parent, (dict, list)):
            continue
        action = draw(st.sampled_from(["replace", "delete", "extra", "nest", "odd_text", "odd_text", "odd_text", "number"]))
        if action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "extra" and isinstance(parent, dict):
            parent[draw(ODD_TEXT)] = draw(VALUES)
        elif action == "nest":
            depth = draw(st.sampled_from([1, 2, 10, 63, 64, 65, 500]))
            parent[path[-1]] = json.loads("[" * depth + json.dumps(parent[path[-1]]) + "]" * depth)
        elif action == "odd_text":
            parent[path[-1]] = draw(ODD_TEXT)
        elif action == "number":
            parent[path[-1]] = draw(st.sampled_from([0, -1, 1, 99, 100, 2**31, 2**63, -(2**63), 10**40, 1.0, 1.5, -0.0]))
    return tree


NUMBER_TEXTS = st.sampled_from(["9" * 31, "9" * 4301, "-" + "9" * 10_000, "1e400", "-0", "1.0", "NaN", "Infinity", "1E2"])


@st.composite
def model_bytes(draw) -> bytes:
    tree = draw(mutated_trees())
    text = json.dumps(tree, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    rarely = st.integers(min_value=0, max_value=5).map(lambda n: n == 0)
    if draw(rarely):
        numbers = list(re.finditer(r"(?<=: )-?\d+(?=[,\n}])", text))
        if numbers:
            hit = draw(st.sampled_from(numbers))
            text = text[: hit.start()] + draw(NUMBER_TEXTS) + text[hit.end() :]
    if draw(rarely):
        keys = list(re.finditer(r'"([A-Za-z_]+)": ', text))
        if keys:
            hit = draw(st.sampled_from(keys))
            text = text[: hit.start()] + f'"{hit.group(1)}": null, ' + text[hit.start() :]
    data = text.encode("utf-8", "surrogatepass")
    encoding = draw(st.sampled_from(["utf-8"] * 12 + ["utf-8-sig", "utf-16", "latin-1"]))
    if encoding != "utf-8":
        data = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    byte_action = draw(st.sampled_from(["none"] * 10 + ["truncate", "binary", "bom", "flip"]))
    if byte_action == "truncate":
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    elif byte_action == "binary":
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    elif byte_action == "bom":
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"])) + data
    elif byte_action == "flip" and data:
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(min_value=1, max_value=255))]) + data[at + 1 :]
    return data


def check_result(data: bytes, name: str = "f.json") -> Correctiemodel | None:
    result = check_model_bytes(data)
    if result.model is not None:
        model = result.model
        # Accepted means usable: it serialises, hashes, and reads back as the same model.
        again = Correctiemodel.model_validate_json(model.model_dump_json())
        assert again.content_hash() == model.content_hash()
        assert check_model_bytes(model.model_dump_json().encode()).model == model
        return model
    assert result.problems
    for problem in result.problems:
        line = problem.render(name)
        assert line.startswith(f"{name}: $"), line
        terminal_safe(line)
        no_english(line, echoed=[problem.message.split("gevonden: ", 1)[-1]] if "gevonden: " in problem.message else [])
    return None


@fuzz(200)
@given(model_bytes())
def test_any_mutated_model_is_accepted_whole_or_refused_with_places(data):
    check_result(data)


@fuzz(150)
@given(st.binary(max_size=400))
def test_binary_junk_is_refused_with_a_place(data):
    assert check_result(data) is None or data.strip().startswith((b"{", b"\xef\xbb\xbf"))


@fuzz(25)
@given(data=model_bytes())
def test_model_check_and_import_exit_0_or_1_and_import_writes_nothing_when_refusing(data, demo_folder, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json"
        path.write_bytes(data)
        accepted = check_result(data)
        code = main(["model", "check", str(path)])
        out, err = capsys.readouterr()
        assert code == (0 if accepted else 1), out + err
        assert all(line.startswith(str(path)) for line in out.splitlines()), out
        before = snapshot(demo_folder.data)
        code = main(["--data", str(demo_folder.data), "model", "import", str(path), "--als", "sec"])
        out, err = capsys.readouterr()
        assert code in (0, 1), err
        terminal_safe(out + err)
        no_english(err, echoed=[str(path)])
        if code == 1:
            assert err.strip(), "a refusal says why"
            assert snapshot(demo_folder.data) == before
        else:
            assert accepted is not None
            slug = accepted.key.slug
            csv = Path(tmp) / "klas.csv"
            csv.write_text("examennummer;naam\n1;Anna\n", encoding="utf-8")
            code = main(
                ["--data", str(demo_folder.data), "groep", "nieuw", "--model", slug, "--kandidaten", str(csv),
                 "--examinator", "ex", "--tweede", "tw", "--als", "sec"]
            )
            out, err = capsys.readouterr()
            assert code == 0, "an imported model can always be used for a group: " + err

"""Export formats are data: the CLI's options and the closing records come from exports/formats/,
so a new format is one module."""

from __future__ import annotations

import textwrap

import pytest

from cspe_tui.cli import main
from cspe_tui.exports import formats
from cspe_tui.exports.formats import closing_formats, group_formats, titles
from tests.store.helpers import EX, make_folder


@pytest.fixture
def registry():
    group_formats.cache_clear()
    yield
    group_formats.cache_clear()


def test_the_formats_in_order_and_what_closing_writes(registry) -> None:
    assert [f.option for f in group_formats()] == ["pdf", "csv", "per-kandidaat"]
    assert titles(closing_formats()) == "Beoordelingsmodel (PDF) en scorelijst (CSV)"


def test_a_new_format_is_one_module(registry, tmp_path, monkeypatch, capsys) -> None:
    extra = tmp_path / "extra_formats"
    extra.mkdir()
    (extra / "namen.py").write_text(textwrap.dedent('''
        from pathlib import Path
        from cspe_tui.exports.formats import GroupExport, GroupFormat

        def _write(job: GroupExport) -> list[Path]:
            path = job.files.csv.with_name(job.state.info.group_id + "-namen.txt")
            path.write_text("\\n".join(c.naam for c in job.state.candidates) + "\\n", encoding="utf-8")
            return [path]

        FORMAT = GroupFormat(
            option="namen", title="namenlijst (tekst)", help="de namen van de kandidaten",
            order=40, at_closing=False, uses_photos=False, write=_write, target=lambda files: files.csv,
        )
    '''), encoding="utf-8")
    monkeypatch.setattr(formats, "__path__", [*formats.__path__, str(extra)])
    data = tmp_path / "data"
    group_id, _ = make_folder(data, tmp_path, candidates=2)
    main(["export", "--help"])
    assert "--namen" in capsys.readouterr().out
    out = tmp_path / "uit"
    assert main(["--data", str(data), "export", group_id, "--namen", "--uit", str(out), "--als", EX]) == 0
    written = capsys.readouterr().out.split()
    assert [p.rsplit("/", 1)[-1] for p in written] == [f"{group_id}-namen.txt"]
    assert (out / f"{group_id}-namen.txt").read_text(encoding="utf-8") == "Kandidaat 0\nKandidaat 1\n"

"""`cspe archief GROEP` and `cspe archief controleer MAP`: made from the demo, checked from the archive alone."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from cspe_tui import __version__
from cspe_tui.cli import main
from cspe_tui.domain.clock import format_moment
from cspe_tui.store import open_store

from .conftest import CLOSED


def cspe(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def copy_of(archive: Path, tmp_path: Path) -> Path:
    target = tmp_path / archive.name
    shutil.copytree(archive, target)
    return target


@pytest.mark.parametrize("group_id", CLOSED)
def test_an_archive_of_each_closed_demo_group_passes_the_check(archives, group_id, capsys):
    code, out = cspe(capsys, "archief", "controleer", str(archives[group_id]))
    assert code == 0, out
    assert f"Het archief {archives[group_id]} klopt." in out
    assert "komt uit op het zegel" in out


def test_the_manifest_names_every_file_its_hash_the_seal_the_program_and_who(archives, demo):
    folder = archives["hbr-kb-2026-rood-d"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert sorted(p.name for p in folder.parent.iterdir()) == sorted(f"archief-{g}" for g in CLOSED)
    assert sorted(manifest["bestanden"]) == [n for n in on_disk if n != "manifest.json"]
    for name, entry in manifest["bestanden"].items():
        data = (folder / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    state = open_store(demo, user="bakker").load_group("hbr-kb-2026-rood-d")
    assert manifest["zegel"] == state.sluiting.seal
    assert manifest["programma"] == f"cspe-tui {__version__}"
    assert manifest["gemaakt_door"] == "jansen"
    assert {"beoordelingsmodel.pdf", "scorelijst.csv", "logboek.jsonl", "logboek.txt", "controle.txt",
            "correctiemodel.json", "correctiemodel-blanco.pdf", "meldingen.json", "aanvullingen.json",
            "ondersteuning.json"} <= set(manifest["bestanden"])
    log = (demo / "groups" / "hbr-kb-2026-rood-d" / "audit.jsonl").read_bytes()
    assert (folder / "logboek.jsonl").read_bytes() == log


def test_making_the_archive_is_logged_in_the_folder_log(archives, demo, capsys):
    digest = hashlib.sha256((archives["hbr-kb-2026-rood-a"] / "manifest.json").read_bytes()).hexdigest()
    records = open_store(demo, user="bakker").archives()
    assert [(r.group_id, r.by) for r in records] == [(g, "jansen") for g in CLOSED]
    assert records[0].manifest_sha256 == digest
    code, out = cspe(capsys, "--data", str(demo), "log", "--als", "bakker")
    assert code == 0
    assert f"archief gemaakt" in out and f"hbr-kb-2026-rood-a: manifest {digest[:16]}" in out


def test_a_changed_score_in_the_csv_is_named(archives, tmp_path, capsys):
    folder = copy_of(archives["hbr-kb-2026-rood-b"], tmp_path)
    lines = (folder / "scorelijst.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    cells = lines[1].split(";")
    cells[3] = str(1 - int(cells[3])) if cells[3] in ("0", "1") else "0"
    lines[1] = ";".join(cells)
    (folder / "scorelijst.csv").write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    code, out = cspe(capsys, "archief", "controleer", str(folder))
    assert code == 1
    assert "- scorelijst.csv is veranderd: de SHA-256 klopt niet met het manifest." in out
    header = lines[0].split(";")
    assert f"- scorelijst.csv: kandidaat {cells[0]}, {header[3]} is {cells[3]}, volgens het logboek" in out


def test_a_changed_log_line_is_named_even_with_its_hash_recomputed(archives, tmp_path, capsys):
    """Changing a score and redoing the line's own hash still breaks the chain and the seal."""
    from cspe_tui.store.log import canonical, entry_hash

    folder = copy_of(archives["hbr-kb-2026-rood-a"], tmp_path)
    lines = (folder / "logboek.jsonl").read_bytes().split(b"\n")
    number = next(i for i, line in enumerate(lines) if b'"vastgesteld_set"' in line)
    raw = json.loads(lines[number])
    raw["event"]["new"] = 0 if raw["event"]["new"] else 1
    raw["hash"] = entry_hash(raw)
    lines[number] = canonical(raw).encode("utf-8")
    (folder / "logboek.jsonl").write_bytes(b"\n".join(lines))
    code, out = cspe(capsys, "archief", "controleer", str(folder))
    assert code == 1
    assert "- logboek.jsonl is veranderd: de SHA-256 klopt niet met het manifest." in out
    assert f"Logboek regel {number + 2}: de hashketen is verbroken" in out
    assert "het logboek komt niet uit op het zegel van de sluiting" in out


def test_a_removed_and_an_added_file_are_named(archives, tmp_path, capsys):
    folder = copy_of(archives["hbr-kb-2026-rood-c"], tmp_path)
    (folder / "ondersteuning.json").unlink()
    (folder / "fotos").mkdir()
    (folder / "fotos" / "extra.jpg").write_bytes(b"\xff\xd8\xff")
    code, out = cspe(capsys, "archief", "controleer", str(folder))
    assert code == 1
    assert "- ondersteuning.json ontbreekt (het staat wel in het manifest)." in out
    assert "- fotos/extra.jpg is toegevoegd: het staat niet in het manifest." in out
    assert "klopt niet (2 problemen)" in out


def test_a_pdf_with_other_scores_is_named_even_when_the_manifest_is_redone(archives, tmp_path, capsys):
    """Someone who also rewrites the manifest's hashes is still caught: the PDF's totals are not the log's."""
    from cspe_tui.exports.pdf import beoordelingsmodel_pdf_bytes
    from cspe_tui.exports.school import SchoolInfo
    from cspe_tui.archive.check import check_archive

    folder = copy_of(archives["hbr-kb-2026-rood-a"], tmp_path)
    state = check_archive(folder).state
    nr = state.candidates[0].examennummer
    code = next(c.code for c in state.model.criteria if state.cell(nr, c.code).vastgesteld is None)
    cell = state.cells[nr][code]
    other = 0 if cell.examinator else 1
    forged = state.model_copy(update={"cells": {**state.cells, nr: {
        **state.cells[nr], code: cell.model_copy(update={"examinator": other, "tweede": other})}}})
    (folder / "beoordelingsmodel.pdf").write_bytes(beoordelingsmodel_pdf_bytes(forged, SchoolInfo("x"), pdfa=True))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data = (folder / "beoordelingsmodel.pdf").read_bytes()
    manifest["bestanden"]["beoordelingsmodel.pdf"] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code_, out = cspe(capsys, "archief", "controleer", str(folder))
    assert code_ == 1
    opdracht = next(o.nummer for o in state.model.opdrachten if any(c.code == code for c in o.criteria))
    assert f"- beoordelingsmodel.pdf: kandidaat {nr}, opdracht {opdracht} is " in out


def test_the_archived_pdf_declares_pdf_a_and_embeds_every_font(archives):
    reader = PdfReader(archives["hbr-kb-2026-rood-b"] / "beoordelingsmodel.pdf")
    meta = reader.xmp_metadata
    assert (meta.pdfaid_part, meta.pdfaid_conformance) == ("2", "B")
    assert reader.pdf_header == "%PDF-1.7"
    assert reader.trailer["/Root"]["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    fonts = {}
    for page in reader.pages:
        resources = [page["/Resources"]] + [
            x["/Resources"] for x in page["/Resources"].get("/XObject", {}).values() if "/Resources" in x.get_object()
        ]
        for res in resources:
            for font in res.get_object().get("/Font", {}).values():
                fonts[font.idnum] = font.get_object()
    assert len(fonts) == 2
    for font in fonts.values():
        descriptor = font["/DescendantFonts"][0]["/FontDescriptor"]
        assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_an_open_group_is_refused_and_nothing_is_written(demo, tmp_path, capsys):
    code, out = cspe(capsys, "--data", str(demo), "archief", "pie-gl-2026-rood-a", "--uit", str(tmp_path), "--als", "jansen")
    assert code == 1
    assert "Groep pie-gl-2026-rood-a is nog niet gesloten; een archief kan pas na het sluiten." in out
    assert list(tmp_path.iterdir()) == []


def test_an_archive_is_not_written_over(archives, demo, capsys):
    folder = archives["hbr-kb-2026-rood-a"]
    before = (folder / "manifest.json").read_bytes()
    code, out = cspe(capsys, "--data", str(demo), "archief", "hbr-kb-2026-rood-a", "--uit", str(folder.parent),
                     "--als", "jansen")
    assert code == 1
    assert f"{folder} bestaat al en is niet leeg; kies met --uit een andere map." in out
    assert (folder / "manifest.json").read_bytes() == before


def test_the_check_says_when_and_by_whom_on_the_schools_clock(archives, capsys):
    code, out = cspe(capsys, "archief", "controleer", str(archives["hbr-kb-2026-rood-a"]))
    manifest = json.loads((archives["hbr-kb-2026-rood-a"] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tijdzone"] == "Europe/Amsterdam"
    made = format_moment(datetime.fromisoformat(manifest["gemaakt_op"]), "Europe/Amsterdam")
    assert f"Gemaakt door jansen op {made} met cspe-tui {__version__}." in out


def test_a_manifest_with_an_unknown_zone_is_named_not_a_crash(archives, tmp_path, capsys):
    folder = copy_of(archives["hbr-kb-2026-rood-a"], tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["tijdzone"] = "Mars/Olympus"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, out = cspe(capsys, "archief", "controleer", str(folder))
    assert code == 1
    assert "manifest.json is beschadigd of veranderd (tijdzone: tijdzone 'Mars/Olympus' bestaat niet;" in out
    assert "Value error" not in out


def test_a_folder_that_is_no_archive_is_named(tmp_path, capsys):
    code, out = cspe(capsys, "archief", "controleer", str(tmp_path))
    assert code == 1
    assert "manifest.json ontbreekt: dit is geen archief van cspe-tui" in out


def test_the_readable_log_in_the_archive_is_what_cspe_log_prints(archives, demo, capsys):
    code, out = cspe(capsys, "--data", str(demo), "log", "hbr-kb-2026-rood-d", "--als", "bakker")
    assert code == 0
    text = (archives["hbr-kb-2026-rood-d"] / "logboek.txt").read_text(encoding="utf-8")
    assert text == out
    assert text.splitlines()[0].startswith("Logboek van groep hbr-kb-2026-rood-d: ")
    assert "groep gesloten" in text

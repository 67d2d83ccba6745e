"""`cspe kandidaat foto GROEP NR FOTO...`: files or a folder, each logged; refused files named, the rest added."""

from __future__ import annotations

from pathlib import Path

from cspe_tui.store import open_store
from tests.cli.test_corrections_cli import made
from tests.cli.test_groep_cli import Run, demo, files, run  # noqa: F401  (fixtures)
from tests.photo_helpers import camera_jpeg, text_as_jpeg


def test_foto_adds_files_and_a_folder_and_names_what_it_refused(run: Run, demo: Path, files, tmp_path: Path) -> None:
    gid = made(run, demo, files)
    shots = tmp_path / "fotos"
    shots.mkdir()
    (shots / "1001-taart.jpg").write_bytes(camera_jpeg((1200, 900), orientation=1))
    (shots / "1001-lijst.jpg").write_bytes(text_as_jpeg())
    (shots / "1002-taart.jpg").write_bytes(camera_jpeg((1200, 900), orientation=1, color=(1, 1, 1)))
    single = tmp_path / "bord.jpg"
    single.write_bytes(camera_jpeg((3000, 2000), orientation=1, color=(50, 60, 70)))
    code, out, err = run("--data", str(demo), "kandidaat", "foto", gid, "1001", str(shots), str(single), "--als", "jansen")
    assert code == 1
    assert err.strip() == "1001-lijst.jpg is geen afbeelding (of een soort die niet wordt herkend); voeg een JPEG of PNG toe."
    lines = out.strip().splitlines()
    assert lines[0].startswith("1001-taart.jpg: toegevoegd, 1200 x 900 pixels, ")
    assert lines[1].startswith("bord.jpg: toegevoegd, 2560 x 1707 pixels, ")
    assert lines[2] == f"Kandidaat 1001 in groep {gid}: 2 foto's toegevoegd, 1 foto geweigerd; nu 2 foto's."
    state = open_store(demo, user="jansen").load_group(gid)
    assert [p.original_name for p in state.photos] == ["1001-taart.jpg", "bord.jpg"]
    code, out, _ = run("--data", str(demo), "kandidaat", "foto", gid, "1001", str(single), "--als", "jansen")
    assert code == 0 and out.strip().splitlines() == [
        "bord.jpg: deze foto staat al bij de kandidaat.",
        f"Kandidaat 1001 in groep {gid}: 0 foto's toegevoegd; nu 2 foto's.",
    ]
    code, out, _ = run("--data", str(demo), "log", gid, "--als", "jansen")
    assert "foto" in out and "bord.jpg" in out


def test_foto_refuses_an_unknown_candidate_and_someone_outside_the_group(run: Run, demo: Path, files, tmp_path) -> None:
    gid = made(run, demo, files)
    code, _, err = run("--data", str(demo), "kandidaat", "foto", gid, "9999", str(tmp_path), "--als", "jansen")
    assert code == 1 and err.strip() == f"Kandidaat 9999 hoort niet bij groep {gid}."
    code, _, err = run("--data", str(demo), "kandidaat", "foto", gid, "1001", str(tmp_path), "--als", "piet")
    assert code == 1 and err.strip() == f"Je (piet) bent geen examinator van groep {gid} en geen examensecretaris."


def test_export_with_fotos_adds_the_photo_pages_and_without_it_does_not(run: Run, demo: Path, files, tmp_path) -> None:
    from pypdf import PdfReader

    gid = made(run, demo, files)
    photo = tmp_path / "1001-taart.jpg"
    photo.write_bytes(camera_jpeg((800, 600), orientation=1))
    assert run("--data", str(demo), "kandidaat", "foto", gid, "1001", str(photo), "--als", "jansen")[0] == 0
    counts = {}
    for flag, out in (("--fotos", tmp_path / "met"), (None, tmp_path / "zonder")):
        args = ["--data", str(demo), "export", gid, "--pdf", "--uit", str(out), "--als", "jansen"]
        code, stdout, _ = run(*(args + [flag] if flag else args))
        assert code == 0
        pages = [p.extract_text() for p in PdfReader(stdout.strip()).pages]
        counts[flag] = sum("Foto's van de producten" in p for p in pages)
    assert counts == {"--fotos": 1, None: 0}

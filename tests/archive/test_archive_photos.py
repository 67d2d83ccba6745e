"""The photos in the archive: with the candidate (folder, fotos.txt, the PDF), checked, a removed one named."""

from __future__ import annotations

from pypdf import PdfReader

from cspe_tui.cli import main
from cspe_tui.store import open_store
from tests.photo_helpers import camera_jpeg, png_with_text


def test_photos_are_archived_with_the_candidate_and_a_removed_one_is_named(demo, tmp_path, capsys):
    sec = open_store(demo, user="bakker")
    jpeg = sec.add_photo("hbr-kb-2026-rood-a", "1001", camera_jpeg((800, 600)), "werkstuk.jpg")
    png = sec.add_photo("hbr-kb-2026-rood-a", "1002", png_with_text(), "tafel.png")
    out = tmp_path / "uit"
    assert main(["--data", str(demo), "archief", "hbr-kb-2026-rood-a", "--uit", str(out), "--als", "jansen"]) == 0
    folder = out / "archief-hbr-kb-2026-rood-a"
    capsys.readouterr()
    assert main(["archief", "controleer", str(folder)]) == 0, capsys.readouterr().out
    first = folder / "fotos" / "1001" / f"{jpeg.sha256}.jpg"
    assert first.is_file() and (folder / "fotos" / "1002" / f"{png.sha256}.png").is_file()
    index = (folder / "fotos.txt").read_text(encoding="utf-8")
    assert f"1001 Şükrü Yılmaz: fotos/1001/{jpeg.sha256}.jpg (origineel: werkstuk.jpg)" in index
    reader = PdfReader(folder / "beoordelingsmodel.pdf")
    assert reader.xmp_metadata.pdfaid_part == "2"
    pages = [page.extract_text() for page in reader.pages]
    assert any("Foto's van de producten · Şükrü Yılmaz" in text and jpeg.sha256[:16] in text for text in pages)
    first.unlink()
    capsys.readouterr()
    assert main(["archief", "controleer", str(folder)]) == 1
    text = capsys.readouterr().out
    assert f"- fotos/1001/{first.name} ontbreekt (het staat wel in het manifest)." in text
    assert f"- fotos/1001/{first.name} (foto van kandidaat 1001) ontbreekt." in text

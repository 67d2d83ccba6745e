"""`cspe verklaar` and `cspe sluit` from a shell: the same rules as the app, and final."""

import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from cspe_tui.cli import main
from cspe_tui.store import ClosedGroupError
from tests.store.helpers import EX, TW, as_user, make_folder


@pytest.fixture
def data(tmp_path: Path):
    data = tmp_path / "data"
    group_id, _ = make_folder(data, tmp_path, candidates=2, opdrachten=1, per_opdracht=3)
    return data, group_id


def score_everything(data: Path, group_id: str, differ_on: str | None = None) -> None:
    ex, tw = as_user(data, EX), as_user(data, TW)
    state = ex.load_group(group_id)
    for cand in state.candidates:
        for crit in state.model.criteria:
            ex.set_score(group_id, cand.examennummer, crit.code, crit.max)
            tw.set_score(group_id, cand.examennummer, crit.code, 0 if crit.code == differ_on else crit.max)


def cspe(data: Path, *args: str) -> int:
    return main(["--data", str(data), *args])


def test_sluit_lists_what_blocks_closing_and_changes_nothing(data, capsys):
    folder, group_id = data
    score_everything(folder, group_id, differ_on="B1.1")
    assert cspe(folder, "sluit", group_id, "--ja", "--als", EX) == 1
    out = capsys.readouterr().out
    assert f"Groep {group_id} kan nog niet sluiten (4 punten):" in out
    assert "- 1000 Kandidaat 0: B1.1 verschil 3 / 0" in out
    assert "heeft nog niet verklaard" in out
    assert not as_user(folder, EX).load_group(group_id).closed


def test_declare_both_then_close_seals_and_writes_the_records(data, capsys):
    folder, group_id = data
    score_everything(folder, group_id)
    assert cspe(folder, "verklaar", group_id, "--ja", "--als", EX) == 0
    assert cspe(folder, "verklaar", group_id, "--ja", "--als", TW) == 0
    capsys.readouterr()
    assert cspe(folder, "sluit", group_id, "--ja", "--als", TW) == 0
    out = capsys.readouterr().out.splitlines()
    state = as_user(folder, EX).load_group(group_id)
    assert state.closed
    assert out[0].startswith("Sluiten kan niet ongedaan worden gemaakt")
    out = out[1:]
    assert out[0] == f"Gesloten. Zegel: {state.sluiting.seal}"
    pdf, csv = Path(out[1]), Path(out[2])
    assert pdf.parent == folder / "exports" / group_id
    for shared in (pdf.parent.parent, pdf.parent):
        assert stat.S_IMODE(shared.stat().st_mode) == 0o2770
    assert {stat.S_IMODE(p.stat().st_mode) for p in (pdf, csv)} == {0o660}
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Kandidaat 1" in text and state.sluiting.seal[:16] in text.replace("\n", "")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(ClosedGroupError):
        as_user(folder, EX).set_score(group_id, "1000", "B1.1", 0)
    assert cspe(folder, "sluit", group_id, "--ja", "--als", EX) == 1
    assert "is al gesloten" in capsys.readouterr().err


def test_without_a_terminal_sluit_asks_for_ja(data, capsys, monkeypatch):
    folder, group_id = data
    score_everything(folder, group_id)
    for user in (EX, TW):
        cspe(folder, "verklaar", group_id, "--ja", "--als", user)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cspe(folder, "sluit", group_id, "--als", EX) == 1
    assert "gebruik --ja" in capsys.readouterr().err
    assert not as_user(folder, EX).load_group(group_id).closed


def test_verklaar_on_a_closed_group_refuses_before_showing_the_declaration(data, capsys):
    folder, group_id = data
    score_everything(folder, group_id)
    assert cspe(folder, "verklaar", group_id, "--ja", "--als", EX) == 0
    assert cspe(folder, "verklaar", group_id, "--ja", "--als", TW) == 0
    assert cspe(folder, "sluit", group_id, "--ja", "--als", TW) == 0
    capsys.readouterr()
    assert cspe(folder, "verklaar", group_id, "--ja", "--als", EX) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == f"Groep {group_id} is gesloten; er valt niets meer te verklaren."


def test_verklaar_by_someone_outside_the_group_shows_no_declaration(data, capsys):
    folder, group_id = data
    assert cspe(folder, "verklaar", group_id, "--ja", "--als", "sec") == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "Je (sec) bent geen examinator of tweede examinator" in err


def test_closing_a_group_with_photos_puts_a_page_of_them_in_the_records(data, capsys):
    from tests.photo_helpers import camera_jpeg

    folder, group_id = data
    score_everything(folder, group_id)
    record = as_user(folder, EX).add_photo(group_id, "1001", camera_jpeg((800, 600), orientation=1), "1001-taart.jpg")
    for user in (EX, TW):
        assert cspe(folder, "verklaar", group_id, "--ja", "--als", user) == 0
    capsys.readouterr()
    assert cspe(folder, "sluit", group_id, "--ja", "--als", EX) == 0
    pdf = Path(capsys.readouterr().out.splitlines()[2])
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    [photo_page] = [p for p in pages if "Foto's van de producten" in p]
    assert "1001-taart.jpg" in photo_page and record.sha256 in photo_page.replace("\n", "").replace(" ", "")

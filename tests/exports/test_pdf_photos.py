"""The candidates' photos in the beoordelingsmodel: a page after their scores, each photo with who, when and hash."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime, timezone

import pypdf

from cspe_tui.domain.group import GroupState
from cspe_tui.domain.group_notes import PhotoRecord
from cspe_tui.exports.files import write_group_records
from cspe_tui.exports.pdf import beoordelingsmodel_pdf_bytes, kandidaat_pdf_bytes
from cspe_tui.store.photo_image import keep_photo

from tests.photo_helpers import camera_jpeg, png_with_text

from .sample import EXAMINATOR, SCHOOL, build_state
from .test_pdf import pages_of

AT = datetime(2026, 5, 12, 9, 30, tzinfo=timezone.utc)


def with_photos(state: GroupState, photos: list[tuple[str, bytes, str, bool]]) -> tuple[GroupState, dict[str, bytes]]:
    """The state with these photos recorded (as the store would), and the stored bytes by hash."""
    records, stored = [], {}
    for nr, data, name, addition in photos:
        kept = keep_photo(data, name)
        stored[kept.sha256] = kept.data
        records.append(PhotoRecord(
            examennummer=nr, sha256=kept.sha256, original_name=name, media_type=kept.media_type, width=kept.width,
            height=kept.height, bytes=len(kept.data), addition=addition, login=EXAMINATOR, at=AT,
        ))
    return state.model_copy(update={"photos": tuple(records)}), stored


def test_a_page_of_photos_follows_the_candidates_scores_and_names_each_photo(tmp_path):
    base = build_state(closed=True)
    first, second = base.candidates[0].examennummer, base.candidates[1].examennummer
    state, stored = with_photos(base, [
        (first, camera_jpeg((1600, 1200), orientation=1), f"{first}-taart.jpg", False),
        (first, png_with_text(), f"{first}-bord.png", True),
    ])
    [taart, bord] = state.photos
    without = pages_of(beoordelingsmodel_pdf_bytes(state, SCHOOL))
    data = beoordelingsmodel_pdf_bytes(state, SCHOOL, photos=lambda r: stored[r.sha256])
    pages = pages_of(data)
    assert len(pages) == len(without) + 1
    [index] = [i for i, page in enumerate(pages) if "Foto's van de producten" in page]
    page = pages[index]
    assert f"Examennummer {first} · 2 foto's" in page and f"Kandidaat {first}" in pages[index - 1]
    assert f"{first}-taart.jpg · 1600 x 1200 · toegevoegd door" in page
    assert "aanvulling na het sluiten" in page
    assert taart.sha256 in page.replace(" ", "") and bord.sha256 in page.replace(" ", "")
    assert f"Kandidaat {second}" in pages[index + 1]
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages[index].images) == 2
    assert all("Foto's" not in p for p in pages_of(kandidaat_pdf_bytes(state, SCHOOL, second, photos=stored.get)))
    assert any("Foto's van de producten" in p for p in pages_of(kandidaat_pdf_bytes(
        state, SCHOOL, first, photos=lambda r: stored[r.sha256]
    )))


def test_a_photo_that_cannot_be_read_is_named_on_its_page_not_left_out():
    base = build_state(closed=True)
    nr = base.candidates[0].examennummer
    state, _ = with_photos(base, [(nr, camera_jpeg((800, 600), orientation=1), "weg.jpg", False)])
    pages = pages_of(beoordelingsmodel_pdf_bytes(state, SCHOOL, photos=lambda r: "het bestand ontbreekt."))
    [page] = [p for p in pages if "Foto's van de producten" in p]
    assert "Foto niet beschikbaar: het bestand ontbreekt." in page and "weg.jpg" in page


def test_the_records_at_closing_get_photos_only_when_the_group_has_them(tmp_path):
    base = build_state(closed=True)
    calls: list[str] = []
    (tmp_path / "zonder").mkdir()
    (tmp_path / "met").mkdir()
    plain = write_group_records(base, SCHOOL, tmp_path / "zonder", photos=lambda r: calls.append(r.sha256) or b"")
    assert calls == []
    nr = base.candidates[0].examennummer
    state, stored = with_photos(base, [(nr, camera_jpeg((800, 600), orientation=1), "a.jpg", False)])
    pdf, _ = write_group_records(state, SCHOOL, tmp_path / "met", photos=lambda r: stored[r.sha256])
    assert len(pypdf.PdfReader(pdf).pages) == len(pypdf.PdfReader(plain[0]).pages) + 1
    assert hashlib.sha256(stored[state.photos[0].sha256]).hexdigest() == state.photos[0].sha256

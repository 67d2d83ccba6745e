"""Photos of a candidate's products through the store: stored by hash, metadata stripped, refused inputs."""

from __future__ import annotations

import hashlib
import io
import json
import os

import pytest
from PIL import Image

from cspe_tui.domain.commands import AddPhoto
from cspe_tui.store import GroupScope
from cspe_tui.store.errors import ClosedGroupError, InvalidInput, PermissionDenied, UnknownCandidate
from cspe_tui.store.photo_files import add_photo_files, describe
from cspe_tui.store.photo_image import MAX_INPUT_BYTES, MAX_SIDE

from tests.photo_helpers import (
    GPS_IFD,
    camera_jpeg,
    heic_header,
    huge_png,
    png_with_text,
    text_as_jpeg,
    truncated_jpeg,
)

from .helpers import as_user
from .test_execute import close_group


def photo_lines(folder) -> list[dict]:
    log = folder.data / "groups" / folder.group_id / "audit.jsonl"
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line["event"]["type"] == "photo_added"]


def fotos(folder) -> list[str]:
    path = folder.data / "groups" / folder.group_id / "fotos"
    return sorted(n for n in os.listdir(path) if not n.startswith(".")) if path.exists() else []


def test_a_photo_round_trips_stored_by_its_hash_upright_reduced_and_without_metadata(folder):
    gid = folder.group_id
    record = folder.ex.add_photo(gid, "1000", camera_jpeg(), "/home/jan/Foto's/1000-taart.jpg")
    assert record is not None
    path = folder.data / "groups" / gid / "fotos" / f"{record.sha256}.jpg"
    stored = path.read_bytes()
    assert hashlib.sha256(stored).hexdigest() == record.sha256 and len(stored) == record.bytes
    assert (record.original_name, record.media_type, record.login, record.addition) == (
        "1000-taart.jpg", "image/jpeg", "ex", False
    )
    # 3200 x 2400 with 'rotate 90': upright and reduced to 2560 on the long side.
    assert (record.width, record.height) == (1920, MAX_SIDE)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (1920, 2560)
        assert dict(image.getexif()) == {} and not image.getexif().get_ifd(GPS_IFD)
        assert {"exif", "comment", "xmp", "icc_profile"}.isdisjoint(image.info)
        assert [marker for marker, _ in image.applist] == ["APP0"]
        # The blue corner was top-left before turning 90 degrees clockwise: now top-right.
        assert image.getpixel((1900, 10))[2] > 180 and image.getpixel((10, 10))[2] < 100
    for secret in (b"Telefoonmerk", b"gemaakt door Jan", b"Utrecht"):
        assert secret not in stored
    [line] = photo_lines(folder)
    assert line["login"] == "ex" and line["event"] == {
        "type": "photo_added", "examennummer": "1000", "sha256": record.sha256, "original_name": "1000-taart.jpg",
        "media_type": "image/jpeg", "width": 1920, "height": 2560, "bytes": len(stored), "addition": False,
    }
    fresh = as_user(folder.data, "tw")
    assert fresh.load_group(gid).photos == (record,)
    assert fresh.photo_bytes(gid, record) == stored
    assert fresh.verify(gid).ok
    (folder.data / "groups" / gid / "group.json").unlink()
    assert as_user(folder.data, "tw").load_group(gid).photos == (record,)


def test_a_png_stays_png_without_its_text_chunks_and_the_same_photo_is_not_logged_twice(folder):
    gid = folder.group_id
    record = folder.tw.add_photo(gid, "1001", png_with_text(), "1001-bloemstuk.png")
    assert record is not None and record.media_type == "image/png" and record.filename.endswith(".png")
    stored = folder.tw.photo_bytes(gid, record)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.mode == "RGBA" and not getattr(image, "text", {})
    assert b"Jan de Vries" not in stored
    assert folder.ex.add_photo(gid, "1001", png_with_text(), "kopie.png") is None
    assert len(photo_lines(folder)) == 1


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (text_as_jpeg(), "1000-taart.jpg", "1000-taart.jpg is geen afbeelding (of een soort die niet wordt herkend); "
         "voeg een JPEG of PNG toe."),
        (truncated_jpeg(), "half.jpg", "half.jpg is beschadigd of onvolledig en kan niet worden gelezen"),
        (huge_png(), "groot.png", "groot.png heeft te veel pixels (12000 x 8000); een foto mag hooguit 89 megapixel hebben."),
        (huge_png((20_000, 9_000)), "bom.png", "bom.png heeft te veel pixels; een foto mag hooguit 89 megapixel hebben."),
        (b"", "leeg.jpg", "leeg.jpg is leeg; dat is geen foto."),
        (heic_header(), "IMG_0001.HEIC", "IMG_0001.HEIC is een HEIC-foto (zoals een iPhone die maakt); die kan cspe "
         "niet lezen."),
    ],
    ids=["tekst", "afgebroken", "te-veel-pixels", "bom", "leeg", "heic"],
)
def test_refused_inputs_get_a_dutch_reason_and_leave_nothing_behind(folder, data, name, message):
    with pytest.raises(InvalidInput) as info:
        folder.ex.add_photo(folder.group_id, "1000", data, name)
    assert str(info.value).startswith(message)
    assert photo_lines(folder) == [] and fotos(folder) == []


def test_a_huge_file_is_refused_by_its_size_before_it_is_decoded(folder, tmp_path):
    big = tmp_path / "film.jpg"
    with open(big, "wb") as f:
        f.truncate(MAX_INPUT_BYTES + 1)
    [outcome] = add_photo_files(folder.ex, folder.group_id, "1000", [big])
    assert outcome.problem == (
        "film.jpg is te groot (40 MB); een foto mag hooguit 40 MB zijn. "
        "Exporteer hem kleiner (bijvoorbeeld als JPEG) en voeg hem opnieuw toe."
    )
    assert photo_lines(folder) == []


def test_a_folder_adds_the_files_that_start_with_the_examennummer(folder, tmp_path):
    shots = tmp_path / "fotos"
    shots.mkdir()
    (shots / "1000-taart.jpg").write_bytes(camera_jpeg((640, 480), orientation=1))
    (shots / "1000_2.png").write_bytes(png_with_text())
    (shots / "1000-kapot.jpg").write_bytes(truncated_jpeg())
    (shots / "10001-ander.jpg").write_bytes(camera_jpeg((640, 480), orientation=1, color=(1, 2, 3)))
    (shots / "1001-taart.jpg").write_bytes(camera_jpeg((640, 480), orientation=1, color=(9, 9, 9)))
    (shots / ".1000-verborgen.jpg").write_bytes(camera_jpeg((64, 48), orientation=1))
    outcomes = add_photo_files(folder.ex, folder.group_id, "1000", [shots])
    assert [(o.name, o.added) for o in outcomes] == [("1000-kapot.jpg", False), ("1000-taart.jpg", True), ("1000_2.png", True)]
    assert describe(outcomes[1]) == "1000-taart.jpg: toegevoegd, 640 x 480 pixels, " + describe(outcomes[1]).split(", ")[-1]
    assert outcomes[0].problem.startswith("1000-kapot.jpg is beschadigd of onvolledig")
    state = folder.ex.load_group(folder.group_id)
    assert [p.original_name for p in state.photos_of("1000")] == ["1000-taart.jpg", "1000_2.png"]
    assert state.photos_of("1001") == ()
    again = add_photo_files(folder.ex, folder.group_id, "1000", [shots / "1000-taart.jpg"])
    assert describe(again[0]) == "1000-taart.jpg: deze foto staat al bij de kandidaat."
    empty = tmp_path / "leeg"
    empty.mkdir()
    [none] = add_photo_files(folder.ex, folder.group_id, "1002", [empty])
    assert none.problem == f"In de map {empty} begint geen bestand met examennummer 1002 (bijvoorbeeld 1002-taart.jpg)."


def test_who_may_add_is_checked_once_before_any_file_is_read(folder, tmp_path):
    with pytest.raises(UnknownCandidate):
        add_photo_files(folder.ex, folder.group_id, "999", [tmp_path])
    outsider = as_user(folder.data, "piet")
    with pytest.raises(PermissionDenied, match="geen examinator"):
        add_photo_files(outsider, folder.group_id, "1000", [tmp_path])


def test_after_closing_only_the_examensecretaris_adds_a_photo_as_a_logged_addition(folder):
    gid = folder.group_id
    close_group(folder)
    with pytest.raises(PermissionDenied, match="alleen de examensecretaris"):
        folder.ex.add_photo(gid, "1000", camera_jpeg((640, 480)), "laat.jpg")
    assert fotos(folder) == []
    record = folder.sec.add_photo(gid, "1000", camera_jpeg((640, 480)), "laat.jpg")
    assert record is not None and (record.addition, record.login) == (True, "sec")
    fresh = as_user(folder.data, "ex")
    assert fresh.load_group(gid).tampered is None and fresh.closed_check(gid) is None
    report = fresh.verify(gid)
    assert report.ok and report.seal_ok
    fresh.export_state(gid)


def test_a_vervallen_group_takes_no_photo(folder):
    folder.sec.withdraw_group(folder.group_id, "verkeerd model")
    with pytest.raises(ClosedGroupError):
        add_photo_files(folder.sec, folder.group_id, "1000", [])


def test_a_photo_command_without_its_file_is_refused_by_execute(folder):
    command = AddPhoto(
        examennummer="1000", sha256="0" * 64, original_name="nergens.jpg", media_type="image/jpeg",
        width=10, height=10, bytes=100,
    )
    with pytest.raises(InvalidInput, match="staat niet in de map van groep"):
        folder.ex.execute(GroupScope(group_id=folder.group_id), "ex", command)
    assert photo_lines(folder) == []


def test_a_changed_photo_file_is_named_when_read(folder):
    record = folder.ex.add_photo(folder.group_id, "1000", camera_jpeg((640, 480)), "a.jpg")
    path = folder.data / "groups" / folder.group_id / "fotos" / record.filename
    path.write_bytes(path.read_bytes() + b"x")
    from cspe_tui.store.errors import CorruptFile

    with pytest.raises(CorruptFile, match="is veranderd sinds hij is toegevoegd"):
        folder.ex.photo_bytes(folder.group_id, record)
    assert folder.ex.verify(folder.group_id).problems == [
        f"De foto a.jpg van kandidaat 1000 is veranderd sinds hij is toegevoegd (fotos/{record.filename})."
    ]
    path.unlink()
    assert folder.ex.verify(folder.group_id).problems == [
        f"De foto a.jpg van kandidaat 1000 ontbreekt (fotos/{record.filename})."
    ]


def test_a_colour_profile_is_applied_and_not_kept():
    from PIL import ImageCms

    from cspe_tui.store.photo_image import keep_photo

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 200, 30)).save(out, "JPEG", icc_profile=profile, quality=95)
    kept = keep_photo(out.getvalue(), "profiel.jpg")
    with Image.open(io.BytesIO(kept.data)) as image:
        assert "icc_profile" not in image.info
        red, green, blue = image.getpixel((200, 150))
        assert abs(red - 10) < 8 and abs(green - 200) < 8 and abs(blue - 30) < 8

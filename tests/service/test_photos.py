"""Photos through the cspe service: sent in parts under the 1 MiB frame limit, stripped and logged by the service."""

from __future__ import annotations

import base64
import hashlib
import io
import os

import pytest
from PIL import Image

from cspe_tui.service import protocol as p
from cspe_tui.store import StoreError, open_store
from cspe_tui.store.errors import InvalidInput

from tests.photo_helpers import GPS_IFD, camera_jpeg, text_as_jpeg

from .conftest import ME, Served


def noisy_jpeg() -> bytes:
    """A photo larger than one request frame (random pixels do not compress), with GPS tags."""
    image = Image.frombytes("RGB", (1400, 1000), os.urandom(1400 * 1000 * 3))
    exif = image.getexif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 5.0, 12.5)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def test_a_photo_larger_than_a_frame_goes_in_parts_and_is_stored_as_the_in_process_store_would(served: Served) -> None:
    data = noisy_jpeg()
    assert len(data) > p.MAX_REQUEST_BYTES
    client = served.client()
    try:
        client.change_cursor(served.group_id)
        record = client.add_photo(served.group_id, "1001", data, "1001-werkstuk.jpg")
        assert record is not None and (record.login, record.addition, record.original_name) == (ME, False, "1001-werkstuk.jpg")
        assert client.load_group(served.group_id).photos_of("1001") == (record,)
        stored = client.photo_bytes(served.group_id, record)
        assert hashlib.sha256(stored).hexdigest() == record.sha256
        with Image.open(io.BytesIO(stored)) as image:
            assert not image.getexif().get_ifd(GPS_IFD) and image.size == (1400, 1000)
        assert open_store(served.data).load_group(served.group_id).photos == (record,)
        assert client.add_photo(served.group_id, "1001", data, "nog-eens.jpg") is None
    finally:
        client.disconnect()


def test_refusals_come_back_in_dutch_and_a_part_out_of_place_asks_to_send_again(served: Served) -> None:
    client = served.client()
    try:
        with pytest.raises(InvalidInput, match="lijst.jpg is geen afbeelding"):
            client.add_photo(served.group_id, "1001", text_as_jpeg(), "lijst.jpg")
        with pytest.raises(StoreError, match="Kandidaat 9999 hoort niet bij groep"):
            client.add_photo(served.group_id, "9999", camera_jpeg((64, 48)), "a.jpg")
        part = base64.b64encode(b"xyz").decode()
        with pytest.raises(p.UploadLost, match="stuur de foto opnieuw"):
            client._conn.call("photo_part", upload="t1", offset=10, data=part)
        with pytest.raises(p.UploadLost, match="niet helemaal aangekomen"):
            client._conn.call("add_photo", upload="t1", group_id=served.group_id, examennummer="1001", original_name="a.jpg")
        assert open_store(served.data).load_group(served.group_id).photos == ()
    finally:
        client.disconnect()


def test_a_photo_answers_with_its_committed_lines_and_only_the_others_get_them_by_push(served: Served) -> None:
    """As a command: the writer folds the photo from its answer; it is not pushed to it again, nor read back."""
    import threading
    import time

    from cspe_tui.domain.events import PhotoAdded

    writer, watcher = served.client(), served.client()
    try:
        cursor = writer.change_cursor(served.group_id)
        watcher.change_cursor(served.group_id)
        told: dict[str, list] = {"writer": [], "watcher": []}
        arrived = threading.Event()
        writer.add_entries_listener(lambda *args: told["writer"].append(args))
        watcher.add_entries_listener(lambda *args: (told["watcher"].append(args), arrived.set()))
        commits: list = []
        record = writer.add_photo(served.group_id, "1001", camera_jpeg((900, 600), orientation=1), "1001-taart.jpg", commits)

        (committed,) = commits
        assert committed.start == cursor and committed.position > cursor
        assert [type(e.event) for e in committed.entries] == [PhotoAdded]
        assert (committed.entries[0].event.sha256, committed.entries[0].event.original_name) == (record.sha256, "1001-taart.jpg")
        assert arrived.wait(10), "the push did not arrive"
        time.sleep(0.1)
        ((_, start, end, entries),) = told["watcher"]
        assert (start, end) == (committed.start, committed.position)
        assert [e.hash for e in entries] == [e.hash for e in committed.entries]
        assert told["writer"] == []
    finally:
        writer.disconnect()
        watcher.disconnect()

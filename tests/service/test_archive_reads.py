"""What `cspe archief` needs through the service: the log's bytes, the photo files, uitslagen and archives."""

from __future__ import annotations

from datetime import date

from .conftest import ME, Served


def test_archive_sources_uitslag_and_archive_over_the_socket(served: Served) -> None:
    group = served.data / "groups" / served.group_id
    (group / "fotos").mkdir()
    photo = bytes(range(256)) * 4
    (group / "fotos" / ("a" * 64 + ".jpg")).write_bytes(photo)
    client = served.client()
    try:
        sources = client.archive_sources(served.group_id)
        assert sources == {"audit.jsonl": (group / "audit.jsonl").read_bytes(), f"fotos/{'a' * 64}.jpg": photo}
        client.set_uitslag("HBR", "kb", 2026, date(2026, 7, 10))
        client.record_archive(served.group_id, "b" * 64)
        [uitslag] = client.uitslagen()
        assert (uitslag.cspe, uitslag.datum, uitslag.by) == (("HBR", "kb", 2026), date(2026, 7, 10), ME)
        [record] = client.archives()
        assert (record.group_id, record.manifest_sha256, record.by) == (served.group_id, "b" * 64, ME)
    finally:
        client.disconnect()

"""The command wrappers are shared (RecordCommands): through the service they refuse as the in-process store does."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspe_tui.store import InvalidScore, ModelImportError, open_store

from .conftest import Served


def test_a_model_file_that_cannot_be_read_is_refused_in_dutch_by_client_and_store(served: Served, tmp_path: Path) -> None:
    missing = tmp_path / "weg.json"
    client = served.client()
    try:
        with pytest.raises(ModelImportError) as through_service:
            client.import_model(missing)
    finally:
        client.disconnect()
    with pytest.raises(ModelImportError) as in_process:
        open_store(tmp_path / "eigen", create=True).import_model(missing)
    assert str(through_service.value) == str(in_process.value)
    assert str(in_process.value) == f"{missing}: kan het bestand niet lezen (de map of het bestand bestaat niet)."


def test_a_score_that_is_no_whole_number_is_refused_before_it_is_sent(served: Served) -> None:
    client = served.client()
    try:
        with pytest.raises(InvalidScore, match=r"^Een score is een geheel getal \(gekregen: 'twee'\)\.$"):
            client.set_score(served.group_id, "1001", "B1.1", "twee")  # type: ignore[arg-type]
        assert client.load_group(served.group_id).cell("1001", "B1.1").examinator is None
    finally:
        client.disconnect()

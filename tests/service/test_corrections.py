"""Issue 13's corrections through the service client: the same results and refusals as the in-process store."""

from __future__ import annotations

import pytest

from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.store import StoreError

from .conftest import ME, OTHER, Served


def test_ondersteuning_and_vervallen_go_through_the_service(served: Served) -> None:
    client = served.client()
    try:
        note = client.set_ondersteuning(served.group_id, "1001", verlengde_tijd=True, tekst="30 minuten extra")
        assert note is not None and note.verlengde_tijd and note.tekst == "30 minuten extra" and note.by == ME
        assert client.load_group(served.group_id).ondersteuning_for("1001") == note
        assert client.set_ondersteuning(served.group_id, "1001") is None
        withdrawal = client.withdraw_group(served.group_id, "dubbel aangemaakt")
        assert withdrawal.reden == "dubbel aangemaakt" and withdrawal.by == ME
        assert client.load_group(served.group_id).withdrawn == withdrawal
        with pytest.raises(StoreError, match="is vervallen \\(dubbel aangemaakt\\)"):
            client.set_score(served.group_id, "1001", "B1.1", 1)
    finally:
        client.disconnect()


def test_a_group_is_removed_through_the_service_and_its_name_stays_taken(served: Served) -> None:
    client = served.client()
    try:
        state = client.create_group(
            served.key, [Candidate(examennummer="2001", naam="Kandidaat 1")], ME, OTHER, Werkwijze.ACHTERAF
        )
        gid = state.info.group_id
        client.remove_group(gid)
        assert client.removed_groups() == [gid]
        assert gid not in client.group_ids()
        with pytest.raises(StoreError, match="bestaat niet"):
            client.remove_group(gid)
    finally:
        client.disconnect()

"""The start screen's read through the service: small summaries, not states; a closed group's check on request."""

from __future__ import annotations

from cspe_tui.domain.summary import summarize
from cspe_tui.store import open_store
from cspe_tui.store.errors import CorruptFile

from .conftest import ME, Served
from .test_live import count_requests


def test_a_client_gets_every_group_summary_and_why_a_group_cannot_be_read(served: Served) -> None:
    client = served.client()
    state = client.load_group(served.group_id)
    for criterium in state.model.criteria:
        client.set_score(served.group_id, "1000", criterium.code, 0)
    sec = open_store(served.data, user=ME)
    broken = sec.create_group(state.info.model_key, state.candidates[:1], ME, "iemand", "gelijktijdig", confirmed=True)
    folder = served.data / "groups" / broken.info.group_id
    (folder / "audit.jsonl").write_text("geen logboek\n", encoding="utf-8")
    for name in ("group.json", "summary.json"):
        (folder / name).unlink()

    sent = count_requests(client)
    summaries, failures = client.group_summaries()
    assert sent == [("read", "group_summaries")]
    [summary] = summaries
    assert summary == summarize(open_store(served.data, user=ME).load_group(served.group_id))
    assert (summary.first_done, summary.candidates, summary.role_of(ME).value) == (1, 5, "examinator")
    assert list(failures) == [broken.info.group_id]
    assert isinstance(failures[broken.info.group_id], CorruptFile)
    assert "cspe verify" in str(failures[broken.info.group_id])


def test_the_closed_check_runs_on_the_service(served: Served) -> None:
    client = served.client()
    assert client.closed_check(served.group_id) is None

"""Issue 21's "done when": a digit typed in one terminal is parsed once and folded once in each process on its
way to the other screen. Two apps over two service clients stand for the two terminals; the service, as in
production, parses nothing and sends on what its journal committed."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from cspe_tui.service import client_feed, reads
from cspe_tui.ui import group_log
from cspe_tui.ui.app import CspeApp
from tests.ui.pilot_helpers import open_group, score_cells

from .conftest import Served
from .test_app import SIZE, wait_until


def test_a_digit_is_parsed_once_and_folded_once_per_terminal_on_its_way_to_the_other_screen(served: Served, monkeypatch) -> None:
    asyncio.run(_one_digit(served, monkeypatch))


def _counting(counter: Counter[str], name: str, real: Any, count_of: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        counter[name] += count_of(args, result)
        return result

    return wrapper


async def _one_digit(served: Served, monkeypatch) -> None:
    typing_client, watching_client = served.client(), served.client()
    typist, watcher = CspeApp(typing_client, poll_interval=3600), CspeApp(watching_client, poll_interval=3600)
    async with typist.run_test(size=SIZE) as typing, watcher.run_test(size=SIZE) as watching:
        typing_screen = await open_group(typing, served.group_id)
        watching_screen = await open_group(watching, served.group_id)
        code = typing_screen.state.model.criteria[0].code
        await typing.pause(0.2)
        counted: Counter[str] = Counter()
        monkeypatch.setattr(reads, "decode_entries", _counting(counted, "parsed", reads.decode_entries, lambda a, r: len(r)))
        monkeypatch.setattr(group_log, "evolve", _counting(counted, "screen folds", group_log.evolve, lambda a, r: 1))
        monkeypatch.setattr(client_feed, "evolve", _counting(counted, "client folds", client_feed.evolve, lambda a, r: 1))
        reread: list[int] = []
        for client in (typing_client, watching_client):
            real = client.changes_since
            monkeypatch.setattr(client, "changes_since", lambda gid, at, real=real: (reread.append(at), real(gid, at))[1])

        await typing.press("3")
        await wait_until(typing, lambda: score_cells(typing, code)[0] == "3")
        await wait_until(watching, lambda: watching_screen.state.cell("1000", code).examinator == 3)
        await wait_until(watching, lambda: score_cells(watching, code)[0] == "3")
        await typing.pause(0.2)
        await watching.pause(0.2)

    assert counted == Counter({"parsed": 2, "screen folds": 2})  # the answer in one, the push in the other
    assert reread == []  # neither terminal read back what was written
    typing_client.disconnect()
    watching_client.disconnect()

"""Photos of a candidate's products: who may add one, when it is an addition, and what the state keeps."""

from __future__ import annotations

import pytest

from cspe_tui.domain.access import Refusal, RefusalKind
from cspe_tui.domain.closing import seal_of
from cspe_tui.domain.commands import AddPhoto, WithdrawGroup
from cspe_tui.domain.decide import decide, may
from cspe_tui.domain.events import PhotoAdded
from cspe_tui.domain.evolve import EventMismatch, evolve, fold_group
from cspe_tui.domain.group_notes import PhotoRecord
from tests.domain.decide_helpers import EXAMINATOR, NOW, OUTSIDER, SECRETARIS, TWEEDE, Group
from tests.domain.test_decide_notes import closed_group
from tests.helpers import make_model

SHA = "ab" * 32


def photo(nr: str = "101", sha: str = SHA, name: str = "101-taart.jpg") -> AddPhoto:
    return AddPhoto(
        examennummer=nr, sha256=sha, original_name=name, media_type="image/jpeg", width=2560, height=1920, bytes=812_345
    )


def test_a_photo_is_recorded_with_who_and_when_from_the_log_and_folds_again():
    group = Group()
    [event] = group.run(TWEEDE, photo())
    assert event == PhotoAdded(
        examennummer="101", sha256=SHA, original_name="101-taart.jpg", media_type="image/jpeg",
        width=2560, height=1920, bytes=812_345, addition=False,
    )
    [record] = group.state.photos_of("101")
    assert (record.login, record.at, record.addition) == ("devries", group.clock, False)
    assert record.filename == f"{SHA}.jpg"
    assert group.state.photos_of("102") == ()
    assert fold_group(group.created, make_model(), group.events, group.stamps) == group.state


def test_the_same_photo_of_the_same_candidate_is_logged_once_but_may_show_another_candidate():
    group = Group()
    group.run(EXAMINATOR, photo())
    assert group.run(TWEEDE, photo(name="kopie.jpg")) == []
    assert len(group.run(EXAMINATOR, photo(nr="102"))) == 1
    assert [p.examennummer for p in group.state.photos] == ["101", "102"]


def test_a_photo_needs_the_log_line_that_says_who_added_it():
    group = Group()
    [event] = decide(group.state, EXAMINATOR, photo(), NOW)
    with pytest.raises(EventMismatch):
        evolve(group.state, event)


def test_refused_photos_say_why_in_dutch():
    group = Group()
    with pytest.raises(Refusal) as info:
        decide(group.state, EXAMINATOR, photo(nr="999"), NOW)
    assert (info.value.kind, info.value.message) == (
        RefusalKind.UNKNOWN_CANDIDATE, "Kandidaat 999 hoort niet bij groep " + group.state.info.group_id + "."
    )
    with pytest.raises(Refusal) as info:
        decide(group.state, EXAMINATOR, photo(name="a\u202eb.jpg"), NOW)
    assert info.value.message.startswith("De bestandsnaam kan zo niet worden opgeslagen:")
    assert may(group.state, OUTSIDER, "photo") == (
        f"Je (piet) bent geen examinator van groep {group.state.info.group_id} en geen examensecretaris."
    )
    assert may(group.state, SECRETARIS, "photo") is None


def test_after_closing_only_the_examensecretaris_adds_photos_as_an_addition_and_the_seal_stays():
    group = closed_group()
    seal = group.state.sluiting.seal
    reason = may(group.state, EXAMINATOR, "photo")
    assert reason == (
        f"Groep {group.state.info.group_id} is gesloten; alleen de examensecretaris kan nog foto's toevoegen "
        "(als aanvulling, met naam en tijd in het logboek)."
    )
    with pytest.raises(Refusal):
        decide(group.state, EXAMINATOR, photo(), NOW)
    [event] = group.run(SECRETARIS, photo())
    assert event.addition is True
    assert [(p.login, p.addition) for p in group.state.photos] == [("bakker", True)]
    assert seal_of(group.state) == seal


def test_a_vervallen_group_takes_no_photos():
    group = Group()
    group.run(SECRETARIS, WithdrawGroup(reden="verkeerd model"))
    with pytest.raises(Refusal) as info:
        decide(group.state, SECRETARIS, photo(), NOW)
    assert info.value.kind is RefusalKind.CLOSED


def test_a_photo_record_rejects_a_hash_that_is_not_sha256():
    with pytest.raises(ValueError):
        PhotoRecord(
            examennummer="1", sha256="xyz", original_name="a.jpg", media_type="image/jpeg", width=1, height=1,
            bytes=1, login="a", at=NOW,
        )

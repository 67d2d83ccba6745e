"""Remark, reply, melding and settings texts: stored NFC and whole, or refused in Dutch with nothing written."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cspe_tui.domain.validation import first_problem
from cspe_tui.store import DataFolderError, InvalidInput, Settings, open_store
from cspe_tui.store.datafolder import parse_settings, settings_bytes

from .support import ODD_TEXT, fuzz, no_english, snapshot, terminal_safe

TEXTS = st.one_of(ODD_TEXT, st.text(max_size=200), st.text(min_size=3_990, max_size=4_010, alphabet="ab \n"))


@fuzz(40, lang_cap=300)
@given(text=TEXTS)
def test_a_remark_is_stored_as_nfc_or_refused_with_nothing_written(text, demo_folder):
    store = open_store(demo_folder.data, user="ex")
    before = snapshot(demo_folder.data)
    try:
        remark = store.add_remark(demo_folder.group_id, "1000", None, text)
    except InvalidInput as refused:
        message = str(refused)
        assert message.startswith(("De opmerking kan zo niet worden opgeslagen: ", "Een opmerking mag niet leeg zijn."))
        terminal_safe(message)
        no_english(message)
        assert snapshot(demo_folder.data) == before
        return
    assert remark.text == unicodedata.normalize("NFC", text.strip().replace("\r\n", "\n").replace("\r", "\n"))
    stored = [r for r in open_store(demo_folder.data, user="tw").load_group(demo_folder.group_id).remarks if r.id == remark.id]
    assert stored == [remark]
    before = snapshot(demo_folder.data)
    try:
        store.reply_remark(demo_folder.group_id, remark.id, text[::-1])
    except InvalidInput as refused:
        terminal_safe(str(refused))
        assert snapshot(demo_folder.data) == before


@fuzz(40, lang_cap=300)
@given(text=TEXTS)
def test_a_melding_omschrijving_is_stored_or_refused_in_dutch(text, demo_folder):
    store = open_store(demo_folder.data, user="ex")
    model = store.model(next(iter(store.models())))
    before = snapshot(demo_folder.data)
    try:
        melding = store.add_melding(model.key, model.opdrachten[0].nummer, None, text, "tijdens de correctie")
    except InvalidInput as refused:
        terminal_safe(str(refused))
        no_english(str(refused))
        assert snapshot(demo_folder.data) == before
        return
    assert melding in store.meldingen(model.key)


FIELDS = st.sampled_from(["school", "brin", "telefoon", "contactpersoon"])


@fuzz(100)
@given(field=FIELDS, text=TEXTS)
def test_settings_texts_round_trip_or_are_refused_with_the_field(field, text):
    try:
        settings = Settings(**{field: text})
    except ValidationError as refused:
        message = first_problem(refused)
        assert message.startswith(f"$.{field}: ")
        terminal_safe(message)
        no_english(message)
        return
    assert getattr(settings, field) == unicodedata.normalize("NFC", text)
    assert parse_settings(settings_bytes(settings), Path("settings.json")) == settings


@fuzz(100)
@given(
    data=st.one_of(
        st.binary(max_size=200),
        st.dictionaries(st.sampled_from(["school", "brin", "demo", "examensecretarissen", "keymap", "x"]), st.one_of(
            ODD_TEXT, st.lists(ODD_TEXT, max_size=3), st.booleans(), st.none(), st.integers()
        )).map(lambda d: json.dumps(d).encode()),
    )
)
def test_a_hand_edited_settings_file_is_read_or_refused_in_dutch(data):
    try:
        parse_settings(data, Path("/data/settings.json"))
    except DataFolderError as refused:
        message = str(refused)
        assert message.startswith("/data/settings.json is ongeldig ($")
        terminal_safe(message)
        no_english(message)


def test_the_cli_refuses_a_school_name_with_an_escape_and_changes_nothing(tmp_path, capsys):
    from cspe_tui.cli import main

    code = main(["server", "init", "--data", str(tmp_path / "srv"), "--groep", "root", "--school", "Het \x1b[2J College"])
    _, err = capsys.readouterr()
    assert code == 1
    assert "U+001B (ESCAPE)" in err
    assert not (tmp_path / "srv").exists()


@pytest.mark.parametrize("text", ["x" * 201, "Het College\u202e"])
def test_server_init_refuses_a_setting_through_the_gate(text, tmp_path, capsys):
    from cspe_tui.cli.server_folder import InitRefused, _setting

    with pytest.raises(InitRefused) as refused:
        _setting("school", text)
    assert str(refused.value).startswith("--school: ")

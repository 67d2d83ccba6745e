"""An aanvulling recorded from the shell reaches open groups, not closed ones."""

from pathlib import Path

from cspe_tui.cli import main
from cspe_tui.domain.group import final_score
from tests.store.helpers import EX, SEC, TW, as_user, make_folder


def test_aanvulling_gives_the_maximum_in_open_groups_and_is_listed(tmp_path: Path, capsys):
    data = tmp_path / "data"
    group_id, key = make_folder(data, tmp_path, candidates=2)
    as_user(data, EX).set_score(group_id, "1000", "B1.1", 0)
    assert main(["--data", str(data), "aanvulling", "zet", key.slug, "B1.1", "--tekst",
                 "Bij B1.1 krijgt iedere kandidaat 3 punten.", "--datum", "2026-05-20", "--als", SEC]) == 0
    assert "iedere kandidaat krijgt 3 punten" in capsys.readouterr().out
    state = as_user(data, TW).load_group(group_id)
    assert [final_score(state, nr, "B1.1") for nr in ("1000", "1001")] == [3, 3]
    assert main(["--data", str(data), "aanvulling", "lijst", key.slug.lower(), "--als", EX]) == 0
    assert capsys.readouterr().out == "B1.1  2026-05-20  Bij B1.1 krijgt iedere kandidaat 3 punten.  (vastgelegd door sec)\n"


def test_only_the_examensecretaris_records_an_aanvulling(tmp_path: Path, capsys):
    data = tmp_path / "data"
    _, key = make_folder(data, tmp_path)
    code = main(["--data", str(data), "aanvulling", "zet", key.slug, "B1.1", "--tekst", "x", "--datum", "1 juni",
                 "--als", EX])
    assert code == 1
    assert "examensecretaris" in capsys.readouterr().err


def test_unknown_model_names_the_known_ones(tmp_path: Path, capsys):
    data = tmp_path / "data"
    make_folder(data, tmp_path)
    assert main(["--data", str(data), "aanvulling", "lijst", "PIE-gl-2026-rood-A", "--als", SEC]) == 1
    assert capsys.readouterr().err.strip() == "Onbekend correctiemodel: PIE-gl-2026-rood-A. Bekende modellen: HBR-kb-2026-rood-B."

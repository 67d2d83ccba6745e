"""`cspe model import` and `cspe groep nieuw|lijst`: the examensecretaris prepares groups from the command line.

Most tests use a demo folder so one process may act as several people (`--als`); the
tests about real logins use an ordinary folder, where the OS login is the user.
"""

from __future__ import annotations

import json
import pwd
from collections.abc import Callable
from pathlib import Path

import pytest

from cspe_tui.cli import main
from cspe_tui.domain.group import Werkwijze
from cspe_tui.store import Settings, current_login, open_store
from tests.helpers import model_dict

REPO = Path(__file__).resolve().parents[2]
SECRETARIS = "bakker"
SLUG = "HBR-kb-2026-rood-B"
CSV = "\ufeffExamennummer;Naam\n1001;Şükrü Yılmaz\n1002;Nguyễn Thị Mai\n1003;Emma de Boer\n"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # refusals leave through common.fail with exit code 1
            code = int(exc.code)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    model = tmp_path / "hbr-b.json"
    model.write_text(json.dumps(model_dict(), ensure_ascii=False), encoding="utf-8")
    candidates = tmp_path / "klas.csv"
    candidates.write_text(CSV, encoding="utf-8")
    return {"model": model, "csv": candidates}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    data = tmp_path / "demo"
    open_store(data, user=SECRETARIS, create=True, settings=Settings(examensecretarissen=[SECRETARIS], demo=True))
    return data


@pytest.fixture
def real(tmp_path: Path) -> Path:
    """An ordinary folder whose examensecretaris is whoever runs the tests."""
    data = tmp_path / "echt"
    open_store(data, create=True, settings=Settings(examensecretarissen=[current_login()]))
    return data


def nieuw(data: Path, csv: Path, *extra: str, als: str = SECRETARIS) -> list[str]:
    return [
        "--data", str(data), "groep", "nieuw", "--model", SLUG, "--kandidaten", str(csv),
        "--examinator", "jansen", "--tweede", "de_vries", "--als", als, *extra,
    ]


def test_model_import_names_the_slug_and_skips_the_format_schema(run: Run, demo: Path, files) -> None:
    code, out, err = run(
        "--data", str(demo), "model", "import", str(files["model"]),
        str(REPO / "correctiemodellen" / "schema.json"), "--als", SECRETARIS,
    )
    assert code == 0, err
    assert f"ingelezen als {SLUG} (HBR kb 2026 rood onderdeel B, 5 criteria, maximumscore 9)" in out
    assert "schema.json: overgeslagen" in out
    assert [k.slug for k in open_store(demo, user=SECRETARIS).models()] == [SLUG]


def test_model_import_refuses_a_bad_model_with_its_problems(run: Run, demo: Path, files, tmp_path: Path) -> None:
    bad = model_dict()
    bad["opdrachten"][0]["criteria"][0]["max"] = -1
    path = tmp_path / "fout.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    code, out, err = run("--data", str(demo), "model", "import", str(path), str(files["model"]), "--als", SECRETARIS)
    assert code == 1
    assert "Het correctiemodel fout.json is afgekeurd" in err
    assert "fout.json: $.opdrachten[0].criteria[0].max" in err
    assert "1 van 2 bestanden niet ingelezen." in err
    assert f"ingelezen als {SLUG}" in out


def test_only_the_examensecretaris_reads_in_models(run: Run, demo: Path, files) -> None:
    code, out, err = run("--data", str(demo), "model", "import", str(files["model"]), "--als", "jansen")
    assert code == 1
    assert "Alleen de examensecretaris mag correctiemodellen inlezen" in err
    assert open_store(demo, user=SECRETARIS).models() == {}


def test_nieuw_creates_the_group_from_the_csv(run: Run, demo: Path, files) -> None:
    assert run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)[0] == 0
    code, out, err = run(*nieuw(demo, files["csv"], "--werkwijze", "achteraf", "--herkansing", "--id", "klas-4b", "--toch"))
    assert code == 0, err
    assert out.strip() == (
        "Groep klas-4b aangemaakt: HBR kb 2026 rood onderdeel B, 3 kandidaten, examinator jansen, "
        "tweede examinator de_vries, werkwijze achteraf, herkansing."
    )
    state = open_store(demo, user=SECRETARIS).load_group("klas-4b")
    assert [(c.examennummer, c.naam) for c in state.candidates] == [
        ("1001", "Şükrü Yılmaz"), ("1002", "Nguyễn Thị Mai"), ("1003", "Emma de Boer"),
    ]
    info = state.info
    assert (info.examinator, info.tweede, info.werkwijze, info.herkansing, info.created_by) == (
        "jansen", "de_vries", Werkwijze.ACHTERAF, True, SECRETARIS,
    )


def test_nieuw_numbers_groups_and_the_model_name_ignores_case(run: Run, demo: Path, files) -> None:
    run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)
    args = nieuw(demo, files["csv"])
    args[args.index(SLUG)] = SLUG.lower()
    assert run(*args)[1].startswith("Groep hbr-kb-2026-rood-b aangemaakt")
    assert run(*args, "--toch")[1].startswith("Groep hbr-kb-2026-rood-b-2 aangemaakt")
    assert open_store(demo, user=SECRETARIS).load_group("hbr-kb-2026-rood-b").info.werkwijze is Werkwijze.GELIJKTIJDIG


def test_nieuw_warns_when_candidates_already_have_the_onderdeel(run: Run, demo: Path, files) -> None:
    run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)
    assert run(*nieuw(demo, files["csv"]))[0] == 0
    code, out, err = run(*nieuw(demo, files["csv"]))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        "3 kandidaten hebben onderdeel B van HBR kb 2026 al in groep hbr-kb-2026-rood-b (rood, open): "
        "1001 Şükrü Yılmaz, 1002 Nguyễn Thị Mai, 1003 Emma de Boer."
    )
    assert "Geef dan --toch mee." in err
    assert open_store(demo, user=SECRETARIS).group_ids() == ["hbr-kb-2026-rood-b"]


def blauw_model(tmp_path: Path) -> Path:
    data = model_dict()
    data["examen"]["versie"] = "blauw"
    path = tmp_path / "hbr-b-blauw.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_herkansing_follows_the_rules_for_herkansing(run: Run, demo: Path, files, tmp_path: Path) -> None:
    """Issue 20: same colour, a candidate who never sat the first afname, and an open first afname all passed."""
    run("--data", str(demo), "model", "import", str(files["model"]), str(blauw_model(tmp_path)), "--als", SECRETARIS)
    two = tmp_path / "twee.csv"
    two.write_text("examennummer;naam\n1001;Şükrü Yılmaz\n1002;Nguyễn Thị Mai\n", encoding="utf-8")
    assert run(*nieuw(demo, two))[0] == 0
    # In the colour of the first afname: refused, also with --toch.
    code, _, err = run(*nieuw(demo, two, "--herkansing", "--toch"))
    assert code == 1
    assert "2 kandidaten hebben onderdeel B van HBR kb 2026 in de 1e afname al in de versie rood gemaakt" in err
    assert "Een herkansing is in de andere versie" in err
    # In the other colour, while the first afname is open and 1003 never sat it: warned.
    herkansing = ["--data", str(demo), "groep", "nieuw", "--model", "HBR-kb-2026-blauw-B", "--kandidaten",
                  str(files["csv"]), "--examinator", "jansen", "--tweede", "de_vries", "--als", SECRETARIS, "--herkansing"]
    code, out, err = run(*herkansing)
    assert (code, out) == (1, "")
    assert "1 kandidaat heeft onderdeel B van HBR kb 2026 in geen groep van de 1e afname gemaakt: 1003 Emma de Boer" in err
    assert "Groep hbr-kb-2026-rood-b van de 1e afname is nog niet gesloten (2 kandidaten van deze groep" in err
    assert "Geef dan --toch mee." in err
    assert open_store(demo, user=SECRETARIS).group_ids() == ["hbr-kb-2026-rood-b"]
    code, out, err = run(*herkansing, "--toch")
    assert code == 0, err
    assert "herkansing" in out


def test_nieuw_finds_the_csv_in_the_data_folder_and_says_where_it_looked(
    run: Run, demo: Path, files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)
    elsewhere = tmp_path / "ergens"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (demo / "klas-4b.csv").write_text(CSV, encoding="utf-8")
    (demo / "imports").mkdir()
    (demo / "imports" / "klas-4c.csv").write_text(CSV.replace("100", "200"), encoding="utf-8")
    code, out, err = run(*nieuw(demo, Path("klas-4b.csv")))
    assert code == 0, err
    assert "3 kandidaten" in out
    code, out, err = run(*nieuw(demo, Path("klas-4c.csv")))
    assert code == 0, err
    code, _, err = run(*nieuw(demo, Path("klas-4d.csv")))
    assert code == 1
    assert err.strip() == (
        f"klas-4d.csv: bestand niet gevonden. Gezocht in: {elsewhere / 'klas-4d.csv'}, {demo / 'klas-4d.csv'}, "
        f"{demo / 'imports' / 'klas-4d.csv'}."
    )


def test_nieuw_refuses_a_bad_csv_with_every_problem_and_makes_nothing(run: Run, demo: Path, files, tmp_path: Path) -> None:
    run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)
    bad = tmp_path / "fout.csv"
    bad.write_text("examennummer;naam\n1001;\n1001;Emma de Boer\n", encoding="utf-8")
    code, out, err = run(*nieuw(demo, bad))
    assert code == 1
    assert out == ""
    assert "fout.csv is afgekeurd; er is niets aangemaakt" in err
    assert err.count("\n- regel ") >= 2, err
    assert open_store(demo, user=SECRETARIS).group_ids() == []


def test_nieuw_refuses_a_csv_that_is_not_utf8(run: Run, demo: Path, files, tmp_path: Path) -> None:
    run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("examennummer;naam\n1001;Zoë\n".encode("latin-1"))
    code, _, err = run(*nieuw(demo, latin))
    assert code == 1
    assert "is geen UTF-8" in err
    code, _, err = run(*nieuw(demo, tmp_path / "weg.csv"))
    assert code == 1
    assert "weg.csv: bestand niet gevonden." in err


def test_nieuw_names_the_models_that_are_read_in(run: Run, demo: Path, files) -> None:
    run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)
    args = nieuw(demo, files["csv"])
    args[args.index(SLUG)] = "PIE-gl-2026-rood-A"
    code, _, err = run(*args)
    assert code == 1
    assert f"Onbekend correctiemodel: PIE-gl-2026-rood-A. Bekende modellen: {SLUG}." in err


def test_only_the_examensecretaris_creates_groups(run: Run, demo: Path, files) -> None:
    run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)
    code, out, err = run(*nieuw(demo, files["csv"], als="jansen"))
    assert code == 1
    assert "Alleen de examensecretaris mag groepen aanmaken" in err
    assert open_store(demo, user=SECRETARIS).group_ids() == []


def test_nieuw_refuses_a_group_name_that_exists(run: Run, demo: Path, files) -> None:
    run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)
    assert run(*nieuw(demo, files["csv"], "--id", "4b"))[0] == 0
    code, _, err = run(*nieuw(demo, files["csv"], "--id", "4b"))
    assert code == 1
    assert "Groep 4b bestaat al" in err


def test_lijst_shows_each_user_their_own_groups(run: Run, demo: Path, files) -> None:
    run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)
    run(*nieuw(demo, files["csv"], "--id", "4a"))
    other = nieuw(demo, files["csv"], "--id", "4b", "--toch")  # the same class twice, on purpose here
    other[other.index("jansen")] = "pietersen"
    run(*other)
    code, out, _ = run("--data", str(demo), "groep", "lijst", "--als", SECRETARIS)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["groep", "correctiemodel", "werkwijze", "kand.", "examinator", "tweede", "jouw", "rol", "status"]
    assert [line.split()[0] for line in lines[2:]] == ["4a", "4b"]
    assert "examensecretaris" in lines[2]
    code, out, _ = run("--data", str(demo), "groep", "lijst", "--als", "jansen")
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["4a"]
    assert out.splitlines()[2].split()[-2:] == ["examinator", "open"]
    code, out, _ = run("--data", str(demo), "groep", "lijst", "--als", "de_vries")
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["4a", "4b"]
    assert "tweede examinator" in out
    code, out, _ = run("--data", str(demo), "groep", "lijst", "--als", "smit")
    assert code == 0
    assert out.strip() == "Je (smit) bent in geen enkele groep examinator of tweede examinator."


def test_in_a_real_folder_examinators_must_be_logins_of_this_server(run: Run, real: Path, files) -> None:
    assert run("--data", str(real), "model", "import", str(files["model"]))[0] == 0
    me, other = current_login(), next(p.pw_name for p in pwd.getpwall() if p.pw_name != current_login())
    base = ["--data", str(real), "groep", "nieuw", "--model", SLUG, "--kandidaten", str(files["csv"])]
    code, out, err = run(*base, "--examinator", me, "--tweede", "jansen-bestaat-niet")
    assert code == 1
    assert "Er is geen gebruiker 'jansen-bestaat-niet' op deze server" in err
    code, out, err = run(*base, "--examinator", me, "--tweede", other)
    assert code == 0, err
    assert f"examinator {me}, tweede examinator {other}" in out


def test_als_is_refused_outside_a_demo_folder(run: Run, real: Path) -> None:
    code, out, err = run("--data", str(real), "groep", "lijst", "--als", "jansen")
    assert code == 1
    assert out == ""
    assert "Werken als een andere gebruiker (jansen) kan alleen in een demomap" in err
    assert f"werk je altijd als jezelf ({current_login()})" in err

"""`cspe groep verwijder|vervalt` and `cspe kandidaat ondersteuning`: putting mistakes right from the shell."""

from __future__ import annotations

from pathlib import Path

from cspe_tui.store import open_store
from tests.cli.test_groep_cli import SECRETARIS, Run, demo, files, nieuw, run  # noqa: F401  (fixtures)


def made(run: Run, demo: Path, files, gid: str = "klas-4b") -> str:
    assert run("--data", str(demo), "model", "import", str(files["model"]), "--als", SECRETARIS)[0] == 0
    code, _, err = run(*nieuw(demo, files["csv"], "--id", gid))
    assert code == 0, err
    return gid


def test_verwijder_removes_an_unused_group_and_only_the_secretaris_may(run: Run, demo: Path, files) -> None:
    gid = made(run, demo, files)
    code, out, err = run("--data", str(demo), "groep", "verwijder", gid, "--als", "jansen")
    assert code == 1 and "Alleen de examensecretaris mag groepen verwijderen" in err
    code, out, err = run("--data", str(demo), "groep", "verwijder", gid, "--als", SECRETARIS)
    assert code == 0, err
    assert out.startswith(f"Groep {gid} is verwijderd; de map staat in {demo / 'verwijderd'}")
    code, out, _ = run("--data", str(demo), "groep", "lijst", "--als", SECRETARIS)
    assert out.strip() == "Er zijn nog geen groepen."
    code, _, err = run("--data", str(demo), "groep", "verwijder", gid, "--als", SECRETARIS)
    assert code == 1 and err.strip() == f"Groep {gid} bestaat niet."


def test_verwijder_refuses_a_group_with_scores_and_vervalt_keeps_it_out_of_the_work(run: Run, demo: Path, files) -> None:
    gid = made(run, demo, files)
    open_store(demo, user="jansen").set_score(gid, "1001", "B1.1", 1)
    code, _, err = run("--data", str(demo), "groep", "verwijder", gid, "--als", SECRETARIS)
    assert code == 1
    assert err.strip() == (
        f"Groep {gid} kan niet worden verwijderd: er zijn al scores ingevuld (1 criterium). "
        "Laat de groep vervallen (met een reden) als hij niet meetelt."
    )
    code, _, err = run("--data", str(demo), "groep", "vervalt", gid, "--reden", " ", "--als", SECRETARIS)
    assert code == 1 and "Geef een reden" in err
    code, out, err = run("--data", str(demo), "groep", "vervalt", gid, "--reden", "dubbel aangemaakt", "--als", SECRETARIS)
    assert code == 0, err
    assert out.startswith(f"Groep {gid} is vervallen (dubbel aangemaakt).")
    code, out, _ = run("--data", str(demo), "groep", "lijst", "--als", "jansen")
    assert out.splitlines()[2].endswith("examinator  vervallen: dubbel aangemaakt")
    code, _, err = run("--data", str(demo), "kandidaat", "ondersteuning", gid, "1001", "--verlengde-tijd", "--als", SECRETARIS)
    assert code == 1 and "is vervallen (dubbel aangemaakt)" in err


def test_ondersteuning_is_set_changed_and_removed(run: Run, demo: Path, files) -> None:
    gid = made(run, demo, files)
    base = ("--data", str(demo), "kandidaat", "ondersteuning", gid)
    code, out, err = run(*base, "1002", "--verlengde-tijd", "--tekst", "30 minuten extra", "--als", SECRETARIS)
    assert code == 0, err
    assert out.strip() == f"Ondersteuning van kandidaat 1002 in groep {gid}: verlengde tijd; 30 minuten extra."
    code, _, err = run(*base, "1002", "--aangepaste-opdracht", "--als", "de_vries")
    assert code == 1 and "Alleen de examensecretaris mag ondersteuning van een kandidaat vastleggen" in err
    code, _, err = run(*base, "9999", "--verlengde-tijd", "--als", SECRETARIS)
    assert code == 1 and err.strip() == f"Kandidaat 9999 hoort niet bij groep {gid}."
    note = open_store(demo, user="jansen").load_group(gid).ondersteuning_for("1002")
    assert note is not None and note.verlengde_tijd and not note.aangepaste_opdracht
    code, out, _ = run(*base, "1002", "--als", SECRETARIS)
    assert out.strip() == f"Kandidaat 1002 in groep {gid} heeft geen ondersteuning (meer)."
    assert open_store(demo, user="jansen").load_group(gid).ondersteuning == []

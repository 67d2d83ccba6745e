"""The gateway's own rules, without a browser: session cookies, the login throttle, the start helper's arguments."""

from __future__ import annotations

import time

import pytest

from cspe_tui.web.auth import Throttle
from cspe_tui.web.sessions import Sessions
from cspe_tui.web.start_helper import _size


def test_a_cookie_names_its_session_only_with_its_own_signature() -> None:
    sessions = Sessions(idle_seconds=60)
    session, cookie = sessions.create("jansen", "127.0.0.1")
    assert sessions.from_cookie(cookie) is session
    sid, signature = cookie.split(".")
    other = Sessions(idle_seconds=60)
    assert other.from_cookie(cookie) is None  # another gateway (another key) knows nothing of it
    changed = signature[:-1] + ("1" if signature[-1] == "0" else "0")  # one character off, never the same
    for forged in (sid, f"{sid}.", f"{sid}.{changed}", f"x{sid}.{signature}", "", None, f"{cookie}.x"):
        assert sessions.from_cookie(forged) is None, forged
    sessions.end(session)
    assert sessions.from_cookie(cookie) is None


def test_an_idle_session_ends() -> None:
    sessions = Sessions(idle_seconds=0.05)
    session, cookie = sessions.create("jansen", "127.0.0.1")
    time.sleep(0.1)
    assert sessions.from_cookie(cookie) is None
    assert sessions.expired() == [session]


def test_failures_slow_down_and_then_lock_out_the_login_and_the_address() -> None:
    throttle = Throttle(limit=3, window=60, lockout=60)
    delays = [throttle.failed("login:a", "adres:1") for _ in range(3)]
    assert delays == sorted(delays) and delays[0] > 0
    assert throttle.blocked_for("login:a", "adres:2") > 0
    assert throttle.blocked_for("login:b", "adres:1") > 0
    assert throttle.blocked_for("login:b", "adres:2") == 0


@pytest.mark.parametrize("size", [("80", "24"), ("1000", "500")])
def test_the_helper_takes_a_terminal_size(size) -> None:
    assert _size(*size) == (int(size[0]), int(size[1]))


@pytest.mark.parametrize("size", [("0", "24"), ("80", "-1"), ("99999", "24"), ("80;id", "24"), ("--data", "/")])
def test_the_helper_takes_nothing_else(size) -> None:
    with pytest.raises(ValueError):
        _size(*size)


def _init_args(**given):
    import argparse

    from cspe_tui.web.setup import add_init_arguments

    parser = argparse.ArgumentParser()
    add_init_arguments(parser)
    args = parser.parse_args(["--web"])
    for key, value in given.items():
        setattr(args, key, value)
    return args


def test_init_web_wants_https_or_a_proxy() -> None:
    from pathlib import Path

    from cspe_tui.service.setup import SetupRefused
    from cspe_tui.web.setup import web_plan

    with pytest.raises(SetupRefused, match="HTTPS"):
        web_plan(_init_args(), "cspe-examen", Path("/run/cspe/cspe.sock"), Path("/tmp"))
    with pytest.raises(SetupRefused, match="allebei"):
        web_plan(_init_args(cert="/etc/ssl/school.pem"), "cspe-examen", Path("/run/cspe/cspe.sock"), Path("/tmp"))
    plan = web_plan(_init_args(web_proxy=["127.0.0.1"], web_url="https://cspe.school.nl"), "cspe-examen",
                    Path("/run/cspe/cspe.sock"), Path("/tmp"))
    assert plan.gateway_args()[1:] == ["web", "--groep", "cspe-examen", "--starthulp", "/usr/local/lib/cspe/cspe-web-start",
                                       "--gebruiker", "cspe-web", "--url", "https://cspe.school.nl", "--proxy", "127.0.0.1"]


def test_the_one_sudoers_rule_names_only_the_helper_and_the_group() -> None:
    from pathlib import Path

    from cspe_tui.web.setup import helper_text, sudoers_text, web_plan

    plan = web_plan(_init_args(web_proxy=["127.0.0.1"]), "cspe-examen", Path("/run/cspe/cspe.sock"), Path("/tmp"))
    rules = [line for line in sudoers_text(plan).splitlines() if line and not line.startswith(("#", "Defaults"))]
    assert rules == ["cspe-web ALL=(%cspe-examen) NOPASSWD: /usr/local/lib/cspe/cspe-web-start"]
    assert "socket='/run/cspe/cspe.sock'" in helper_text(plan)


def test_the_unit_lets_sudo_work_and_the_apps_write_their_exports_home() -> None:
    from pathlib import Path

    from cspe_tui.web.setup import unit_text, web_plan

    plan = web_plan(_init_args(web_proxy=["127.0.0.1"]), "cspe-examen", Path("/run/cspe/cspe.sock"), Path("/tmp"))
    unit = unit_text(plan)
    settings = [line for line in unit.splitlines() if not line.startswith("#")]
    assert not any(line.startswith(("NoNewPrivileges", "ProtectHome")) for line in settings)
    assert "ExecStart=" in unit and " web --groep cspe-examen " in unit


def test_written_files_are_offered_to_the_browser_only_in_the_browser(tmp_path) -> None:
    from types import SimpleNamespace

    from cspe_tui.ui.downloads import offer_downloads

    files = [tmp_path / "groep.pdf", tmp_path / "scorelijst.csv"]
    offered: list[tuple[str, str]] = []
    browser = SimpleNamespace(is_web=True, deliver_binary=lambda path, save_filename, mime_type: offered.append((save_filename, mime_type)))
    assert offer_downloads(browser, files) == 2
    assert offered == [("groep.pdf", "application/pdf"), ("scorelijst.csv", "text/csv")]
    terminal = SimpleNamespace(is_web=False, deliver_binary=lambda *a, **k: offered.append(("!", "!")))
    assert offer_downloads(terminal, files) == 0 and len(offered) == 2

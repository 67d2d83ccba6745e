"""Two examinators in Chromium on a server set up by `cspe server init --web`, and what is refused.

Real Unix users with passwords log in through PAM; each tab's app runs as that user (sudo
and the start helper), through the cspe service; the group's log names each of them.
Refused, each with its own test: a wrong password, no session, a forged or ended cookie,
a foreign Origin, another session's download, an examinator without a role, the
examensecretaris's actions for a plain examinator. A closed tab, logout and the idle
timeout leave no app process.
"""

from __future__ import annotations

import os

import pytest

from tests.ssh.harness import wait_until
from tests.ssh.test_ssh_e2e import GROUP_ID, LIVE, shows

from .browser import Terminal, focus_terminal
from .conftest import START, User, WebServer
from .handshake import get, post, session_cookie, websocket_status

pytestmark = pytest.mark.web

LOG = """
import sys
from cspe_tui.service.client import ServiceClient
client = ServiceClient(sys.argv[1])
for entry in client.audit(sys.argv[2]):
    if entry.event.type == 'score_set':
        print(entry.login, entry.event.examennummer, entry.event.criterium, entry.event.role.value, entry.event.new)
"""


@pytest.fixture(scope="module")
def gateway(web_server: WebServer) -> str:
    url, _proc = web_server.start_gateway()
    return url


def log_in(browser, url: str, user: User, size: tuple[int, int] = (1366, 768), password: str | None = None):
    """A fresh browser profile, the login form filled in as a person does; returns (context, page, terminal)."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, ignore_https_errors=True)
    page = context.new_page()
    terminal = Terminal(page)
    page.goto(url + "/")
    page.fill("#login", user.name)
    page.fill("#wachtwoord", user.password if password is None else password)
    page.click("button[type=submit]")
    return context, page, terminal


def started(terminal: Terminal, user: User, footer: bool = True) -> str:
    """The start screen (with its footer drawn: a tab in the background may not draw it yet)."""
    return terminal.wait_for(lambda s: f"ingelogd als {user.name}" in s and (not footer or "Cijferlijst" in s), START,
                             f"{user.name}'s start screen")


def cookie_of(context) -> str:
    found = next(c for c in context.cookies() if c["name"] == "cspe_sessie")
    return f"{found['name']}={found['value']}"


def test_two_examinators_log_in_with_their_own_accounts_and_score_side_by_side(web_server: WebServer, gateway: str, browser) -> None:
    ex, tw = web_server.ex, web_server.tw
    ex_ctx, ex_page, ex_term = log_in(browser, gateway, ex, (1366, 768))
    tw_ctx, tw_page, tw_term = log_in(browser, gateway, tw, (1024, 768))
    for term, user, page in ((ex_term, ex, ex_page), (tw_term, tw, tw_page)):
        assert GROUP_ID in started(term, user)
        assert page.locator("#login").inner_text() == user.name

    cookie = next(c for c in ex_ctx.cookies() if c["name"] == "cspe_sessie")
    assert (cookie["httpOnly"], cookie["secure"], cookie["sameSite"]) == (True, True, "Strict")

    # Each app is a process of that user: the kernel says so, as over SSH.
    assert wait_until(lambda: web_server.app_pids(ex) and web_server.app_pids(tw), START)
    for user in (ex, tw):
        for pid in web_server.app_pids(user):
            assert os.stat(f"/proc/{pid}").st_uid == user.account.uid

    for page, term in ((ex_page, ex_term), (tw_page, tw_term)):
        focus_terminal(page)
        page.keyboard.press("Enter")
    ex_term.wait_for(lambda s: f"1e {ex.name} (jij)" in s and shows("B1.1")(s), START, "ex's scoring screen")
    tw_term.wait_for(lambda s: f"2e {tw.name} (jij)" in s and shows("B1.1")(s), START, "tw's scoring screen")

    ex_page.keyboard.press("1")
    tw_term.wait_for(shows("B1.1", first="1"), LIVE, "the examinator's score, live in the other browser")
    tw_page.keyboard.press("0")
    ex_term.wait_for(shows("B1.1", first="1", second="0", sign="!"), LIVE, "the tweede's score, live")

    log = web_server.python_as(tw, LOG, str(web_server.socket), GROUP_ID)
    assert log.returncode == 0, log.stderr
    assert log.stdout.splitlines() == [f"{ex.name} 1001 B1.1 examinator 1", f"{tw.name} 1001 B1.1 tweede 0"]
    ex_ctx.close()
    tw_ctx.close()
    assert wait_until(lambda: not web_server.app_pids(ex) and not web_server.app_pids(tw), START), "apps left behind"


def test_no_app_without_a_valid_session_and_the_gateways_own_origin(web_server: WebServer, gateway: str) -> None:
    tw = web_server.tw
    status, headers, _ = get(gateway, "/")
    assert (status, headers["location"]) == (303, "/aanmelden")
    status, _, body = get(gateway, "/geheim")
    assert status == 404 and "Deze pagina bestaat niet." in body.decode()
    assert websocket_status(gateway, cookie=None, origin=gateway) == 403

    status, headers, _ = post(gateway, "/aanmelden", {"login": tw.name, "wachtwoord": tw.password}, origin=gateway)
    assert status == 303, headers
    cookie = session_cookie(headers)
    assert "HttpOnly" in headers["set-cookie"] and "Secure" in headers["set-cookie"]
    assert "SameSite=Strict" in headers["set-cookie"]

    name, value = cookie.split("=", 1)
    sid, signature = value.split(".")
    forged = [f"{name}={sid}.{'0' * len(signature)}", f"{name}={sid}", f"{name}={'A' * len(sid)}.{signature}"]
    for bad in forged:
        assert websocket_status(gateway, cookie=bad, origin=gateway) == 403, bad
    for origin in ("https://evil.example", "null", None, gateway.replace("127.0.0.1", "localhost")):
        assert websocket_status(gateway, cookie=cookie, origin=origin) == 403, origin
    # A form from another site cannot log in or out either.
    status, _, body = post(gateway, "/aanmelden", {"login": tw.name, "wachtwoord": tw.password}, origin="https://evil.example")
    assert status == 403 and "niet van de cspe-server" in body
    assert not web_server.app_pids(tw)

    # The real thing works, and ends when logged out; the old cookie then opens nothing.
    assert websocket_status(gateway, cookie=cookie, origin=gateway) == 101
    status, headers, _ = post(gateway, "/afmelden", {}, origin=gateway, cookie=cookie)
    assert (status, headers["location"]) == (303, "/aanmelden?afgemeld")
    assert websocket_status(gateway, cookie=cookie, origin=gateway) == 403
    assert get(gateway, "/", cookie=cookie)[0] == 303
    assert wait_until(lambda: not web_server.app_pids(tw), START), "an app outlived its websocket"


def test_wrong_passwords_are_refused_slowed_and_then_locked_out(web_server: WebServer, gateway: str) -> None:
    zr, outsider = web_server.zr, web_server.outsider
    status, _, body = post(gateway, "/aanmelden", {"login": zr.name, "wachtwoord": "fout"}, origin=gateway)
    assert status == 401 and "Onjuiste login of wachtwoord" in body
    # The right password, but not in the examinators' group.
    status, _, body = post(gateway, "/aanmelden", {"login": outsider.name, "wachtwoord": outsider.password}, origin=gateway)
    assert status == 401 and "Onjuiste login of wachtwoord" in body

    # From one address (as the trusted proxy reports it) five failures lock that address out, right password or not.
    far = {"X-Forwarded-For": "192.0.2.7"}
    for _ in range(5):
        assert post(gateway, "/aanmelden", {"login": "niemand", "wachtwoord": "x"}, origin=gateway, headers=far)[0] == 401
    status, _, body = post(gateway, "/aanmelden", {"login": zr.name, "wachtwoord": zr.password}, origin=gateway, headers=far)
    assert status == 429 and "Te veel mislukte pogingen" in body
    status, headers, _ = post(gateway, "/aanmelden", {"login": zr.name, "wachtwoord": zr.password}, origin=gateway)
    assert status == 303
    post(gateway, "/afmelden", {}, origin=gateway, cookie=session_cookie(headers))
    assert zr.password not in web_server.gateway_log(gateway) and outsider.password not in web_server.gateway_log(gateway)


def test_an_examinator_without_a_role_and_a_plain_examinator_get_no_more_than_their_role(web_server: WebServer, gateway: str, browser) -> None:
    zr_ctx, _zr_page, zr_term = log_in(browser, gateway, web_server.zr)
    shown = zr_term.wait_for(lambda s: "in geen enkele groep" in s, START, "no groups for someone without a role")
    assert GROUP_ID not in shown

    ex_ctx, _ex_page, ex_term = log_in(browser, gateway, web_server.ex)
    assert "Nieuwe groep" in started(ex_term, web_server.ex)  # the examensecretaris
    tw_ctx, tw_page, tw_term = log_in(browser, gateway, web_server.tw)
    assert "Nieuwe groep" not in started(tw_term, web_server.tw)
    focus_terminal(tw_page)
    tw_page.keyboard.press("n")
    tw_page.wait_for_timeout(1500)
    assert "Nieuwe groep" not in tw_term.text() and "Kandidatenbestand" not in tw_term.text()
    for context in (zr_ctx, ex_ctx, tw_ctx):
        context.close()


def test_a_download_goes_only_to_the_session_that_made_it(web_server: WebServer, gateway: str, browser) -> None:
    ex, tw = web_server.ex, web_server.tw
    ex_ctx, ex_page, ex_term = log_in(browser, gateway, ex)
    ex_page.add_init_script("window.open = () => null")  # as a browser that blocks a tab the app opens
    ex_page.reload()
    started(ex_term, ex)
    focus_terminal(ex_page)
    ex_page.keyboard.press("Enter")
    ex_term.wait_for(shows("B1.1"), START, "scoring screen")
    ex_page.keyboard.press("e")
    ex_page.wait_for_selector("#download-links a:nth-child(2)", timeout=START * 1000)
    links = [a.get_attribute("href") for a in ex_page.locator("#download-links a").all()]
    assert len(links) == 2

    tw_status, tw_headers, _ = post(gateway, "/aanmelden", {"login": tw.name, "wachtwoord": tw.password}, origin=gateway)
    tw_cookie = session_cookie(tw_headers)
    for link in links:
        path = "/" + link.split("/", 3)[3]
        assert get(gateway, path, cookie=tw_cookie)[0] == 404
        assert get(gateway, path)[0] == 404
    with ex_page.expect_download() as download:
        ex_page.locator("#download-links a").first.click()
    saved = download.value.path()
    with open(saved, "rb") as handle:
        head = handle.read(5)
    assert download.value.suggested_filename.endswith((".pdf", ".csv"))
    assert head == b"%PDF-" or download.value.suggested_filename.endswith(".csv")
    post(gateway, "/afmelden", {}, origin=gateway, cookie=tw_cookie)
    ex_ctx.close()


def test_a_closed_tab_logout_and_idleness_end_the_app_and_the_caps_say_so(web_server: WebServer, browser) -> None:
    url, _proc = web_server.start_gateway("--inactief", "0,25", "--max-per-gebruiker", "2")
    tw = web_server.tw
    context, page, term = log_in(browser, url, tw)
    started(term, tw)
    assert wait_until(lambda: len(web_server.app_pids(tw)) == 1, START)
    page.close()
    assert wait_until(lambda: not web_server.app_pids(tw), START), "the closed tab left its app"

    pages = []
    for _ in range(3):
        extra = context.new_page()
        extra_term = Terminal(extra)
        extra.goto(url + "/")
        pages.append((extra, extra_term))
    for extra, extra_term in pages[:2]:
        started(extra_term, tw, footer=False)
    third = pages[2][0]
    third.wait_for_selector("body.-closed", timeout=START * 1000)
    assert "Je hebt al 2 vensters met de app open" in third.locator("#gesloten-bericht").inner_text()
    assert len(web_server.app_pids(tw)) == 2

    pages[0][0].click("#afmelden")
    pages[0][0].wait_for_url("**/aanmelden?afgemeld")
    assert "Je bent afgemeld." in pages[0][0].content()
    pages[1][0].wait_for_url("**/aanmelden?verlopen", timeout=START * 1000)
    assert wait_until(lambda: not web_server.app_pids(tw), START), "logout left an app"

    # Idle for longer than --inactief (15 s here): the session ends, the app with it.
    idle = context.new_page()
    idle.goto(url + "/aanmelden")
    idle.fill("#login", tw.name)
    idle.fill("#wachtwoord", tw.password)
    idle_term = Terminal(idle)
    idle.click("button[type=submit]")
    started(idle_term, tw)
    idle.wait_for_url("**/aanmelden?verlopen", timeout=START * 1000)
    assert wait_until(lambda: not web_server.app_pids(tw), START), "the idle session left its app"
    context.close()

"""The start helper: the one program the gateway may run as an examinator (via sudo).

It learns who it is from its own uid, never from an argument. Two modes:

- `controleer`: reads the password from stdin and checks it with PAM. Running as the
  user, PAM (pam_unix through its setgid helper) may check exactly that user's own
  password, so the gateway never needs to read /etc/shadow or be root.
- `start BREEDTE HOOGTE`: runs the app with Textual's web driver on stdin/stdout,
  always through the cspe service (the service knows the user from the kernel).

The data folder and socket are fixed in the helper script that `cspe server init --web`
writes; nothing the gateway passes can change them. `demo` (only used by
`cspe demo --web`, never via sudo) opens a demo folder as a demo user.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import signal
import sys

PAM_SERVICE = "cspe-web"
MIN_SIZE, MAX_SIZE = 10, 1000
PASSWORD_LIMIT = 4096


def _size(width: str, height: str) -> tuple[int, int]:
    w, h = int(width), int(height)
    if not (MIN_SIZE <= w <= MAX_SIZE and MIN_SIZE // 2 <= h <= MAX_SIZE):
        raise ValueError("size out of range")
    return w, h


def _die_with_parent() -> None:
    """If the sudo process above us dies (even by SIGKILL), the app gets SIGTERM: no orphans."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def web_environment(width: int, height: int) -> None:
    """What textual-serve would set; sudo drops the environment, so the helper sets it itself."""
    os.environ.update({
        "TEXTUAL_DRIVER": "cspe_tui.web.driver:GatewayDriver",
        "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TERM_PROGRAM": "textual",
        "COLUMNS": str(width),
        "ROWS": str(height),
        "LANG": os.environ.get("LANG") or "C.UTF-8",
    })
    os.environ.pop("NO_COLOR", None)


def check_password(login: str) -> int:
    """0 when stdin holds this user's password, 1 otherwise; prints nothing the gateway needs."""
    import pam

    password = sys.stdin.buffer.read(PASSWORD_LIMIT + 1)
    if len(password) > PASSWORD_LIMIT:
        return 1
    checker = pam.pam()
    ok = checker.authenticate(login, password.decode("utf-8", "replace"), service=PAM_SERVICE, call_end=True)
    return 0 if ok else 1


def run_service_app(socket: str, width: int, height: int) -> int:
    web_environment(width, height)
    _die_with_parent()
    from cspe_tui.service.client import ServiceClient
    from cspe_tui.store import StoreError

    try:
        client = ServiceClient(socket)
    except StoreError as exc:
        print(f"De cspe-dienst is niet bereikbaar: {exc}", file=sys.stderr)
        return 1
    from cspe_tui.ui.app import CspeApp

    CspeApp(client).run()
    return 0


def run_demo_app(data: str, login: str, width: int, height: int) -> int:
    web_environment(width, height)
    _die_with_parent()
    from cspe_tui.store import StoreError, open_store

    try:
        store = open_store(data, user=login)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if not store.settings.demo:
        print(f"{data} is geen demomap.", file=sys.stderr)
        return 1
    from cspe_tui.ui.app import CspeApp

    CspeApp(store).run()
    return 0


def main(argv: list[str], *, socket: str) -> int:
    """The helper script's entry: `socket` is fixed in the script, argv comes from the gateway."""
    login = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() == 0:
        print("De starthulp draait nooit als root.", file=sys.stderr)
        return 1
    try:
        if argv == ["controleer"]:
            return check_password(login)
        if len(argv) == 3 and argv[0] == "start":
            return run_service_app(socket, *_size(argv[1], argv[2]))
    except ValueError:
        pass
    print("Gebruik: cspe-web-start controleer | start BREEDTE HOOGTE", file=sys.stderr)
    return 2


def demo_main(argv: list[str]) -> int:
    data, login, width, height = argv
    return run_demo_app(data, login, *_size(width, height))


if __name__ == "__main__":
    sys.exit(demo_main(sys.argv[1:]))

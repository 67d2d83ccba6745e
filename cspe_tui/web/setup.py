"""`cspe server init --web`: what the gateway needs, with one fixed privilege.

- the system user `cspe-web` (no login, no home): the gateway runs as it, holds no
  password file, no data folder, no key it did not get at start;
- the start helper, root-owned, with the service's socket written into it;
- one sudoers line: `cspe-web` may run exactly that helper as a member of the
  examinators' group (never as root, never anything else);
- a PAM service `cspe-web` (the system's usual auth and account rules);
- a systemd unit, or the command to start the gateway where systemd does not run.

Why sudo rather than a root spawner of our own: sudo is audited, logs every start, and
its one line says the whole privilege; the gateway can become no one outside the group.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cspe_tui.service.setup import SetupRefused, _tool, cspe_command, ensure_system_user, systemd_runs

WEB_USER = "cspe-web"
HELPER_DIR = Path("/usr/local/lib/cspe")
HELPER_NAME = "cspe-web-start"
SUDOERS = Path("/etc/sudoers.d/cspe-web")
PAM_FILE = Path("/etc/pam.d/cspe-web")


def add_init_arguments(init: argparse.ArgumentParser) -> None:
    web = init.add_argument_group("de app in de browser (cspe web)")
    web.add_argument("--web", action="store_true", help="richt ook de gateway voor de browser in")
    web.add_argument("--cert", metavar="BESTAND", help="certificaat van de school (PEM) voor HTTPS")
    web.add_argument("--key", metavar="BESTAND", help="sleutel bij het certificaat (PEM)")
    web.add_argument("--url", dest="web_url", metavar="URL", help="adres dat examinatoren typen (https://...)")
    web.add_argument("--poort", dest="web_port", type=int, metavar="POORT", help="poort van de gateway")
    web.add_argument("--proxy", dest="web_proxy", action="append", default=[], metavar="ADRES",
                     help="vertrouwde reverse proxy (de gateway luistert dan op 127.0.0.1 zonder eigen HTTPS)")
    web.add_argument("--webgebruiker", default=WEB_USER, metavar="LOGIN", help=f"systeemgebruiker van de gateway (standaard {WEB_USER})")
    web.add_argument("--starthulp-map", default=str(HELPER_DIR), metavar="MAP", help=f"standaard {HELPER_DIR}")
    web.add_argument("--sudoers", default=str(SUDOERS), metavar="BESTAND", help=f"standaard {SUDOERS}")


@dataclass(frozen=True)
class WebPlan:
    group: str
    socket: Path
    user: str
    helper: Path
    sudoers: Path
    unit_dir: Path
    cert: str | None
    key: str | None
    url: str | None
    port: int | None
    proxies: tuple[str, ...]

    def gateway_args(self) -> list[str]:
        args = [cspe_command(), "web", "--groep", self.group, "--starthulp", str(self.helper), "--gebruiker", self.user]
        if self.cert and self.key:
            args += ["--cert", self.cert, "--key", self.key]
        if self.url:
            args += ["--url", self.url]
        if self.port:
            args += ["--poort", str(self.port)]
        for proxy in self.proxies:
            args += ["--proxy", proxy]
        return args


def web_plan(args: argparse.Namespace, group: str, socket: Path, unit_dir: Path) -> WebPlan:
    if bool(args.cert) != bool(args.key):
        raise SetupRefused("Geef --cert en --key allebei op (of geen van beide, achter een reverse proxy).")
    if not args.cert and not args.web_proxy:
        raise SetupRefused(
            "De gateway heeft HTTPS nodig: geef het certificaat van de school met --cert en --key, of zet hem "
            "achter een reverse proxy met HTTPS en geef diens adres met --proxy (en --url)."
        )
    for path in filter(None, (args.cert, args.key)):
        if not Path(path).is_file():
            raise SetupRefused(f"{path} bestaat niet.")
    return WebPlan(
        group=group, socket=socket, user=args.webgebruiker, helper=Path(args.starthulp_map).absolute() / HELPER_NAME,
        sudoers=Path(args.sudoers), unit_dir=unit_dir, cert=_absolute(args.cert), key=_absolute(args.key),
        url=args.web_url, port=args.web_port, proxies=tuple(args.web_proxy),
    )


def _absolute(path: str | None) -> str | None:
    return str(Path(path).absolute()) if path else None


def helper_text(plan: WebPlan) -> str:
    return "\n".join([
        f"#!{sys.executable} -I",
        f'"""{HELPER_NAME}: start the cspe app for the user sudo made us (written by cspe server init --web)."""',
        "import sys",
        "from cspe_tui.web.start_helper import main",
        f"sys.exit(main(sys.argv[1:], socket={str(plan.socket)!r}))",
        "",
    ])


def sudoers_text(plan: WebPlan) -> str:
    helper = str(plan.helper)
    return "\n".join([
        "# cspe web (written by cspe server init --web): the gateway may run only the start helper,",
        "# and only as a member of the examinators' group; never as root, never anything else.",
        f"Defaults!{helper} !use_pty, !requiretty, env_reset, !lecture",
        f"{plan.user} ALL=(%{plan.group}) NOPASSWD: {helper}",
        "",
    ])


def pam_text() -> str:
    if Path("/etc/pam.d/common-auth").exists():
        return "# cspe web: the server's own accounts, as at login\n@include common-auth\n@include common-account\n"
    return "# cspe web: the server's own accounts, as at login\nauth include system-auth\naccount include system-auth\n"


def unit_text(plan: WebPlan) -> str:
    return "\n".join([
        "[Unit]",
        "Description=cspe web: de app in de browser (gateway)",
        "After=network.target cspe.service",
        "",
        "[Service]",
        "Type=simple",
        "# Starts as root only to read the key and open the port, then becomes the gateway user.",
        f"ExecStart={shlex.join(plan.gateway_args())}",
        "Restart=always",
        "RestartSec=2",
        "# No NoNewPrivileges or ProtectHome: sudo must work, and each examinator's app saves its",
        "# exports in their own home (~/cspe-export) before the browser downloads them.",
        "ProtectSystem=full",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ])


def _install(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.nieuw")
    temporary.write_text(text)
    os.chown(temporary, 0, 0)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def install_sudoers(plan: WebPlan) -> None:
    visudo = shutil.which("visudo") or shutil.which("visudo", path="/usr/sbin:/sbin")
    if visudo is None or not Path("/etc/sudoers").exists():
        raise SetupRefused("sudo ontbreekt op deze server; installeer het eerst (apt-get install sudo).")
    draft = plan.sudoers.with_name(f".{plan.sudoers.name}.nieuw")  # a name with a dot: sudo skips it
    plan.sudoers.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    draft.write_text(sudoers_text(plan))
    os.chmod(draft, 0o440)
    check = subprocess.run([visudo, "-cf", str(draft)], capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        draft.unlink()
        raise SetupRefused(f"De sudoers-regel is afgekeurd door visudo: {check.stderr.strip() or check.stdout.strip()}")
    os.replace(draft, plan.sudoers)


def set_up_web(plan: WebPlan) -> tuple[list[str], list[str]]:
    """(done, next steps)."""
    done: list[str] = []
    ensure_system_user(plan.user, done)
    plan.helper.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    _install(plan.helper, helper_text(plan), 0o755)
    done.append(f"Starthulp geschreven: {plan.helper} (root, 755; de socket {plan.socket} staat erin vast).")
    install_sudoers(plan)
    done.append(f"Eén sudo-regel in {plan.sudoers}: {plan.user} mag alleen {plan.helper} draaien, als lid van '{plan.group}'.")
    if not PAM_FILE.exists():
        _install(PAM_FILE, pam_text(), 0o644)
        done.append(f"PAM-dienst {PAM_FILE} geschreven (dezelfde regels als bij inloggen).")
    unit = plan.unit_dir / "cspe-web.service"
    _install(unit, unit_text(plan), 0o644)
    done.append(f"Systemd-unit geschreven: {unit}.")
    if systemd_runs() and plan.unit_dir == Path("/etc/systemd/system"):
        for args in (["daemon-reload"], ["enable", "--now", "cspe-web.service"]):
            result = subprocess.run([_tool("systemctl"), *args], capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                raise SetupRefused(f"systemctl {' '.join(args)} mislukte: {result.stderr.strip()}")
        done.append("De gateway is gestart en start voortaan mee met de server (systemctl status cspe-web).")
        return done, []
    return done, [
        "Deze server draait geen systemd; start de gateway zelf (en bij elke herstart van de server), als root",
        "(hij leest de sleutel, opent de poort en wordt dan meteen de gebruiker " + plan.user + "):",
        f"  {shlex.join(plan.gateway_args())} &",
    ]

"""`cspe web`: the gateway that serves the app in the browser (set up by `cspe server init --web`)."""

from __future__ import annotations

import argparse
import sys

from cspe_tui.cli.common import EXIT_STORE_ERROR

DEFAULT_HELPER = "/usr/local/lib/cspe/cspe-web-start"
WEB_USER = "cspe-web"


def register(sub: argparse._SubParsersAction) -> None:
    web = sub.add_parser(
        "web",
        help="de app in de browser: elke examinator meldt zich aan met de eigen login (gateway)",
        description=(
            "Serveer de app in de browser. Examinatoren melden zich aan met hun login en wachtwoord van de "
            "server; elke sessie draait als die gebruiker, via de cspe-dienst. Zonder --cert/--key alleen op "
            "127.0.0.1 (bijvoorbeeld achter een reverse proxy met --url en --proxy)."
        ),
    )
    web.add_argument("--groep", required=True, metavar="GROEP", help="de Unix-groep van de examinatoren")
    web.add_argument("--adres", metavar="ADRES", help="luisteradres (standaard 0.0.0.0 met --cert, anders 127.0.0.1)")
    web.add_argument("--poort", type=int, metavar="POORT", help="poort (standaard 8443 met --cert, anders 8080)")
    web.add_argument("--url", metavar="URL", help="het adres dat de examinatoren typen, bijvoorbeeld https://cspe.school.nl")
    web.add_argument("--cert", metavar="BESTAND", help="het certificaat van de school (PEM, met de tussencertificaten)")
    web.add_argument("--key", metavar="BESTAND", help="de sleutel bij het certificaat (PEM)")
    web.add_argument("--proxy", action="append", default=[], metavar="ADRES",
                     help="adres van een vertrouwde reverse proxy: alleen van hem geldt X-Forwarded-For")
    web.add_argument("--starthulp", default=DEFAULT_HELPER, metavar="PAD", help=f"standaard {DEFAULT_HELPER}")
    web.add_argument("--gebruiker", metavar="LOGIN", help=f"als root gestart: word meteen deze gebruiker (standaard {WEB_USER})")
    web.add_argument("--max-per-gebruiker", type=int, default=3, metavar="N", help="vensters per examinator (standaard 3)")
    web.add_argument("--max-totaal", type=int, default=40, metavar="N", help="vensters in totaal (standaard 40)")
    web.add_argument("--inactief", type=_minutes, default=30.0, metavar="MINUTEN",
                     help="afmelden na zoveel minuten zonder activiteit (standaard 30)")
    web.set_defaults(func=run_web)


def _minutes(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen aantal minuten") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("het aantal minuten moet groter dan 0 zijn")
    return value


def run_web(args: argparse.Namespace) -> int:
    from cspe_tui.web.auth import PamChecker
    from cspe_tui.web.config import GatewayConfig, default_url, is_loopback
    from cspe_tui.web.run import StartRefused, serve
    from cspe_tui.web.server import Gateway

    secure = bool(args.cert and args.key)
    if bool(args.cert) != bool(args.key):
        print("Geef --cert en --key allebei op.", file=sys.stderr)
        return EXIT_STORE_ERROR
    host = args.adres or ("0.0.0.0" if secure else "127.0.0.1")
    port = args.poort or (8443 if secure else 8080)
    if not secure and not is_loopback(host):
        print(
            f"Zonder certificaat luistert de gateway alleen op 127.0.0.1, niet op {host}: wachtwoorden gaan nooit "
            "onversleuteld over het netwerk. Geef --cert en --key, of zet een reverse proxy met HTTPS ervoor.",
            file=sys.stderr,
        )
        return EXIT_STORE_ERROR
    url = (args.url or default_url(host if host not in ("0.0.0.0", "::") else _hostname(), port, secure)).rstrip("/")
    if not url.startswith(("https://", "http://")):
        print(f"--url moet met https:// beginnen: {url}", file=sys.stderr)
        return EXIT_STORE_ERROR
    config = GatewayConfig(
        host=host, port=port, public_url=url, app_argv=["/usr/bin/sudo", args.starthulp],
        idle_seconds=args.inactief * 60, per_user=args.max_per_gebruiker, total=args.max_totaal,
        trusted_proxies=tuple(args.proxy),
    )
    try:
        serve(Gateway(config, PamChecker(args.starthulp, args.groep)), cert=args.cert, key=args.key,
              run_as=args.gebruiker or WEB_USER)
    except StartRefused as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    return 0


def _hostname() -> str:
    import socket

    return socket.getfqdn()

"""Benchmark: an examinator's writes while another member floods the service (issue 22 point 2).

Run as root: `python bench/fairness.py`. One group of 300 candidates x 60 criteria; the
test's login is its examinator, `daemon` (a real Unix user) its tweede examinator. The
flooder runs as `daemon` in forked children, over 4 connections with 8 requests in flight
each, one kind of request per phase: subscribe from the log's start/unsubscribe, the whole group's state,
`verify` of the group. Meanwhile the examinator writes one score every 20 ms. Prints
write p50/p95 per phase beside the quiet one; goal: p95 within 2x of quiet.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pwd
import random
import shutil
import socket
import struct
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from service import Targets, make_folder, ms, start_service, time_writes  # noqa: E402

from cspe_tui.service.client import ServiceClient  # noqa: E402

FLOODER = "daemon"
CONNECTIONS = 4
IN_FLIGHT = 8
WRITES = 150


def _frame(obj: dict) -> bytes:
    body = json.dumps(obj).encode()
    return struct.pack(">I", len(body)) + body


def _read(sock: socket.socket) -> dict:
    def exactly(n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError
            data += chunk
        return data

    (n,) = struct.unpack(">I", exactly(4))
    return json.loads(exactly(n))


def flood(path: str, group_id: str, kind: str, go, stop, done) -> None:
    account = pwd.getpwnam(FLOODER)
    os.setgroups([])
    os.setgid(account.pw_gid)
    os.setuid(account.pw_uid)
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(path)
    sock.sendall(_frame({"id": 0, "op": "hello", "version": 1}))
    _read(sock)
    go.wait()
    ids = iter(range(1, 10**9))
    while not stop.is_set():
        batch = []
        for _ in range(IN_FLIGHT):
            i = next(ids)
            if kind == "subscribe":
                op = {"op": "subscribe", "group_id": group_id, "cursor": 0} if i % 2 else {"op": "unsubscribe", "group_id": group_id}
            elif kind == "reads":
                op = {"op": "read", "what": "group", "args": {"group_id": group_id}}
            else:
                op = {"op": "read", "what": "verify", "args": {"group_id": group_id}}
            batch.append(i)
            sock.sendall(_frame({"id": i, **op}))
        waiting = set(batch)
        while waiting:
            reply = _read(sock)
            if reply.get("id") in waiting and not reply.get("ok"):
                raise SystemExit(f"flood refused: {reply}")
            if reply.get("id") in waiting:
                waiting.discard(reply.get("id"))
                with done.get_lock():
                    done.value += 1


def write_phase(client: ServiceClient, group_id: str, targets: Targets) -> list[float]:
    """The examinator's writes, 20 ms apart."""
    return time_writes(client, group_id, targets, WRITES, pause=0.02)


def main() -> int:
    if os.geteuid() != 0:
        print("Start als root: de flooder draait als een andere Unix-gebruiker.", file=sys.stderr)
        return 2
    rng = random.Random(5)
    root = Path(tempfile.mkdtemp(prefix="cspe-bench-fair-"))
    ctx = multiprocessing.get_context("fork")
    rows = []
    try:
        data, group_id, codes = make_folder(root, tweede=FLOODER)
        targets = Targets(codes, rng)
        proc, sock = start_service(data, root)
        os.chmod(sock.parent, 0o755)
        try:
            for kind in ("quiet", "subscribe", "reads", "verify"):
                go, stop, done = ctx.Event(), ctx.Event(), ctx.Value("l", 0)
                children = [] if kind == "quiet" else [
                    ctx.Process(target=flood, args=(str(sock), group_id, kind, go, stop, done)) for _ in range(CONNECTIONS)
                ]
                for child in children:
                    child.start()
                time.sleep(0.5)
                client = ServiceClient(sock)
                client.load_group(group_id)
                go.set()
                time.sleep(0.5)
                began = time.perf_counter()
                rows.append((kind, ms(write_phase(client, group_id, targets)), done.value / (time.perf_counter() - began)))
                client.disconnect()
                stop.set()
                for child in children:
                    child.join(20)
                    if child.exitcode:
                        print(f"flooder {kind} stopped with {child.exitcode}", file=sys.stderr)
                    if child.is_alive():
                        child.kill()
        finally:
            proc.terminate()
            proc.wait(30)
            shutil.rmtree(sock.parent, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"fairness: {CONNECTIONS} connections of {FLOODER}, {IN_FLIGHT} requests in flight each; "
          f"{WRITES} writes of the examinator per phase, 20 ms apart")
    quiet95 = rows[0][1][1]
    print(f"{'flood':<12} {'p50 (ms)':>9} {'p95 (ms)':>9} {'p95/quiet':>10} {'flood req/s':>12}")
    for kind, (p50, p95), rate in rows:
        print(f"{kind:<12} {p50:9.2f} {p95:9.2f} {p95 / quiet95:9.2f}x {rate:12.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The commands the service executed, by their id, so a client's retry is answered instead of run twice.

A client sends every write with an id and sends it once more after a broken connection.
Whether the first one landed is known here: the writer's thread remembers each executed
command's answer under (login, id) before it acknowledges, and appends it to a file in
the data folder, so the memory survives the service being killed and started again
(the file is written without fsync: a killed process loses nothing the kernel holds; a
power cut may lose the last few, and a retry of one of those runs again).
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any

FILE_NAME = ".service-commands.jsonl"
KEEP = 20_000
"""Commands remembered; a retry comes within seconds, this is hours of a whole school scoring."""


class CommandMemory:
    def __init__(self, data: Path) -> None:
        self.path = data / FILE_NAME
        self._answers: OrderedDict[tuple[str, str], Any] = OrderedDict()
        lines = 0
        try:
            with open(self.path, "rb") as handle:
                for raw in handle:
                    lines += 1
                    try:
                        login, command_id, answer = json.loads(raw)
                    except (ValueError, TypeError):
                        continue  # a line cut off when the service was killed
                    self._keep((str(login), str(command_id)), answer)
        except FileNotFoundError:
            pass
        if lines > 2 * KEEP:
            self._rewrite()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)

    def _keep(self, key: tuple[str, str], answer: Any) -> None:
        self._answers[key] = answer
        self._answers.move_to_end(key)
        while len(self._answers) > KEEP:
            self._answers.popitem(last=False)

    def _rewrite(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            for (login, command_id), answer in self._answers.items():
                handle.write(json.dumps([login, command_id, answer], separators=(",", ":")) + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def answer(self, login: str, command_id: str | None) -> Any | None:
        """The answer of this user's command with this id, if it was executed."""
        if command_id is None:
            return None
        return self._answers.get((login, command_id))

    def remember(self, login: str, command_id: str | None, answer: Any) -> None:
        """Before the acknowledgement, on the writer's thread."""
        if command_id is None:
            return
        self._keep((login, command_id), answer)
        line = json.dumps([login, command_id, answer], separators=(",", ":"), default=str) + "\n"
        os.write(self._fd, line.encode("utf-8"))

    def close(self) -> None:
        os.close(self._fd)

"""An input that edits one field of one table row, safe against keys arriving in bursts over SSH."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message
from textual.widgets import Input

Read = Callable[[int, str], str]
Write = Callable[[int, str, str], None]


class RowInput(Input):
    """A field of the current row that knows which row its text belongs to.

    Keys over SSH arrive in bursts, and each widget works through its own queue. So the
    row is swapped by a message in this field's queue, its text is read when that message
    is handled and written back at once: letters typed before "down" land in the old row,
    those after it in the new one.
    """

    class Load(Message):
        def __init__(self, row_id: int) -> None:
            super().__init__()
            self.row_id = row_id

    def __init__(self, field: str, row_id: int, read: Read, write: Write, **kwargs: object) -> None:
        self.field = field
        self.row_id = row_id
        self._read = read
        self._write = write
        self._loading = False
        super().__init__(read(row_id, field), **kwargs)  # type: ignore[arg-type]

    def on_row_input_load(self, message: Load) -> None:
        message.stop()
        value = self._read(message.row_id, self.field)
        self._loading = True
        self.row_id = message.row_id
        self.value = value
        self.cursor_position = len(value)
        self._loading = False

    def watch_value(self, value: str) -> None:
        if not self._loading:
            self._write(self.row_id, self.field, value)


class AfterKeys(Message):
    """Runs `then` on the screen once the keys typed before it have reached their field."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self.then = then

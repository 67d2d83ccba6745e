"""The start screen's table of groups: a DataTable whose cell update redraws that row only.

Textual's DataTable counts every cell update in one number that is part of each of its
render caches, so changing one cell (the cursor sign on each row move, one group's progress
on the way back from it) rendered every visible cell again through Rich: some 300 cells at
120x40, the larger part of the start screen's answer to a key. Here an update drops the
cached renders of its own row and leaves the others.
"""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets._data_table import CellDoesNotExist, ColumnKey, RowKey


class GroupTable(DataTable[str]):
    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: object,
        *,
        update_width: bool = False,
    ) -> None:
        """As DataTable's, without invalidating the other rows (the columns keep their width: the screen
        rebuilds them when the layout changes)."""
        if update_width:
            super().update_cell(row_key, column_key, value, update_width=True)
            return
        row_key = RowKey(row_key) if isinstance(row_key, str) else row_key
        column_key = ColumnKey(column_key) if isinstance(column_key, str) else column_key
        if row_key not in self._row_locations or column_key not in self._column_locations:
            raise CellDoesNotExist(f"No cell exists for row_key={row_key!r}, column_key={column_key!r}.")
        self._data[row_key][column_key] = value
        row_index = self._row_locations.get(row_key)
        for cache, position, match in (
            (self._cell_render_cache, 0, row_key),
            (self._row_render_cache, 0, row_key),
            (self._row_renderable_cache, 1, row_index),
        ):
            for key in [key for key in cache.keys() if key[position] == match]:
                cache.discard(key)
        self._line_cache.clear()
        self.refresh_row(row_index)

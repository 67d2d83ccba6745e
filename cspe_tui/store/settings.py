"""settings.json: the school's details, who may do what, and the school's tijdzone.

One class for the domain (which decides who is examensecretaris) and the store (which
reads and writes the file); a file without newer fields (tijdzone) still loads.
"""

from __future__ import annotations

from cspe_tui.domain.settings import Settings

__all__ = ["Settings"]

"""settings.json: the school's details and who may do what (the record itself lives in the domain)."""

from cspe_tui.domain.settings import Settings

__all__ = ["Settings"]

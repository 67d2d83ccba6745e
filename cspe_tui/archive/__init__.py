"""The archive of a closed group, checked on its own: see `check.py` (the files come from `exports/archive.py`)."""

"""Exports: pure functions from domain state to PDF, CSV and text.

Nothing here imports Textual or the store, so the UI and the CLI produce the same files.
"""

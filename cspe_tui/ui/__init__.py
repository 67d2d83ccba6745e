"""The Textual user interface: a thin app, one screen per file, widgets that post messages up."""

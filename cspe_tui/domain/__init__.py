"""The exam rules, pure: no Textual, no TinyDB, no file I/O."""

"""cspe-tui: score the cspe of a vmbo profielvak in the terminal."""

__version__ = "0.1.0"

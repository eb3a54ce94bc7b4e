"""Where results are printed: rich consoles sized for a terminal or for a pipe."""

from __future__ import annotations

from rich.console import Console

__all__ = ["results_console"]

# In a pipe or a file there is no screen to fit: rich's default of 80 columns would fold names in tables.
_PIPE_WIDTH = 1000


def results_console() -> Console:
    """A console on standard output: a terminal's own width, or wide enough in a pipe that no cell folds."""
    console = Console()
    return console if console.is_terminal else Console(width=_PIPE_WIDTH)

"""The command line (``kommunanalys``): a thin Typer layer over the library."""

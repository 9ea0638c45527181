"""kommunanalys — area profiles and goal follow-up for Swedish municipalities."""

__version__ = "0.1.0"

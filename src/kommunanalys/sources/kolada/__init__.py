"""Kolada: API v3 (api.py) and Kolada's CSV/Excel exports (export.py)."""

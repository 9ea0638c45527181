"""SCB: PxWebApi v2/v1 (pxweb.py, jsonstat.py, api_tables.py), Excel/CSV exports (export.py,
mapping.py, export_tables.py, file.py) and the DeSO profile JSON (deso_json.py)."""

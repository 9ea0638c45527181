"""Effect logic (effektlogik): social outcomes broken into a grid of wanted changes, each
followed by catalogue indicators or marked "data saknas", and what data there is for them.

* :mod:`.model` — outcomes, items, the grid's rows and columns, data sources (codes)
* :mod:`.toml_lines` — where a key of a TOML file stands (its line), for error messages
* :mod:`.logic_file` — read an effect logic file (TOML), naming file, line and key of every problem
* :mod:`.repository` — effect logic in the database, with the audit trail
* :mod:`.availability` — data availability per item and indicator, the data development agenda
* :mod:`.area_view` — the grid for one area and year: values, kommun, trend, wanted direction
"""

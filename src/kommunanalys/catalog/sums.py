"""Counts that are the sum of other counts, beyond T = K + M: a total indicator and the
indicators that split it into parts (born in Sweden / abroad). The import's validation
(``store/staging.py``) checks each relation in every area, period, gender and age group where
the total and all its parts have a value; the demo generator makes its parts add up the same
way (``demo/synthetic.csv``: methods ``sum`` and ``difference``).
"""

from __future__ import annotations

#: total indicator → the indicators that add up to it
INDICATOR_SUMS: dict[str, tuple[str, ...]] = {
    "befolkning_0_17": ("befolkning_0_17_inrikes_fodda", "befolkning_0_17_utrikes_fodda"),
    "befolkning_1_5": ("befolkning_1_5_inrikes_fodda", "befolkning_1_5_utrikes_fodda"),
    "antal_inskrivna_forskola": (
        "antal_inskrivna_forskola_inrikes_fodda",
        "antal_inskrivna_forskola_utrikes_fodda",
    ),
    "antal_hemmaboende_barn_0_17_lag_inkomststandard": (
        "antal_inrikes_fodda_hemmaboende_barn_0_17_lag_inkomststandard",
        "antal_utrikes_fodda_hemmaboende_barn_0_17_lag_inkomststandard",
    ),
}

"""Riket and the län in one spelling whatever the source (issue 20 item 7)."""

from __future__ import annotations

from kommunanalys.catalog.regions import RIKET, lan_names, regional_areas, regional_code
from kommunanalys.model import Division, Level
from kommunanalys.sources.scb.options import area_of


def test_every_spelling_of_riket_and_a_lan_maps_to_the_catalogue_code() -> None:
    assert [regional_code(c) for c in ("00", "0000", "01", "0001", "25", "0025")] == [
        RIKET,
        RIKET,
        "01",
        "01",
        "25",
        "25",
    ]
    # a kommun, a DeSO, a county code that does not exist (02, 11 were merged away)
    assert [regional_code(c) for c in ("0126", "0126C1010", "02", "0011", "")] == [None] * 5
    assert len(lan_names()) == 21


def test_scb_region_codes_for_riket_and_lan_are_one_vintage() -> None:
    assert area_of("00", "2023") == (RIKET, Division.KOMMUN)
    assert area_of("01", "2024") == ("01", Division.KOMMUN)
    assert area_of("0126", "2024") == ("0126", Division.KOMMUN)


def test_areas_for_riket_and_lan_and_nothing_else() -> None:
    areas = regional_areas(["0126", "0000", "0001", "01", "99"])
    assert [(a.code, a.name, a.level, a.parent) for a in areas] == [
        (RIKET, "Riket", Level.RIKET, None),
        ("01", "Stockholms län", Level.LAN, RIKET),
    ]


def test_a_lan_by_its_name_but_never_a_kommun_by_its_own() -> None:
    """Six län share their short name with a kommun: "Stockholm" is Stockholm's kommun (0180),
    not Stockholms län, so a row named so must not become the län's value."""
    from kommunanalys.catalog.regions import regional_code_of_label

    assert [
        regional_code_of_label(label)
        for label in ("Stockholms län", "Region Stockholm", "00 Riket", "Riket", "01")
    ] == ["01", "01", RIKET, RIKET, "01"]
    for kommun in ("Stockholm", "Uppsala", "Jönköping", "Kalmar", "Gotland", "Örebro"):
        assert regional_code_of_label(kommun) is None, kommun
    assert regional_code_of_label("Region Gotland") == "09"

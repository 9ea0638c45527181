"""A total that is not the sum of its parts is refused (issue 21 item 2): T = K + M for counts,
and the catalogue's relations between indicators (inrikes + utrikes födda = the total), over
the file's rows and the stored values they do not replace; row and column are named."""

from __future__ import annotations

from pathlib import Path

from kommunanalys.ingest.files import import_file
from kommunanalys.store import Store
from tests.ingest.helpers import tidy
from tests.ingest.test_validation import rejected, where

HEADER = "indicator,area,period,gender,value"
TOTAL = "antal_inskrivna_forskola"
INRIKES, UTRIKES = f"{TOTAL}_inrikes_fodda", f"{TOTAL}_utrikes_fodda"


def test_a_total_that_is_not_women_plus_men_is_refused(store: Store, tmp_path: Path) -> None:
    path = tidy(
        tmp_path / "kon.csv",
        "antal_invanare,0126C1310,2022,K,45",
        "antal_invanare,0126C1310,2022,T,77",
        "antal_invanare,0126C1310,2022,M,26",
        "antal_invanare,0126C1270,2022,T,10",
        "antal_invanare,0126C1270,2022,K,5",
        "antal_invanare,0126C1270,2022,M,5",
        header=HEADER,
    )
    (problem,) = rejected(store, path)
    assert where(problem) == ("kon.csv", None, 2, "value")
    assert problem.message == (
        "totalen 77 är inte kvinnor 45 + män 26 (antal_invanare, 0126C1310, 2022)"
    )


def test_a_total_alone_is_checked_against_the_stored_women_and_men(
    store: Store, tmp_path: Path
) -> None:
    parts = tidy(
        tmp_path / "delar.csv",
        "antal_invanare,0126C1310,2022,K,45",
        "antal_invanare,0126C1310,2022,M,26",
        header=HEADER,
    )
    assert import_file(store, parts, refresh=False).ok
    (problem,) = rejected(
        store, tidy(tmp_path / "total.csv", "antal_invanare,0126C1310,2022,T,77", header=HEADER)
    )
    assert where(problem) == ("total.csv", None, 2, "value")
    right = tidy(tmp_path / "ratt.csv", "antal_invanare,0126C1310,2022,T,71", header=HEADER)
    assert import_file(store, right, refresh=False).ok


def test_a_revised_part_must_still_add_up(store: Store, tmp_path: Path) -> None:
    first = tidy(
        tmp_path / "alla.csv",
        "antal_invanare,0126C1310,2022,T,71",
        "antal_invanare,0126C1310,2022,K,45",
        "antal_invanare,0126C1310,2022,M,26",
        header=HEADER,
    )
    assert import_file(store, first, refresh=False).ok
    revised = tidy(tmp_path / "rev.csv", "antal_invanare,0126C1310,2022,K,46", header=HEADER)
    (problem,) = rejected(store, revised)
    assert "totalen 71 är inte kvinnor 46 + män 26" in problem.message


def test_inrikes_plus_utrikes_must_equal_the_total(store: Store, tmp_path: Path) -> None:
    parts = tidy(
        tmp_path / "delar.csv",
        f"{INRIKES},0126C1310,2022,T,309",
        f"{UTRIKES},0126C1310,2022,T,8",
        header=HEADER,
    )
    assert import_file(store, parts, refresh=False).ok
    total = tidy(tmp_path / "summa.csv", f"{TOTAL},0126C1310,2022,T,307", header=HEADER)
    (problem,) = rejected(store, total)
    assert where(problem) == ("summa.csv", None, 2, "value")
    assert problem.message.startswith(f"{TOTAL} 307 är inte summan av {INRIKES} + {UTRIKES} (317)")
    assert import_file(
        store, tidy(tmp_path / "ok.csv", f"{TOTAL},0126C1310,2022,T,317", header=HEADER)
    ).ok


def test_a_total_without_all_its_parts_and_rounding_pass(store: Store, tmp_path: Path) -> None:
    path = tidy(
        tmp_path / "ok.csv",
        "antal_invanare,0126C1310,2022,T,71",
        "antal_invanare,0126C1310,2022,K,45",  # no M: nothing to check
        f"{TOTAL},0126C1310,2022,T,10",
        f"{INRIKES},0126C1310,2022,T,9",  # no utrikes: nothing to check
        "medianinkomst,0126C1310,2022,T,300.4",  # a median is no sum
        "medianinkomst,0126C1310,2022,K,290.1",
        "medianinkomst,0126C1310,2022,M,310.2",
        header=HEADER,
    )
    assert import_file(store, path, refresh=False).ok


def test_a_part_whose_latest_revision_has_no_value_is_missing(
    store: Store, tmp_path: Path
) -> None:
    """The stored value a total is checked against is the latest revision's: a status
    without a value ('..') leaves the part missing, and an older value does not count."""
    parts = tidy(
        tmp_path / "delar.csv",
        "antal_invanare,0126C1310,2022,K,45,",
        "antal_invanare,0126C1310,2022,M,26,",
        header=f"{HEADER},status",
    )
    assert import_file(store, parts, refresh=False).ok
    hidden = tidy(
        tmp_path / "dold.csv", "antal_invanare,0126C1310,2022,M,,..", header=f"{HEADER},status"
    )
    assert import_file(store, hidden, refresh=False).ok
    total = tidy(tmp_path / "total.csv", "antal_invanare,0126C1310,2022,T,77", header=HEADER)
    assert import_file(store, total, refresh=False).ok

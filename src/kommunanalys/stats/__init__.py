"""Statistics: intervals, comparisons, differences, trends, inequality and similarity.

One small module with no knowledge of databases or the web: plain functions on numbers and
numpy arrays, used by the analysis layer, the web app, the API, reports and the CLI.

* :mod:`.intervals` — confidence intervals per value type (Wilson, exact Poisson, Byar, normal)
* :mod:`.comparison` — an area against a benchmark (better/similar/worse), quintiles
* :mod:`.difference` — the difference between two areas, genders or years, with a test
* :mod:`.trend` — trend tests over ≥ 5 periods (increasing/decreasing/no change)
* :mod:`.sii` — PHE's slope and relative index of inequality over ordered quantiles
* :mod:`.inequality` — SII and RII of areas across områdestyp or income quintiles
* :mod:`.similarity` — nearest areas on standardised indicators
* :mod:`.intervention` — an intervention's follow-up: baseline forecast ("turn the curve"),
  difference-in-differences with a pre-trend check, segmented regression

Scripts may call :func:`proportion_interval` and :func:`count_interval` directly::

    >>> from kommunanalys.stats import proportion_interval
    >>> [round(x, 3) for x in proportion_interval(194, 547)]
    [0.316, 0.396]
"""

from kommunanalys.stats.comparison import Comparison, compare
from kommunanalys.stats.difference import Difference, proportion_difference, rate_difference
from kommunanalys.stats.intervals import (
    LEVELS,
    Interval,
    count_interval,
    mean_interval,
    proportion_interval,
    rate_interval,
    sample_mean_interval,
    standard_error_interval,
    values_mean_interval,
)
from kommunanalys.stats.trend import Trend, trend

__all__ = [
    "LEVELS",
    "Comparison",
    "Difference",
    "Interval",
    "Trend",
    "compare",
    "count_interval",
    "mean_interval",
    "proportion_difference",
    "proportion_interval",
    "rate_difference",
    "rate_interval",
    "sample_mean_interval",
    "standard_error_interval",
    "trend",
    "values_mean_interval",
]

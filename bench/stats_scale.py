"""Benchmark: the national recompute — intervals (95 % and 99,8 %), benchmark comparisons and
trends for every indicator × DeSO × year × gender of a national-size synthetic dataset
(5 984 DeSO × 126 indicators × 6 years × 3 genders ≈ 13,6 million values).

Prints values/s of :func:`kommunanalys.stats.batch.recompute` and the ratio against the same
computation written the way an analyst would write it with pandas + statsmodels + scipy, run
in the same process on the same data; both results are checked to agree before any figure
is printed. Goal: faster than that baseline, and the whole recompute in under 10 s.

Then the slope and relative index of inequality (PHE's ``phe_sii``: 100 000 seeded draws each)
of every indicator × year across all DeSO pooled by a synthetic områdestyp 1–5, timed on its
own; at national size the recompute and the SII/RII together must stay under 10 s.

    .venv/bin/python bench/stats_scale.py              # national size
    .venv/bin/python bench/stats_scale.py --scale 0.05 # a quick run (5 % of the DeSO)

The synthetic data (seeded, not timed): 60 shares with numerator and denominator from DeSO
populations of 700–2 700, 10 rates per 1 000 invånare, 40 counts (every other one a complete
register count: no interval, no comparison), 16 means without a standard error; about 1 % of
cells missing at random, small numerators of every fifth share and rate suppressed, 2 % of
the DeSO without their first two years (too short for a trend). The
benchmark of a cell is the national value of its indicator, year and gender (for counts and
means the national mean per DeSO). Both implementations start from the same long table,
sorted by indicator (grouped by value type), DeSO, gender and year: ours takes each value
type's rows as arrays series × years (views of the columns, no copy), the baseline works on
the table itself and pivots it to wide for the trends.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, kendalltau, norm, theilslopes
from statsmodels.stats.proportion import proportion_confint

from kommunanalys.stats.batch import POLARITIES, BlockResult, SeriesBlock, recompute
from kommunanalys.stats.inequality import slope_index
from kommunanalys.stats.intervals import LEVELS
from kommunanalys.stats.sii import Scale

DESO = 5984
YEARS = np.arange(2019, 2025)
GENDERS = ("T", "K", "M")
#: (value type, number of indicators, multiplier), in the table's order.
MIX = (("proportion", 60, 100.0), ("rate", 10, 1000.0), ("count", 40, 1.0), ("mean", 16, 1.0))
GOAL_SECONDS = 10.0
ABOVE, INSIDE, BELOW, UNKNOWN = 1, 0, -1, -9
UP, FLAT, DOWN = 1, 0, -1
KEYS = ["indicator", "deso", "gender"]


# -- the synthetic nation (not timed) -------------------------------------------------------


def synthesise(deso: int, seed: int = 20261122) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The long table (one row per indicator × DeSO × gender × year) and the indicator table."""
    rng = np.random.default_rng(seed)
    years = len(YEARS)
    t = np.arange(years, dtype=np.float64)
    women = rng.uniform(0.46, 0.54, deso)
    growth = (1 + rng.normal(0.005, 0.01, deso))[:, None] ** t
    total = rng.uniform(700, 2700, deso)[:, None] * growth  # DeSO × year
    pop = np.stack([total * women[:, None], total * (1 - women[:, None])], axis=1).round()

    columns: dict[str, list[np.ndarray]] = {"value": [], "numerator": [], "denominator": []}
    indicators = []
    for value_type, count, multiplier in MIX:
        shape = (count, deso, 2, years)  # women and men; the total is their sum
        area = rng.normal(0, 1, (count, deso, 1, 1))
        drift = rng.normal(0, 1, (count, deso, 1, 1)) * t
        num = den = None
        if value_type == "proportion":
            base = rng.uniform(-3.5, 1.5, (count, 1, 1, 1))  # logit of 3 % … 82 %
            sex = rng.normal(0, 0.3, (count, 1, 2, 1))
            fraction = rng.uniform(0.1, 0.9, (count, 1, 1, 1))
            den_ks = rng.binomial(pop.astype(np.int64), np.broadcast_to(fraction, shape))
            logit = base + sex + 0.6 * area + 0.04 * drift
            num_ks = rng.binomial(den_ks, 1 / (1 + np.exp(-logit)))
            num, den = _with_total(num_ks), _with_total(den_ks)
            with np.errstate(divide="ignore", invalid="ignore"):
                value = num / den * multiplier
        elif value_type == "rate":
            base = rng.uniform(0.002, 0.05, (count, 1, 1, 1))
            rate = base * np.exp(0.4 * area + 0.05 * drift)
            num_ks = rng.poisson(pop * rate)
            num, den = _with_total(num_ks), _with_total(np.broadcast_to(pop, shape))
            value = num / den * multiplier
        elif value_type == "count":
            per_person = rng.uniform(0.5, 40, (count, 1, 1, 1)) / 1700
            value = _with_total(rng.poisson(pop * per_person * np.exp(0.5 * area + 0.03 * drift)))
        else:
            level = rng.uniform(20, 400, (count, 1, 1, 1))
            ks = level * np.exp(0.3 * area + 0.02 * drift + rng.normal(0, 0.05, shape))
            total_mean = (ks * pop).sum(axis=2, keepdims=True) / pop.sum(axis=1)[:, None]
            value = np.concatenate([total_mean, ks], axis=2)
            decimals = np.where(np.arange(count) % 2 == 0, 0, 1)[:, None, None, None]
            value = np.round(value * 10.0**decimals) / 10.0**decimals  # whole numbers: ties
        value = value.astype(np.float64)
        missing = rng.uniform(size=value.shape) < 0.01
        missing[:, : max(deso // 50, 1), :, :2] = True  # new DeSO: two years short
        if num is not None and den is not None:
            sensitive = (np.arange(count) % 5 == 0)[:, None, None, None]
            missing |= sensitive & (num > 0) & (num < 5)
            num = np.where(missing, np.nan, num)
            den = np.where(missing, np.nan, den)
        value[missing] = np.nan
        columns["value"].append(value.ravel())
        nan = np.full(value.size, np.nan)
        columns["numerator"].append(nan if num is None else num.ravel())
        columns["denominator"].append(nan if den is None else den.ravel())
        polarity = rng.choice(POLARITIES, size=count)
        indicators += [(value_type, multiplier, p) for p in polarity]

    meta = pd.DataFrame(indicators, columns=["value_type", "multiplier", "polarity"])
    meta.index.name = "indicator"
    meta["polarity"] = pd.Categorical(meta["polarity"], categories=POLARITIES)
    meta["value_type"] = pd.Categorical(meta["value_type"], categories=[m[0] for m in MIX])
    # every other count is a complete register count (as most of the catalogue's counts):
    # no interval and no comparison (issue 20 item 5)
    is_count = (meta["value_type"] == "count").to_numpy()
    meta["complete"] = is_count & (np.cumsum(is_count) % 2 == 1)
    n_ind = len(meta)
    per_indicator = deso * len(GENDERS) * years
    df = pd.DataFrame(
        {
            "indicator": np.repeat(np.arange(n_ind, dtype=np.int16), per_indicator),
            "deso": np.tile(np.repeat(np.arange(deso, dtype=np.int32), 3 * years), n_ind),
            "gender": pd.Categorical.from_codes(
                np.tile(np.repeat(np.arange(3, dtype=np.int8), years), n_ind * deso), GENDERS
            ),
            "year": np.tile(YEARS.astype(np.int16), n_ind * deso * 3),
            "value": np.concatenate(columns["value"]),
            "numerator": np.concatenate(columns["numerator"]),
            "denominator": np.concatenate(columns["denominator"]),
        }
    )
    df = df.join(meta, on="indicator")
    df["benchmark"] = _national(df)
    return df, meta


def _with_total(ks: np.ndarray) -> np.ndarray:
    """women, men (axis 2) → total, women, men, as float64."""
    ks = ks.astype(np.float64)
    return np.concatenate([ks.sum(axis=2, keepdims=True), ks], axis=2)


def _national(df: pd.DataFrame) -> np.ndarray:
    """The national value of each row's indicator, year and gender."""
    g = df.groupby(["indicator", "year", "gender"], observed=True)
    share = g["numerator"].transform("sum") / g["denominator"].transform("sum")
    mean = g["value"].transform("mean")
    counted = df["value_type"].isin(["proportion", "rate"])
    bench = np.where(counted, share * df["multiplier"], mean)
    return np.asarray(bench, dtype=np.float64)


# -- ours -----------------------------------------------------------------------------------


def run_ours(
    df: pd.DataFrame, meta: pd.DataFrame, stages: dict[str, float]
) -> dict[str, BlockResult]:
    """Each value type's rows as one block series × years (views of the table's columns)."""
    years = len(YEARS)
    per_indicator = len(df) // len(meta)
    kinds = meta["value_type"].to_numpy()
    edges = np.flatnonzero(kinds[1:] != kinds[:-1]) + 1
    starts = [0, *(edges * per_indicator).tolist()]
    stops = [*(edges * per_indicator).tolist(), len(df)]
    value_type = df["value_type"].to_numpy()
    column = {c: df[c].to_numpy() for c in ("value", "numerator", "denominator", "benchmark")}
    multiplier = df["multiplier"].to_numpy()
    polarity = df["polarity"].cat.codes.to_numpy()
    complete = df["complete"].to_numpy()
    out = {}
    for start, stop in zip(starts, stops, strict=True):
        kind = str(value_type[start])
        rows = (stop - start) // years
        counted = kind in ("proportion", "rate")

        def wide(name: str, start: int = start, stop: int = stop, rows: int = rows) -> np.ndarray:
            return column[name][start:stop].reshape(rows, years)

        began = time.perf_counter()
        block = SeriesBlock(
            value_type=kind,
            values=wide("value"),
            scores=YEARS.astype(np.float64),
            benchmark=wide("benchmark"),
            numerators=wide("numerator") if counted else None,
            denominators=wide("denominator") if counted else None,
            multiplier=multiplier[start:stop:years],
            polarity=polarity[start:stop:years],
            complete=complete[start:stop:years],
        )
        out[kind] = recompute(block)
        stages[kind] = stages.get(kind, 0.0) + time.perf_counter() - began
    return out


def run_sii(df: pd.DataFrame, meta: pd.DataFrame, deso: int) -> tuple[float, int]:
    """SII and RII of every indicator × year (total gender) over the DeSO pooled by a
    synthetic områdestyp 1–5, as the equality scan computes them; (seconds, SIIs)."""
    rng = np.random.default_rng(5)
    classes = rng.integers(1, 6, deso).astype(np.float64)
    population = rng.uniform(700, 2700, deso)  # the weight of values without a denominator
    years = len(YEARS)
    shape = (len(meta), deso, len(GENDERS), years)
    value = df["value"].to_numpy().reshape(shape)
    num = df["numerator"].to_numpy().reshape(shape)
    den = df["denominator"].to_numpy().reshape(shape)
    scales = {"proportion": Scale.PROPORTION, "rate": Scale.RATE}
    began = time.perf_counter()
    done = 0
    for i, kind in enumerate(meta["value_type"].astype(str)):
        scale = scales.get(kind, Scale.NORMAL)
        for y in range(years):
            if scale is Scale.NORMAL:
                found = slope_index(classes, value[i, :, 0, y], population)
            else:
                found = slope_index(
                    classes,
                    value[i, :, 0, y],
                    den[i, :, 0, y],
                    numerators=num[i, :, 0, y],
                    denominators=den[i, :, 0, y],
                    kind=scale,
                )
            done += found is not None
    return time.perf_counter() - began, done


# -- the baseline: pandas + statsmodels + scipy, as an analyst would write it ---------------


@dataclass
class Baseline:
    lower: dict[float, pd.Series]
    upper: dict[float, pd.Series]
    code: dict[float, pd.Series]
    trends: pd.DataFrame  # per series: p, slope, periods, code_<level>


def run_baseline(df: pd.DataFrame, meta: pd.DataFrame) -> Baseline:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        lower, upper, code = {}, {}, {}
        for level in LEVELS:
            lower[level], upper[level] = _baseline_intervals(df, level)
            code[level] = _baseline_compare(df["benchmark"], lower[level], upper[level])
        return Baseline(lower, upper, code, _baseline_trends(df, meta))


def _baseline_intervals(df: pd.DataFrame, level: float) -> tuple[pd.Series, pd.Series]:
    alpha = 1 - level
    z = norm.ppf(1 - alpha / 2)
    lower = pd.Series(np.nan, index=df.index)
    upper = pd.Series(np.nan, index=df.index)

    shares = df[df["value_type"] == "proportion"]
    shares = shares[shares["denominator"] > 0]
    lo, hi = proportion_confint(
        shares["numerator"], shares["denominator"], alpha=alpha, method="wilson"
    )
    lower[shares.index] = lo * shares["multiplier"]
    upper[shares.index] = hi * shares["multiplier"]

    is_count = df["value_type"] == "count"
    is_rate = df["value_type"] == "rate"
    o = df["value"].where(is_count, df["numerator"]).where(is_count | is_rate)
    o = o[o >= 0]
    # Byar's approximation from 10 up, the exact (chi-square) Poisson interval below 10
    lo = (o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3).clip(lower=0).where(o > 0, 0.0)
    hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    small = o[o < 10]
    lo[small.index] = np.where(small > 0, chi2.ppf(alpha / 2, 2 * small) / 2, 0.0)
    hi[small.index] = chi2.ppf(1 - alpha / 2, 2 * (small + 1)) / 2
    rates = df.loc[o.index].query("value_type == 'rate' and denominator > 0")
    scale = rates["multiplier"] / rates["denominator"]
    lo[rates.index] *= scale
    hi[rates.index] *= scale
    sampled = (df.loc[o.index, "value_type"] == "count") & ~df.loc[o.index, "complete"]
    counted = o.index[sampled.to_numpy()].union(rates.index)  # complete counts: no interval
    lower[counted] = lo[counted]
    upper[counted] = hi[counted]
    return lower, upper


def _baseline_compare(benchmark: pd.Series, lower: pd.Series, upper: pd.Series) -> pd.Series:
    code = pd.Series(np.int8(INSIDE), index=benchmark.index)
    code[benchmark < lower] = ABOVE
    code[benchmark > upper] = BELOW
    code[lower.isna() | upper.isna() | benchmark.isna()] = UNKNOWN
    return code


def _baseline_trends(df: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    wide = df.pivot(index=KEYS, columns="year", values=["value", "numerator", "denominator"])
    value, num, den = wide["value"], wide["numerator"], wide["denominator"]
    info = meta.loc[wide.index.get_level_values("indicator")].set_index(wide.index)
    x = pd.Series(YEARS.astype(np.float64), index=value.columns)
    have_counts = (value.isna() | (num.notna() & den.notna())).all(axis=1)
    is_share = (info["value_type"] == "proportion") & have_counts
    is_rate = (info["value_type"] == "rate") & have_counts
    out = pd.DataFrame(index=wide.index, columns=["p", "slope", "periods"], dtype=np.float64)

    # chi-square test for trend in proportions (Cochran–Armitage), WLS slope of the share
    r, n = num[is_share], den[is_share]
    valid = r.notna() & n.notna() & (n > 0)
    r, n = r.where(valid, 0.0), n.where(valid, 0.0)
    total = n.sum(axis=1)
    p_bar = r.sum(axis=1) / total
    sxx = n.mul(x**2, axis=1).sum(axis=1) - n.mul(x, axis=1).sum(axis=1) ** 2 / total
    t = (r - n.mul(p_bar, axis=0)).mul(x, axis=1).sum(axis=1)
    _fill(out, t, p_bar * (1 - p_bar) * sxx, t / sxx * info["multiplier"], valid)

    # score test for a log-linear trend in Poisson rates
    o, d = num[is_rate], den[is_rate]
    valid = o.notna() & d.notna() & (d > 0)
    o, d = o.where(valid, 0.0), d.where(valid, 0.0)
    expected = d.div(d.sum(axis=1), axis=0).mul(o.sum(axis=1), axis=0)
    t = (o - expected).mul(x, axis=1).sum(axis=1)
    share = d.div(d.sum(axis=1), axis=0)
    var_x = share.mul(x**2, axis=1).sum(axis=1) - share.mul(x, axis=1).sum(axis=1) ** 2
    sxx = d.mul(x**2, axis=1).sum(axis=1) - d.mul(x, axis=1).sum(axis=1) ** 2 / d.sum(axis=1)
    _fill(out, t, o.sum(axis=1) * var_x, t / sxx * info["multiplier"], valid)

    # Kendall's tau and the Theil–Sen slope for everything else
    y = value[~(is_share | is_rate)]
    pairs = list(itertools.combinations(y.columns, 2))
    diffs = pd.DataFrame({(a, b): y[b] - y[a] for a, b in pairs})
    slopes = pd.DataFrame({(a, b): diffs[(a, b)] / (b - a) for a, b in pairs})
    out.loc[y.index, "slope"] = slopes.median(axis=1)
    out.loc[y.index, "periods"] = y.notna().sum(axis=1)
    out.loc[y.index, "p"] = _kendall_p(y)

    computable = (out["periods"] >= 5) & out["p"].notna()
    out.loc[~computable, ["p", "slope"]] = np.nan
    # Kendall's exact test on n points cannot go below p = 2/n! (5 points: 0.017; 6: 0.0028),
    # so at a level it cannot reach there is no trend to call flat: "cannot be calculated"
    kendall = pd.Series(False, index=out.index)
    kendall[y.index] = True
    smallest = out["periods"].fillna(0).astype(int).map(lambda n: 2 / math.factorial(n))
    for level in LEVELS:
        code = pd.Series(np.int8(FLAT), index=out.index)
        significant = out["p"] < 1 - level
        code[significant & (out["slope"] > 0)] = UP
        code[significant & (out["slope"] < 0)] = DOWN
        code[~computable | (kendall & (smallest >= 1 - level))] = UNKNOWN
        out[f"code_{level}"] = code
    return out


def _fill(out: pd.DataFrame, t: pd.Series, variance: pd.Series, slope: pd.Series, valid) -> None:
    p = pd.Series(2 * norm.sf(np.abs(t / np.sqrt(variance))), index=t.index)
    out.loc[t.index, "p"] = p.where(variance > 0, 1.0)
    out.loc[t.index, "slope"] = slope[t.index]
    out.loc[t.index, "periods"] = valid.sum(axis=1)


def _kendall_p(y: pd.DataFrame) -> pd.Series:
    """scipy's kendalltau p-value (exact without ties), once per distinct pattern of ranks:
    the p-value depends on nothing else, and there are few patterns of six years."""
    ranks = y.rank(axis=1).fillna(0.0)
    ranks.columns = [str(c) for c in ranks.columns]
    patterns = ranks.drop_duplicates()

    def p_of(row: pd.Series) -> float:
        present = row.to_numpy() > 0
        if present.sum() < 2:
            return np.nan
        if np.unique(row.to_numpy()[present]).size == 1:
            return 1.0  # no variation: no evidence of a trend (scipy says NaN)
        return kendalltau(YEARS[present], row.to_numpy()[present]).pvalue

    patterns = patterns.assign(p=patterns.apply(p_of, axis=1))
    return ranks.merge(patterns, how="left", on=list(ranks.columns))["p"].set_axis(y.index)


def groupby_apply_seconds(df: pd.DataFrame, series: int = 2000) -> tuple[float, int]:
    """Seconds for a plain groupby-apply of scipy's kendalltau + theilslopes per series,
    measured on ``series`` series and scaled to every Kendall series of the table."""
    kendall = df[df["value_type"].isin(["count", "mean"])]
    n_series = len(kendall) // len(YEARS)
    sample = kendall.iloc[: series * len(YEARS)].dropna(subset=["value"])

    def one(g: pd.DataFrame) -> pd.Series:
        if len(g) < 2:
            return pd.Series({"p": np.nan, "slope": np.nan})
        return pd.Series(
            {
                "p": kendalltau(g["year"], g["value"]).pvalue,
                "slope": theilslopes(g["value"], g["year"]).slope,
            }
        )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        began = time.perf_counter()
        sample.groupby(KEYS, observed=True)[["year", "value"]].apply(one)
        took = time.perf_counter() - began
    return took * n_series / series, n_series


# -- agreement, then the figures ------------------------------------------------------------


def check_agreement(df: pd.DataFrame, ours: dict[str, BlockResult], base: Baseline) -> None:
    """Every cell and series of both implementations agree (a mismatch stops the bench)."""
    years = len(YEARS)

    def ours_cells(get) -> np.ndarray:
        return np.concatenate([get(r).reshape(-1) for r in ours.values()])

    for i, level in enumerate(LEVELS):
        for name, theirs in (("lower", base.lower[level]), ("upper", base.upper[level])):
            mine = ours_cells(lambda r, name=name, i=i: getattr(r, name)[i])
            np.testing.assert_allclose(
                mine,
                theirs.to_numpy(),
                rtol=1e-9,
                atol=1e-9,
                equal_nan=True,
                err_msg=f"{name} at {level}",
            )
        mine = ours_cells(lambda r, i=i: r.comparison[i])
        _same(mine, base.code[level].to_numpy(), f"comparison codes at {level}")
        mine = np.concatenate([r.trend[i] for r in ours.values()])
        _same(mine, base.trends[f"code_{level}"].to_numpy(), f"trend codes at {level}")
    trends = base.trends
    assert len(trends) * years == len(df)
    p = np.concatenate([r.p_value for r in ours.values()])
    slope = np.concatenate([r.slope for r in ours.values()])
    periods = np.concatenate([r.periods for r in ours.values()])
    np.testing.assert_allclose(p, trends["p"], rtol=1e-6, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(slope, trends["slope"], rtol=1e-6, atol=1e-9, equal_nan=True)
    np.testing.assert_array_equal(periods, trends["periods"].astype(np.int64))


def _same(mine: np.ndarray, theirs: np.ndarray, what: str) -> None:
    differ = int((mine != theirs).sum())
    assert differ == 0, f"{what}: {differ} of {mine.size} differ"


def _n(x: float) -> str:
    """A whole number with spaces between thousands (13 572 576)."""
    return f"{float(x):,.0f}".replace(",", " ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="share of the 5 984 DeSO to synthesise (default 1.0)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of ours; the median is reported (default 3)"
    )
    args = parser.parse_args()
    deso = max(round(DESO * args.scale), 50)

    began = time.perf_counter()
    df, meta = synthesise(deso)
    cells = len(df)
    print(
        f"synthetic nation: {deso} DeSO × {len(meta)} indicators × {len(YEARS)} years × "
        f"{len(GENDERS)} genders = {_n(cells)} values ({_n(df['value'].notna().sum())} "
        f"present), built in {time.perf_counter() - began:.1f} s (not timed)"
    )

    times: list[float] = []
    stages: dict[str, float] = {}
    for _ in range(max(args.repeat, 1)):
        began = time.perf_counter()
        ours = run_ours(df, meta, stages)
        times.append(time.perf_counter() - began)
    ours_s = float(np.median(times))
    began = time.perf_counter()
    base = run_baseline(df, meta)
    base_s = time.perf_counter() - began
    check_agreement(df, ours, base)
    print("results agree: bounds, comparison codes, trend p/slope/periods/codes at 95 % and 99,8 %")

    per_type = ", ".join(f"{k} {v / len(times):.2f} s" for k, v in stages.items())
    print(f"ours      {ours_s:7.2f} s  {_n(cells / ours_s):>12} values/s  (median of {len(times)})")
    print(f"          by value type: {per_type}")
    print(
        f"baseline  {base_s:7.2f} s  {_n(cells / base_s):>12} values/s  "
        "(pandas + statsmodels Wilson + scipy chi2; pivot-form trends)"
    )
    print(f"ratio     {base_s / ours_s:7.1f}  (baseline seconds / ours)")
    apply_s, kendall_series = groupby_apply_seconds(df)
    print(
        f"note: a groupby-apply of scipy's kendalltau + theilslopes over the {_n(kendall_series)} "
        f"Kendall series would alone take ≈ {apply_s:.0f} s, so the baseline uses the pivot form"
    )
    sii_s, siis = run_sii(df, meta, deso)
    print(
        f"SII/RII   {sii_s:7.2f} s  {siis} indicator × year SIIs and RIIs over {deso} DeSO "
        f"(PHE simulation, 100 000 draws each; {sii_s / max(siis, 1) * 1000:.1f} ms per SII)"
    )
    goal = GOAL_SECONDS * args.scale
    # the SIIs are as many at any scale (one per indicator × year): in the goal at full size
    total = ours_s + (sii_s if args.scale >= 1 else 0.0)
    ok = total < goal and ours_s < base_s
    print(
        f"{'PASS' if ok else 'FAIL'}: ours{' + SII/RII' if args.scale >= 1 else ''} "
        f"{total:.2f} s against the goal of < {goal:.1f} s (10 s × scale) and faster than the "
        "baseline"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

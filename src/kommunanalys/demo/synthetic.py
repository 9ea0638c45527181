"""Seeded generator of synthetic demo values for the data points that are not public.

Social services, school, leisure, library, culture school, preschool and some register
statistics exist only inside the municipality. The demo fills them with values that look
like Huddinge's and vary between areas plausibly with the real socio-economic data:

1. A **population frame** per DeSO, year and sex by single year of age, from the real data:
   the 2024 age-by-sex bands (DeSO 2025) give the shape (a band spread evenly over its ages;
   a DeSO 2018 borrows the shape of its 2025 successors), scaled to each year's real total
   (DeSO: 2022, 2023, 2024, 2025; 2020–2021 from the DeSO's 2022 total times its RegSO's
   real change).
2. A **socio-economic score** per DeSO: the z-score of the real median net income 2022.
3. For each row of ``synthetic.csv`` (see its columns below), in file order:
   - ``population``: residents aged ``ages`` (times ``level`` % when a sub-group). Without a
     ``level`` it is no invention but an **estimate from real counts**: SCB's five-year bands
     spread evenly over their ages (befolkning 0–6 = 0–4 + two fifths of 5–9), nothing
     else applied; such rows are written in an import of their own, not marked synthetic
     (:data:`ESTIMATE_SOURCE`);
   - ``share``: a numerator drawn binomially from the ``base`` count with probability
     ``level`` % × exp(``socio`` × ``spread`` × score), normalised so that the kommun as a whole
     has ``level`` % in 2023, times (1 + ``trend``) per year from 2023, and then calibrated so
     that it is exactly ``level`` % (``88/86``: the seed's levels for K and M);
   - ``mean``: ``level`` × exp(``socio`` × ``spread`` × score) × trend, with small noise;
   - ``sum`` (``base`` = ``a+b``) and ``difference`` (``base`` = ``a-b``): counts made from
     earlier rows, so that a total equals the sum of its parts exactly (inrikes + utrikes
     födda = the age group; inskrivna = inrikes + utrikes födda inskrivna), as the import's
     validation requires of any data (store/staging.py).
   Indicators split by gender get K and M separately (K/M level ratio ``gender_ratio``).

Every other value is written in an import flagged ``synthetic`` and shown as "syntetiska
demodata".
"""

from __future__ import annotations

import csv
import math
import random
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kommunanalys.catalog.areas import division_for
from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.model import Area, AreaChange, Division, Gender, Level, Observation, Value
from kommunanalys.sources.scb.deso_json import AGE_BANDS

YEARS = tuple(str(y) for y in range(2020, 2026))
REFERENCE_YEAR = 2023
SEED = 126
SOURCE = "Syntetiska demodata (kommunanalys.demo.synthetic)"
#: the source of the age groups estimated from SCB's real five-year bands (not synthetic)
ESTIMATE_SOURCE = "Uppskattat ur SCB:s folkmängd i femårsklasser (kommunanalys.demo.synthetic)"
MAX_AGE = 94
_SEXES = (Gender.WOMEN, Gender.MEN)
#: the real population (SCB's, not generated): a share of it is drawn from the frame's residents
WHOLE_POPULATION = "befolkning"


@dataclass(frozen=True)
class PlantedEffect:
    """A known effect written into the synthetic data, for the follow-up to find: from
    ``first_year`` on, a share's probability in the DeSO of ``regso`` is times ``factor``."""

    indicator: str
    regso: frozenset[str]
    first_year: int
    factor: float


#: The närvaroteam in Skogås (demo/data/effektlogik/insatser.toml, started August 2022): a
#: planted fall of problematic absence by 45 % from 2023 in Skogås's two RegSO. The demo's
#: other interventions have no planted effect.
PLANTED = (
    PlantedEffect(
        "antal_problematisk_skolfranvaro", frozenset({"0126R014", "0126R015"}), 2023, 0.55
    ),
)


@dataclass(frozen=True)
class SyntheticSpec:
    indicator: str
    method: str  # population | share | mean
    ages: tuple[int, int] | None
    base: str | None
    level: float | None
    socio: float
    spread: float
    gender_ratio: float
    trend: float
    #: the seed's levels for K and M when it gives them (``level`` = ``88/86`` in the file)
    sex_levels: tuple[float, float] | None = None

    @property
    def estimated(self) -> bool:
        """An age group of the real population, estimated from SCB's bands: not invented."""
        return self.method == "population" and self.level is None


def load_specs(path: str | Path | None = None) -> list[SyntheticSpec]:
    path = Path(path) if path else Path(str(resources.files("kommunanalys.demo") / "synthetic.csv"))
    specs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                ages = None
                if row["ages"]:
                    low, high = row["ages"].split("-")
                    ages = (int(low), int(high) if high else MAX_AGE)
                sex_levels = None
                if "/" in row["level"]:
                    women, men = (float(x) for x in row["level"].split("/"))
                    sex_levels = (women, men)
                    row["level"] = str((women + men) / 2)
                    row["gender_ratio"] = str(women / men)
                specs.append(
                    SyntheticSpec(
                        indicator=row["indicator"],
                        method=row["method"],
                        ages=ages,
                        base=row["base"] or None,
                        level=float(row["level"]) if row["level"] else None,
                        socio=float(row["socio"] or 0),
                        spread=float(row["spread"] or 0),
                        gender_ratio=float(row["gender_ratio"] or 1),
                        trend=float(row["trend"] or 0),
                        sex_levels=sex_levels,
                    )
                )
            except (ValueError, KeyError) as exc:
                raise ValueError(f"{path.name}: rad {line}: {exc}") from None
    return specs


Frame = dict[tuple[str, Division, str, Gender], list[float]]  # area, division, year, sex → ages


def population_frame(
    areas: Iterable[Area], changes: Iterable[AreaChange], observed: Iterable[Value]
) -> Frame:
    """Residents by single year of age per DeSO, year and sex (see module docstring)."""
    real: dict[tuple[str, str, str, Division, Gender], float] = {}
    for v in observed:
        if v.value is not None:
            real[(v.indicator, v.area, v.period, v.division, v.gender)] = v.value
    deso = [a for a in areas if a.level is Level.DESO]
    regso_parent = {a.code: a.parent for a in deso if a.division is Division.DESO2018}
    successors: dict[str, list[str]] = defaultdict(list)
    for change in changes:
        successors[change.from_code].append(change.to_code)

    def shape(code: str) -> dict[Gender, list[float]]:
        result = {}
        for sex in _SEXES:
            ages = [0.0] * (MAX_AGE + 1)
            for index, band in enumerate(AGE_BANDS):
                count = real.get(
                    (f"antal_invanare_{band}", code, "2024", Division.DESO2025, sex), 0.0
                )
                low = index * 5
                high = MAX_AGE if band.endswith("plus") else low + 4
                for age in range(low, high + 1):
                    ages[age] += count / (high - low + 1)
            result[sex] = ages
        return result

    frame: Frame = {}
    for area in deso:
        if area.division is Division.DESO2025:
            parts = [area.code]
        else:
            parts = successors.get(area.code) or [area.code]
        shapes = [shape(code) for code in parts]
        base = {sex: [sum(s[sex][a] for s in shapes) for a in range(MAX_AGE + 1)] for sex in _SEXES}
        base_total = sum(sum(base[sex]) for sex in _SEXES) or 1.0
        for year in YEARS:
            if division_for(Level.DESO, int(year)) is not area.division:
                continue
            total = real.get(("befolkning", area.code, year, area.division, Gender.TOTAL))
            if total is None:  # 2020–2021: the DeSO's 2022 total times its RegSO's change
                deso_2022 = real.get(("befolkning", area.code, "2022", area.division, Gender.TOTAL))
                now = then = None
                if (regso := regso_parent.get(area.code)) is not None:
                    now = real.get(("befolkning", regso, year, Division.REGSO2020, Gender.TOTAL))
                    then = real.get(("befolkning", regso, "2022", Division.REGSO2020, Gender.TOTAL))
                total = deso_2022 * now / then if deso_2022 and now and then else base_total
            for sex in _SEXES:
                frame[(area.code, area.division, year, sex)] = [
                    x * total / base_total for x in base[sex]
                ]
    return frame


def socio_scores(
    areas: Iterable[Area], changes: Iterable[AreaChange], observed: Iterable[Value]
) -> dict[tuple[str, Division], float]:
    """z-score of the real median net income 2022 per DeSO (2025 DeSO via their predecessor)."""
    income = {
        v.area: v.value
        for v in observed
        if v.indicator == "medianinkomst"
        and v.division is Division.DESO2018
        and v.period == "2022"
        and v.value is not None
    }
    mean, sd = statistics.fmean(income.values()), statistics.pstdev(income.values()) or 1.0
    predecessor = {c.to_code: c.from_code for c in changes}
    scores = {}
    for area in areas:
        if area.level is not Level.DESO:
            continue
        code = area.code if area.code in income else predecessor.get(area.code, area.code)
        z = (income[code] - mean) / sd if code in income else 0.0
        scores[(area.code, area.division)] = max(-2.5, min(2.5, z))
    return scores


def generate(
    catalogue: Catalogue,
    areas: list[Area],
    changes: list[AreaChange],
    observed: list[Value],
    specs: list[SyntheticSpec] | None = None,
    seed: int = SEED,
) -> list[Observation]:
    specs = specs if specs is not None else load_specs()
    rng = random.Random(seed)
    frame = population_frame(areas, changes, observed)
    scores = socio_scores(areas, changes, observed)
    counts: dict[tuple[str, str, Division, str, Gender], float] = {}
    out: list[Observation] = []
    places = sorted({(code, division, year) for code, division, year, _ in frame})
    regso_of = {(a.code, a.division): a.parent for a in areas if a.level is Level.DESO}
    for spec in specs:
        indicator = catalogue[spec.indicator]
        sexes = _SEXES if indicator.by_gender else (Gender.TOTAL,)
        factor = _factors(spec, places, scores, frame)
        planted = [p for p in PLANTED if p.indicator == spec.indicator]
        made: dict[tuple[str, str, Division, str, Gender], float] = {}
        for code, division, year in places:
            trend = (1 + spec.trend) ** (int(year) - REFERENCE_YEAR)
            for effect in planted:
                if (
                    regso_of.get((code, division)) in effect.regso
                    and int(year) >= effect.first_year
                ):
                    trend *= effect.factor
            for sex in sexes:
                ratio = _gender_factor(sex, spec.gender_ratio)
                p = (spec.level or 100.0) / 100 * factor[(code, division)] * trend * ratio
                if spec.method in ("sum", "difference"):
                    combined = _combined(counts, spec, code, division, year, sex)
                    if combined is None:
                        continue
                    value = combined
                elif spec.estimated:  # the real bands as they are: no trend, no gender skew
                    value = float(round(_residents(frame, code, division, year, sex, spec.ages)))
                elif spec.method == "population":
                    population = _residents(frame, code, division, year, sex, spec.ages)
                    value = float(round(population * min(p, 1.0)))
                elif spec.method == "share":
                    base = _share_base(counts, frame, spec, code, division, year, sex)
                    if base is None:
                        continue
                    value = float(_binomial(rng, int(base), min(p, 0.98)))
                else:  # mean
                    value = round(
                        (spec.level or 0)
                        * factor[(code, division)]
                        * trend
                        * ratio
                        * (1 + rng.gauss(0, 0.02)),
                        1,
                    )
                made[(spec.indicator, code, division, year, sex)] = value
            if spec.method == "mean" and sexes == _SEXES:
                made[(spec.indicator, code, division, year, Gender.TOTAL)] = _mean_total(
                    made, counts, spec, code, division, year
                )
        if spec.method == "share" and spec.level is not None:
            _calibrate(made, counts, frame, spec, sexes)
        counts.update(made)
        source = ESTIMATE_SOURCE if spec.estimated else SOURCE
        out += [
            Observation(indicator, code, division, year, value, sex, source=source)
            for (indicator, code, division, year, sex), value in made.items()
        ]
    return out


def _calibrate(
    made: dict[tuple[str, str, Division, str, Gender], float],
    counts: dict[tuple[str, str, Division, str, Gender], float],
    frame: Frame,
    spec: SyntheticSpec,
    sexes: tuple[Gender, ...],
) -> None:
    """Make the kommun's share in the reference year exactly ``level`` % (times the gender
    factor for K and M: the seed's kommun levels, e.g. behörighet 88 % for girls and 86 % for
    boys), to the nearest person: the binomial draws and the cap of p at 0,98 move it by
    whole points otherwise. The missing (or extra) persons are added to (taken from) the
    areas with the most room, one each, so that the areas' pattern stays."""
    year = str(REFERENCE_YEAR)
    level = (spec.level or 0.0) / 100
    keys = {sex: [k for k in made if k[3] == year and k[4] is sex] for sex in sexes}
    bases = {
        k: _share_base(counts, frame, spec, k[1], k[2], year, k[4]) or 0.0
        for sex in sexes
        for k in keys[sex]
    }
    base = {sex: sum(bases[k] for k in keys[sex]) for sex in sexes}
    targets = {
        sex: round(level * _gender_factor(sex, spec.gender_ratio) * base[sex]) for sex in sexes
    }
    if spec.sex_levels is not None:  # the seed gives K and M (e.g. behörighet 88 and 86)
        targets = {sex: round(spec.sex_levels[i] / 100 * base[sex]) for i, sex in enumerate(_SEXES)}
    elif sexes == _SEXES:  # the total (K + M) hits the level too; men take the rounding
        targets[Gender.MEN] = round(level * sum(base.values())) - targets[Gender.WOMEN]
    for sex in sexes:
        missing = int(targets[sex] - sum(made[k] for k in keys[sex]))
        while missing:
            step = 1 if missing > 0 else -1
            room = {k: (bases[k] - made[k]) if step > 0 else made[k] for k in keys[sex]}
            ranked = sorted((k for k in keys[sex] if room[k] >= 1), key=lambda k: -room[k])
            if not ranked:
                break
            for k in ranked[: abs(missing)]:
                made[k] += step
                missing -= step


def _factors(
    spec: SyntheticSpec,
    places: list[tuple[str, Division, str]],
    scores: dict[tuple[str, Division], float],
    frame: Frame,
) -> dict[tuple[str, Division], float]:
    """Area factors exp(socio·spread·z), normalised to a population-weighted mean of 1."""
    raw = {key: math.exp(spec.socio * spec.spread * z) for key, z in scores.items()}
    if spec.method == "population" and spec.level is None:
        return {key: 1.0 for key in raw}
    weights = {
        (code, division): sum(sum(frame[(code, division, year, sex)]) for sex in _SEXES)
        for code, division, year in places
        if year == str(REFERENCE_YEAR)
    }
    total = sum(weights.values()) or 1.0
    mean = sum(raw[key] * w for key, w in weights.items()) / total or 1.0
    return {key: value / mean for key, value in raw.items()}


def _share_base(
    counts: dict[tuple[str, str, Division, str, Gender], float],
    frame: Frame,
    spec: SyntheticSpec,
    code: str,
    division: Division,
    year: str,
    sex: Gender,
) -> float | None:
    """The count a share is drawn from: a count made before, or the whole population (the
    frame's residents, scaled to SCB's real totals) for ``base`` = befolkning."""
    base = _base_count(counts, spec.base or "", code, division, year, sex)
    if base is None and spec.base == WHOLE_POPULATION:
        return float(round(_residents(frame, code, division, year, sex, None)))
    return base


def _base_count(
    counts: dict[tuple[str, str, Division, str, Gender], float],
    base: str,
    code: str,
    division: Division,
    year: str,
    sex: Gender,
) -> float | None:
    """The denominator count for ``sex``: itself, K + M for the total, or half the total."""
    own = counts.get((base, code, division, year, sex))
    if own is not None:
        return own
    if sex is Gender.TOTAL:
        parts = [counts.get((base, code, division, year, s)) for s in _SEXES]
        known = [p for p in parts if p is not None]
        return sum(known) if len(known) == len(parts) else None
    total = counts.get((base, code, division, year, Gender.TOTAL))
    return None if total is None else total / 2


def _combined(
    counts: dict[tuple[str, str, Division, str, Gender], float],
    spec: SyntheticSpec,
    code: str,
    division: Division,
    year: str,
    sex: Gender,
) -> float | None:
    """``sum`` (``base`` = ``a+b+…``) or ``difference`` (``base`` = ``a-b``) of counts made
    before, so that a total is exactly the sum of its parts (T = K + M within each, and
    e.g. inskrivna = inrikes födda + utrikes födda)."""
    sign = "+" if spec.method == "sum" else "-"
    names = (spec.base or "").split(sign)
    parts = [_base_count(counts, name, code, division, year, sex) for name in names]
    if any(part is None for part in parts):
        return None
    known = [part for part in parts if part is not None]
    if spec.method == "sum":
        return float(sum(known))
    return float(max(0.0, known[0] - sum(known[1:])))


def _mean_total(
    made: dict[tuple[str, str, Division, str, Gender], float],
    counts: dict[tuple[str, str, Division, str, Gender], float],
    spec: SyntheticSpec,
    code: str,
    division: Division,
    year: str,
    *,
    decimals: int = 1,
) -> float:
    """The total of a mean made for K and M (e.g. grundskola meritvärde): their mean weighted
    by ``base`` (the pupils: antal elever åk 9), equal weights without one."""
    key = (spec.indicator, code, division, year)
    weights = {
        sex: (counts.get((spec.base, code, division, year, sex)) if spec.base else None) or 1.0
        for sex in _SEXES
    }
    total = sum(made[(*key, sex)] * weights[sex] for sex in _SEXES)
    return round(total / sum(weights.values()), decimals)


def _gender_factor(sex: Gender, ratio: float) -> float:
    if sex is Gender.WOMEN:
        return 2 * ratio / (1 + ratio)
    if sex is Gender.MEN:
        return 2 / (1 + ratio)
    return 1.0


def _residents(
    frame: Frame,
    code: str,
    division: Division,
    year: str,
    sex: Gender,
    ages: tuple[int, int] | None,
) -> float:
    low, high = ages or (0, MAX_AGE)
    sexes = _SEXES if sex is Gender.TOTAL else (sex,)
    return sum(sum(frame[(code, division, year, s)][low : high + 1]) for s in sexes)


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if n < 60:
        return sum(rng.random() < p for _ in range(n))
    draw = round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))
    return max(0, min(n, draw))

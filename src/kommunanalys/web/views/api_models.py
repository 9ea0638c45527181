"""The schemas of ``/api/v1``: what each endpoint answers, for ``/openapi.json``.

The answers themselves are built by :mod:`kommunanalys.web.views.presenters` (the same dicts
as the pages' JSON twins); these models describe them. Every model allows fields it does not
name (``extra="allow"``) and the routes drop what a dict did not set
(``response_model_exclude_unset``), so the JSON is the presenter's, key for key: a field
added to a presenter appears at once, and is documented when it is added here."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: a number as the store gives it: an integer stays an integer in the JSON
Number = int | float


class Schema(BaseModel):
    model_config = ConfigDict(extra="allow")


class IndicatorOut(Schema):
    id: str
    name: str = Field(description="Svenskt namn")
    name_en: str
    domain: str
    value_type: str = Field(description="count, proportion, rate, …")
    unit: str
    multiplier: int
    numerator: str | None
    denominator: str | None
    weight: str | None
    view_of: str | None = Field(description="En könsvy: indikatorn den visar")
    view_gender: str | None
    polarity: str
    sensitive: bool
    min_cell: int | None
    source_kind: str
    source: str
    kolada_id: str | None
    quality: str
    by_gender: bool
    in_seed: bool
    definition: str


class AreaOut(Schema):
    code: str
    name: str
    level: str = Field(description="kommun, regso, deso, …")
    division: str = Field(description="Indelningens årgång, t.ex. deso2025")
    parent: str | None


class ValueOut(Schema):
    indicator: str
    area: str
    division: str
    period: str
    gender: str = Field(description="T, K eller M")
    value: Number | None = Field(description="null när värdet är skyddat eller saknas")
    numerator: Number | None
    denominator: Number | None
    status: str | None = Field(description="'skyddad' för ett värde som röjandekontrollen döljer")
    method: str
    synthetic: bool
    formatted: str | None = Field(None, description="Värdet med enhet (när indikatorn är känd)")
    status_text: str | None = Field(None, description="Vad statusen betyder")


class IntervalOut(Schema):
    lower: Number | None
    upper: Number | None
    level: Number | None
    method: str


class CardOut(Schema):
    indicator: str
    name: str
    unit: str
    value_type: str
    quality: str
    source: str
    value: ValueOut | None
    kommun: ValueOut | None
    genders: dict[str, ValueOut]
    interval: IntervalOut | None
    interval_99_8: IntervalOut | None
    comparison: dict[str, Any] | None = Field(description="Jämförelsen med jämförelseområdet")
    trend: dict[str, Any] | None = Field(description="Trendtestet över åren")


class DomainOut(Schema):
    domain: str
    indicators: list[CardOut]


class DataVersionOut(Schema):
    imports: int
    observations: int
    synthetic: bool
    latest_import: dict[str, Any] | None


class ProfileOut(Schema):
    area: AreaOut
    year: str
    years: list[str]
    kommun: AreaOut
    parent: AreaOut | None
    children: list[str]
    replaced_by: list[str]
    synthetic: bool
    series_break_2025: bool
    domains: list[DomainOut]
    data_version: DataVersionOut


class FindingOut(Schema):
    kind: str
    indicator: str
    indicator_name: str
    area: str
    area_name: str
    year: str
    text: str
    outcome: str
    value: Number | None
    interval: IntervalOut | None
    reference: Number | None
    reference_label: str
    method: str
    level: Number | None
    p_value: Number | None
    link: str
    strength: Number | None


class NeighbourOut(AreaOut):
    distance: Number | None


class SimilarOut(Schema):
    areas: list[NeighbourOut]
    indicators: list[dict[str, str]]
    weights: dict[str, Number]
    method: str


class DifferenceEstimateOut(Schema):
    estimate: Number | None
    lower: Number | None
    upper: Number | None
    p_value: Number | None
    level: Number | None
    method: str


class GapOut(Schema):
    kind: str
    area: AreaOut
    group: str = Field(description="Det som jämförs: områdets namn, kvinnor, en åldersgrupp")
    reference: str = Field(description="Det som det jämförs med")
    value: Number | None
    reference_value: Number | None
    difference: DifferenceEstimateOut
    q_value: Number | None
    significant: bool


class EqualityOut(Schema):
    indicator: IndicatorOut
    year: str
    fdr: Number | None
    method: str
    tests: int
    candidates: list[GapOut]
    gaps: list[GapOut]
    slope_index: dict[str, Any] | None
    not_tested: str | None = Field(description="Varför inget kunde testas, i så fall")


class DifferenceOut(Schema):
    indicator: str
    first: ValueOut
    second: ValueOut
    difference: DifferenceEstimateOut
    significant: bool

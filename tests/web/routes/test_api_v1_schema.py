"""``/api/v1`` documents its answers: every endpoint's 200 response has a schema in
``/openapi.json``, and the schema does not change the answer (the presenters' JSON, key for
key)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from kommunanalys.query import Dataset
from kommunanalys.report.json_rows import indicator_json, value_json


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def test_every_v1_endpoint_has_a_200_response_schema(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = {p: ops for p, ops in spec["paths"].items() if p.startswith("/api/v1/")}
    assert len(paths) >= 9
    for path, operations in paths.items():
        for method, operation in operations.items():
            content = operation["responses"]["200"]["content"]["application/json"]
            schema = _resolve(spec, content["schema"])
            assert schema, (method, path)
            if schema.get("type") == "array":
                schema = _resolve(spec, schema["items"])
            assert schema.get("properties"), (method, path, schema)


def test_the_profile_schema_names_its_parts(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    profile = schemas["ProfileOut"]["properties"]
    assert {"area", "year", "domains", "data_version"} <= profile.keys()
    assert {"value", "interval", "comparison", "trend"} <= schemas["CardOut"]["properties"].keys()
    assert {"value", "status", "period", "gender"} <= schemas["ValueOut"]["properties"].keys()


def test_the_schema_keeps_the_presenters_json(client: TestClient, dataset: Dataset) -> None:
    indicator = dataset.indicator("antal_invanare")
    assert client.get("/api/v1/indicators/antal_invanare").json() == indicator_json(indicator)
    values = client.get(
        "/api/v1/values", params={"indicator": "antal_invanare", "area": "0126R007"}
    ).json()
    expected = dataset.values(["antal_invanare"], areas=["0126R007"])
    assert values == [value_json(v) for v in expected]
    assert all("formatted" not in v for v in values)  # a key a dict does not set stays out
    numbers = [v["value"] for v in values if v["value"] is not None]
    assert numbers and all(isinstance(n, (int, float)) for n in numbers)

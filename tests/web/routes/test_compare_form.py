"""The /jamfor form: what is ticked is what is compared, "Rensa alla" empties the choice, and
two chosen areas are compared with each other, not only with the kommun."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode

from fastapi.testclient import TestClient

FIRST, SECOND = "0126C1310", "0126C1420"  # the seed's own view


class _Form(HTMLParser):
    """The first filter form's fields as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.ticked: list[str] = []
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.links: dict[str, str] = {}
        self._link: str | None = None
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "filters" in a.get("class", ""):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.fields.append((a["name"], a["value"]))
            if a["name"] == "omraden":
                self.ticked.append(a["value"])
        if tag == "select":
            self.select = a["name"]
        if tag == "option" and self.select and "selected" in a:
            if "value" in a:
                self.fields.append((self.select, a["value"]))
            else:  # an option without a value sends its text
                self._option = self.select
        if tag == "a" and "clear-all" in a.get("class", ""):
            self._link = a["href"]

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self.fields.append((self._option, data.strip()))
            self._option = None
        if self._link is not None and data.strip():
            self.links[data.strip()] = self._link
            self._link = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "select":
            self.select = None


def _form(html: str) -> _Form:
    form = _Form()
    form.feed(html)
    return form


def test_the_default_view_ticks_nothing(client: TestClient) -> None:
    page = client.get("/jamfor", params={"ar": "2023", "doman": "Fritid"})
    assert page.status_code == 200
    assert "Inga områden valda" in page.text
    assert _form(page.text).ticked == []
    assert client.get("/jamfor.json", params={"ar": "2023"}).json()["default_choice"] is True


def test_ticking_two_deso_on_the_default_page_compares_exactly_those_two(
    client: TestClient,
) -> None:
    page = client.get("/jamfor", params={"ar": "2023", "doman": "Fritid"})
    form = _form(page.text)
    submitted = [*form.fields, ("omraden", FIRST), ("omraden", SECOND)]
    answer = client.get("/jamfor?" + urlencode(submitted))  # the redirect to the permalink
    assert answer.status_code == 200
    assert _form(answer.text).ticked == [FIRST, SECOND]
    data = client.get(str(answer.url).replace("/jamfor?", "/jamfor.json?")).json()
    assert [a["code"] for a in data["areas"]] == [FIRST, SECOND]
    assert data["default_choice"] is False
    assert "Inga områden valda" not in answer.text


def test_two_chosen_areas_are_compared_with_each_other(client: TestClient) -> None:
    query = {"omraden": f"{FIRST},{SECOND}", "ar": "2023", "doman": "Fritid"}
    data = client.get("/jamfor.json", params=query).json()
    pairs = data["areas_against_each_other"]
    assert pairs["pairs"] == [{"first": FIRST, "second": SECOND}]
    row = next(r for r in pairs["indicators"] if r["indicator"] == "andel_ledarledd_fritid")
    pair = row["pairs"][0]
    values = next(r for r in data["indicators"] if r["indicator"]["id"] == row["indicator"])
    first, second = (v["value"]["value"] for v in values["values"])
    assert abs(pair["estimate"] - (first - second)) < 1e-9
    diff = pair["difference"]
    assert diff["lower"] < pair["estimate"] < diff["upper"] and 0 <= diff["p_value"] <= 1
    assert pair["result"] in {"better", "similar", "worse"}
    assert pair["significant"] == (pair["result"] != "similar")
    page = client.get("/jamfor", params=query).text
    assert "Områdena mot varandra" in page and 'table class="pairs"' in page
    assert "procentenheter" in page


def test_rensa_alla_keeps_the_rest_of_the_choice(client: TestClient) -> None:
    query = {"omraden": f"{FIRST},{SECOND}", "ar": "2023", "doman": "Fritid", "kon": "K"}
    form = _form(client.get("/jamfor", params=query).text)
    href = form.links["Rensa alla"]
    assert href == "/jamfor?ar=2023&kon=K&doman=Fritid"
    cleared = _form(client.get(href).text)
    assert cleared.ticked == [] and "Rensa alla" not in cleared.links


def test_many_areas_are_each_compared_with_the_kommun_only(client: TestClient) -> None:
    five = "0126C1270,0126C1280,0126C1290,0126C1300,0126C1310"
    query = {"omraden": five, "ar": "2023", "doman": "Fritid"}
    data = client.get("/jamfor.json", params=query).json()
    assert data["areas_against_each_other"]["too_many_areas"] is True
    assert "när högst 4 områden utöver kommunen" in client.get("/jamfor", params=query).text

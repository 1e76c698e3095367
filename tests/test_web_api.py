"""The reading room's JSON API, endpoint by endpoint, over the corpus ingested by ``cablekit ingest``."""

from __future__ import annotations

import pytest

from e2e.web_archive import CITED_ID, HOSTILE_ID, HOSTILE_SUBJECT, REVISED_ID, REVISED_TO, SEED_ID, web_archive

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from cablekit.web import create_app  # noqa: E402

CABLE_ENDPOINTS = ("", "/page", "/explain", "/raw", "/references", "/cited-by", "/revisions", "/graph")


@pytest.fixture(scope="module")
def api(tmp_path_factory) -> TestClient:
    return TestClient(create_app(web_archive(tmp_path_factory)))


def get_ok(api: TestClient, path: str, **params):
    response = api.get(path, params=params or None)  # params={} would drop the query string of a link
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body["error"], str) and body["error"]
    return body


# --- search ----------------------------------------------------------------------------------


def test_search_hits_are_ranked_with_highlighted_escaped_snippets(api):
    result = get_ok(api, "/api/search", q="morocco")
    assert result["total"] > 20 and len(result["hits"]) == 20 and result["pages"] >= 2
    scores = [h["score"] for h in result["hits"]]
    assert scores == sorted(scores, reverse=True)
    for hit in result["hits"]:
        assert "<mark>" in hit["snippet_html"].lower() or hit["snippet"]
        assert "\x02" not in hit["snippet_html"] and "\x03" not in hit["snippet_html"]
    assert any("<mark>Morocco</mark>" in h["snippet_html"] or "<mark>MOROCCO</mark>" in h["snippet_html"] for h in result["hits"])


def test_facet_links_narrow_to_exactly_their_count(api):
    result = get_ok(api, "/api/search", q="morocco")
    groups = {g["name"]: g["values"] for g in result["facets"]}
    assert {"tag", "origin", "classification", "caveat", "year"} <= set(groups)
    prel = next(v for v in groups["tag"] if v["value"] == "PREL")
    assert "External Political Relations" in prel["meaning"]  # from the bundled TAGS table
    for name in ("tag", "origin", "classification", "caveat", "year"):
        value = groups[name][0]
        narrowed = get_ok(api, value["url"].replace("/search", "/api/search", 1))
        assert narrowed["total"] == value["count"], (name, value)
    narrowed = get_ok(api, prel["url"].replace("/search", "/api/search", 1))
    assert narrowed["query"] == "morocco tag:PREL"
    again = {g["name"]: g["values"] for g in narrowed["facets"]}
    assert next(v for v in again["tag"] if v["value"] == "PREL")["active"]


def test_month_histogram_counts_every_result_and_each_bar_narrows_to_its_month(api):
    result = get_ok(api, "/api/search", q="tag:PREL")
    months = result["months"]
    assert sum(m["count"] for m in months) == result["total"]
    assert [m["month"] for m in months] == sorted(m["month"] for m in months)
    busiest = max(months, key=lambda m: m["count"])
    narrowed = get_ok(api, busiest["url"].replace("/search", "/api/search", 1))
    assert narrowed["total"] == busiest["count"]
    assert all(h["date"].startswith(busiest["month"]) for h in narrowed["hits"])


def test_paging_and_date_order(api):
    first = get_ok(api, "/api/search", q="tag:PREL", order="date")
    second = get_ok(api, "/api/search", q="tag:PREL", order="date", page=2)
    dates = [h["date"] for h in first["hits"] + second["hits"]]
    assert dates == sorted(dates, reverse=True)
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    assert len(get_ok(api, "/api/search", q="tag:PREL", limit=5)["hits"]) == 5
    beyond = get_ok(api, "/api/search", q="tag:PREL", page=500)
    assert beyond["hits"] == [] and beyond["total"] == first["total"]


@pytest.mark.parametrize(
    "params, position",
    [({"q": "morocco ("}, 8), ({"q": 'tag:"PREL'}, 4), ({"q": "nope:thing"}, 0), ({"q": "from:2009-13"}, 0), ({"q": "AND"}, 0)],
)
def test_bad_query_is_400_with_message_and_position(api, params, position):
    body = assert_error(api.get("/api/search", params=params), 400)
    assert body["position"] == position and body["query"] == params["q"]


@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "x"}, {"order": "size"}, {"limit": "1000"}, {"q": "x" * 5000}])
def test_bad_search_parameters_are_400(api, params):
    assert_error(api.get("/api/search", params=params), 400)


# --- cables ----------------------------------------------------------------------------------


def test_cable_record(api):
    cable = get_ok(api, f"/api/cables/{SEED_ID}")
    assert cable["id"] == SEED_ID
    assert cable["body"]["subject"] == "U.S.-MOROCCO SECURITY DIALOGUES"
    assert [t["code"] for t in cable["body"]["tags"]] == ["MARR", "PREL", "MASS", "MO"]
    assert cable["header"]["dtg"].startswith("2009-11-10T14:16")
    assert [p["number"] for p in cable["body"]["paragraphs"] if p["number"]] == list(range(1, 10))


def test_cable_page_data_glosses_header_tokens_and_anchors_paragraphs(api):
    page = get_ok(api, f"/api/cables/{SEED_ID}/page")
    lines = {line["element"]: line for line in page["header_lines"]}
    de = {s["text"]: s["meaning"] for s in lines["FL3"]["segments"] if s["meaning"]}
    assert "RUEHRB" in de and "RABAT" in de["RUEHRB"].upper()
    explained = get_ok(api, f"/api/cables/{SEED_ID}/explain")
    fl3 = next(line for line in explained if line["element"] == "FL3")
    assert {g["token"]: g["meaning"] for g in fl3["glosses"]}["RUEHRB"] == de["RUEHRB"]  # one source of meanings
    paragraphs = [p for block in page["blocks"] for p in block["paragraphs"]]
    assert [p["anchor"] for p in paragraphs][:9] == [f"p{n}" for n in range(1, 10)]
    first = paragraphs[0]
    assert first["portion_marking"] == "S/NF" and first["level"] == "s" and first["part"] == "summary"
    assert "Security Dialogue with Interior Ministry" in [p["heading"] for p in paragraphs]
    assert {t["code"] for t in page["tags"]} == {"MARR", "PREL", "MASS", "MO"}


def test_explain_glosses_the_opening_block(api):
    explained = {line["element"]: line for line in get_ok(api, f"/api/cables/{SEED_ID}/explain")}
    assert explained["E.O."]["text"] == "E.O. 12958: DECL: 11/09/2019"
    assert {g["token"] for g in explained["TAGS"]["glosses"]} == {"MARR", "PREL", "MASS", "MO"}
    reasons = {g["token"] for g in explained["Classified By"]["glosses"]}
    assert {"1.4 (b)", "1.4 (c)"} <= reasons


def test_raw_text(api):
    raw = get_ok(api, f"/api/cables/{SEED_ID}/raw")
    assert raw["header_text"].startswith("VZCZCXYZ0000")
    assert "days of frank, wide-ranging discussions" in raw["body_text"]


def test_references_resolved_and_unresolved(api):
    refs = get_ok(api, f"/api/cables/{REVISED_ID}/references")
    cited = next(r for r in refs if r["reference_id"] == CITED_ID)
    assert cited["cable"]["id"] == CITED_ID and cited["cable"]["subject"]
    seed_refs = get_ok(api, f"/api/cables/{SEED_ID}/references")
    assert [(r["reference_id"], r["cable"]) for r in seed_refs] == [("09STATE112900", None)]


def test_cited_by(api):
    citing = get_ok(api, f"/api/cables/{CITED_ID}/cited-by")
    assert REVISED_ID in [c["cable"]["id"] for c in citing]
    assert get_ok(api, f"/api/cables/{SEED_ID}/cited-by") == []


def test_revisions_and_side_by_side_diff(api):
    revisions = get_ok(api, f"/api/cables/{REVISED_ID}/revisions")
    assert [r["number"] for r in revisions] == [1, 2]
    diff = get_ok(api, f"/api/cables/{REVISED_ID}/diff")
    assert (diff["a"], diff["b"]) == (1, 2) and diff["changed"] >= 1
    changed = [r for r in diff["rows"] if r["kind"] != "equal"]
    assert any(REVISED_TO in (r["right"] or "") for r in changed)
    assert not any(REVISED_TO in (r["left"] or "") for r in diff["rows"])
    swapped = get_ok(api, f"/api/cables/{REVISED_ID}/diff", a=2, b=1)
    assert any(REVISED_TO in (r["left"] or "") for r in swapped["rows"])
    assert_error(api.get(f"/api/cables/{REVISED_ID}/diff", params={"a": 1, "b": 9}), 404)
    assert_error(api.get(f"/api/cables/{SEED_ID}/diff"), 400)  # one revision: nothing to compare


def test_graph(api):
    graph = get_ok(api, f"/api/cables/{REVISED_ID}/graph")
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes[REVISED_ID]["depth"] == 0 and nodes[CITED_ID]["archived"]
    assert [REVISED_ID, CITED_ID] in graph["edges"]
    seed = {n["id"]: n for n in get_ok(api, f"/api/cables/{SEED_ID}/graph", depth=2)["nodes"]}
    assert seed["09STATE112900"]["archived"] is False
    assert_error(api.get(f"/api/cables/{SEED_ID}/graph", params={"depth": 9}), 400)


@pytest.mark.parametrize("suffix", CABLE_ENDPOINTS + ("/diff",))
def test_unknown_cable_is_404_on_every_cable_endpoint(api, suffix):
    assert_error(api.get(f"/api/cables/99NOWHERE1{suffix}"), 404)


def test_unknown_revision_is_404(api):
    assert_error(api.get(f"/api/cables/{SEED_ID}", params={"rev": 7}), 404)
    assert_error(api.get(f"/api/cables/{SEED_ID}", params={"rev": "x"}), 400)


def test_hostile_text_comes_back_as_data(api):
    cable = get_ok(api, f"/api/cables/{HOSTILE_ID}")
    assert cable["body"]["subject"].startswith("<script>alert('subject')</script> &")
    hits = get_ok(api, "/api/search", q="onerror")["hits"]
    assert [h["id"] for h in hits] == [HOSTILE_ID]
    assert "<img" not in hits[0]["snippet_html"] and "&lt;img" in hits[0]["snippet_html"]
    assert HOSTILE_SUBJECT[:8] == "<script>"


# --- browsing --------------------------------------------------------------------------------


def test_browse_counts_agree_with_search(api):
    tags = get_ok(api, "/api/browse/tags")
    prel = next(r for r in tags["rows"] if r["value"] == "PREL")
    assert "External Political Relations" in prel["meaning"]
    assert get_ok(api, prel["url"].replace("/search", "/api/search", 1))["total"] == prel["count"]
    months = get_ok(api, "/api/browse/months")["rows"]
    assert [r["value"] for r in months] == sorted(r["value"] for r in months)
    classes = {r["value"]: r["count"] for r in get_ok(api, "/api/browse/classifications")["rows"]}
    assert set(classes) <= {"UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET"}
    origins = get_ok(api, "/api/browse/origins")["rows"]
    assert origins[0]["url"].startswith("/origin/")
    assert_error(api.get("/api/browse/colours"), 400)


def test_origin_over_time(api):
    rabat = get_ok(api, "/api/origins/Embassy Rabat")
    assert rabat["total"] >= 10 and all(h["origin"] == "Embassy Rabat" for h in rabat["hits"])
    dates = [h["date"] for h in rabat["hits"]]
    assert dates == sorted(dates, reverse=True)
    assert sum(m["count"] for m in rabat["months"]) == rabat["total"]
    assert_error(api.get("/api/origins/Embassy Atlantis"), 404)


def test_stats(api):
    stats = get_ok(api, "/api/stats")
    assert stats["cables"] >= 900 and stats["revised_cables"] >= 1


def test_unknown_api_path_is_json_404(api):
    assert_error(api.get("/api/nothing/here"), 404)


def test_openapi_documents_every_endpoint(api):
    spec = get_ok(api, "/api/openapi.json")
    paths = set(spec["paths"])
    assert {"/api/search", "/api/stats", "/api/browse/{kind}", "/api/origins/{origin}"} <= paths
    assert {f"/api/cables/{{cable_id}}{suffix}" for suffix in CABLE_ENDPOINTS + ("/diff",)} <= paths
    docs = api.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()

"""The reading room's HTML pages: content, escaping of cable text, error pages, and no 500 on odd input."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from e2e.web_archive import HOSTILE_ID, REVISED_ID, REVISED_TO, SEED_ID, web_archive

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from cablekit.web import create_app  # noqa: E402

PAGES = ("/", "/search?q=morocco", f"/cable/{SEED_ID}", f"/cable/{SEED_ID}/raw", f"/cable/{REVISED_ID}/diff",
         f"/cable/{SEED_ID}/graph", "/browse/tags", "/browse/origins", "/browse/classifications", "/browse/months",
         "/origin/Embassy Rabat")  # fmt: skip


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> TestClient:
    return TestClient(create_app(web_archive(tmp_path_factory)))


def html(web: TestClient, url: str, status: int = 200) -> str:
    response = web.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders(web, url):
    page = html(web, url)
    assert page.startswith("<!doctype html>") and "</html>" in page


def test_search_page_has_facets_histogram_results_and_pager(web):
    page = html(web, "/search?q=morocco")
    assert all(f'data-facet="{name}"' in page for name in ("tag", "origin", "classification", "caveat", "year"))
    bars = re.findall(r'<a class="bar" href="([^"]+)" data-month="(\d{4}-\d\d)"', page)
    assert bars and all("from%3A" in href and "to%3A" in href for href, _ in bars)
    assert page.count('<li class="hit">') == 20 and 'rel="next"' in page
    assert "<mark>Morocco</mark>" in page or "<mark>MOROCCO</mark>" in page


def test_cable_page_reads_the_header_and_marks_paragraphs(web):
    page = html(web, f"/cable/{SEED_ID}")
    tokens = dict(re.findall(r'<span class="token"[^>]*data-meaning="([^"]*)">([^<]*)</span>', page))
    by_text = {text: unescape(meaning) for meaning, text in tokens.items()}
    assert "RABAT" in by_text["RUEHRB"].upper()
    assert {"MARR", "PREL", "MASS", "MO", "NOFORN", "SIPDIS"} <= set(by_text)
    for n in range(1, 10):
        assert f'id="p{n}"' in page and f'href="#p{n}"' in page
    assert re.search(r'<span class="badge lvl-s" title="[^"]+" data-meaning="[^"]+">S/NF</span>', page)
    assert '<span class="badge lvl-sbu"' in page and '<span class="badge lvl-c"' in page and '<span class="badge lvl-u"' in page
    assert '<h3 class="heading">Security Dialogue with Interior Ministry</h3>' in page
    assert 'class="block part-summary"' in page and 'class="block part-comment"' in page
    assert 'class="ref unresolved"' in page and "09STATE112900" in page


def test_references_link_to_archived_cables(web):
    page = html(web, f"/cable/{REVISED_ID}")
    assert re.search(r'<a class="ref resolved" href="/cable/09RABAT988"', page)
    assert 'href="/cable/09RABAT1009/diff"' in page


def test_diff_page_shows_both_revisions(web):
    page = html(web, f"/cable/{REVISED_ID}/diff")
    assert "Revision 1 and revision 2" in page
    assert re.search(r'<tr class="(replace|insert)">.*' + re.escape(REVISED_TO), page)


def test_hostile_cable_text_is_escaped_everywhere(web):
    for url in (f"/cable/{HOSTILE_ID}", f"/cable/{HOSTILE_ID}/raw", "/search?q=onerror"):
        page = web.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "\x01" not in page, url
    page = html(web, f"/cable/{HOSTILE_ID}")
    assert "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt; &amp;" in page
    assert "&lt;img src=x onerror=alert(1)&gt; AT&amp;T \ufffd &amp;amp; &lt;/pre&gt;" in page


@pytest.mark.parametrize("query, column", [("morocco (", 9), ('tag:"PREL', 5), ("origin:", 1)])
def test_bad_query_page_is_400_with_message_and_caret(web, query, column):
    page = html(web, f"/search?q={query.replace('(', '%28')}", 400)
    assert 'id="query-error"' in page and '<pre class="caret">' in page
    caret = re.search(r'<pre class="caret">.*\n( *)\^</pre>', page)
    assert caret and len(caret.group(1)) == column - 1


@pytest.mark.parametrize("url", ["/cable/99NOWHERE1", "/cable/99NOWHERE1/raw", "/cable/99NOWHERE1/graph",
                                 "/cable/99NOWHERE1/diff", f"/cable/{SEED_ID}?rev=9", "/origin/Atlantis", "/no/such/page"])
def test_unknown_ids_and_pages_are_friendly_404s(web, url):
    page = html(web, url, 404)
    assert 'class="error-box"' in page and 'data-status="404"' in page


@pytest.mark.parametrize("url", ["/search?page=0", "/search?page=x", "/search?order=size", f"/cable/{SEED_ID}/graph?depth=99",
                                 f"/cable/{SEED_ID}/diff", "/browse/colours", "/search?q=" + "x" * 3000])
def test_bad_parameters_are_friendly_400s(web, url):
    assert 'class="error-box"' in html(web, url, 400)


ODD = ["<script>alert(1)</script>", "%00", "a%00b", "%ff%fe", "%ED%A0%80", "\u202e\u0301", "x" * 30_000, '"', "(((",
       ")", "-", "*", "tag:", "tag:<b>", "from:9999-99", "ref:../../etc/passwd", "NOT", "a OR", "'; DROP TABLE cables; --",
       "🙂", "..", "%2F..%2F", "\\", "&amp;", "id:09RABAT904"]  # fmt: skip


@pytest.mark.parametrize("odd", ODD)
def test_odd_input_never_breaks_the_server(web, odd):
    urls = [f"/search?q={odd}", f"/api/search?q={odd}", f"/cable/{odd}", f"/api/cables/{odd}", f"/api/cables/{odd}/graph",
            f"/origin/{odd}", f"/api/origins/{odd}", f"/browse/{odd}", f"/cable/{SEED_ID}?rev={odd}", f"/search?q=x&page={odd}"]
    for url in urls:
        response = web.get(url)
        assert response.status_code in (200, 400, 404), (url[:80], response.status_code, response.text[:300])
        if response.headers["content-type"].startswith("text/html"):
            assert "<script>alert" not in response.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_query_is_answered_or_refused(web, query):
    response = web.get("/api/search", params={"q": query})
    assert response.status_code in (200, 400), (query, response.text[:300])


def test_a_fifth_of_the_corpus_renders_with_unique_paragraph_anchors(web):
    hits = []
    for page in range(1, 60):
        found = web.get("/api/search", params={"q": "", "order": "date", "page": page, "limit": 100}).json()["hits"]
        if not found:
            break
        hits += found
    assert len(hits) >= 900
    for hit in hits[::5]:
        page = html(web, f"/cable/{hit['id']}")
        anchors = re.findall(r'<div class="para" id="([^"]+)">', page)
        assert len(anchors) == len(set(anchors)), hit["id"]
        assert all(f'href="#{a}"' in page for a in anchors)

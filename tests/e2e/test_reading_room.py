"""A reader's path through the reading room in a real Chromium: search, facets, histogram, a cable,
its explained header, references, paragraph permalinks, revisions. Screenshots go to artifacts/."""

from __future__ import annotations

import re

import pytest

from e2e.web_archive import CITED_ID, REVISED_ID, REVISED_TO, SEED_ID

pytestmark = pytest.mark.browser


def count_of(text: str) -> int:
    return int(re.search(r"[\d,]+", text).group().replace(",", ""))


def test_search_then_facet_then_histogram_bar(page, artifacts):
    page.goto("/")
    page.fill("header.site input[name=q]", "morocco")
    page.press("header.site input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=morocco$"))
    total = count_of(page.locator(".results .summary .total").inner_text())
    assert total > 20 and page.locator("li.hit").count() == 20
    assert page.locator("li.hit mark").count() > 0
    page.screenshot(path=str(artifacts / "search-morocco.png"), full_page=True)

    facet = page.locator('[data-facet="tag"] li', has=page.locator(".value", has_text=re.compile(r"^PREL$")))
    expected = count_of(facet.locator(".count").inner_text())
    facet.locator("a").click()
    page.wait_for_url(re.compile(r"q=morocco\+tag%3APREL"))
    assert page.locator(".results .summary code.q").inner_text() == "morocco tag:PREL"
    assert count_of(page.locator(".results .summary .total").inner_text()) == expected
    assert page.locator('[data-facet="tag"] li.active .value').inner_text() == "PREL"

    bar = page.locator("figure.histogram a.bar").first
    month = bar.get_attribute("data-month")
    in_month = count_of(bar.get_attribute("aria-label").split(":", 1)[1])
    bar.locator("rect").click()
    page.wait_for_url(re.compile(r"from%3A" + month + r"-01.*to%3A" + month))
    assert count_of(page.locator(".results .summary .total").inner_text()) == in_month
    year, mon = int(month[:4]), int(month[5:])
    for meta in page.locator("li.hit .hit-meta").all_inner_texts():
        assert re.search(r"\d\d (\w{3}) (\d{4})", meta).group(2) == str(year)
    abbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert all(abbreviations[mon - 1] in meta for meta in page.locator("li.hit .hit-meta").all_inner_texts())


def test_open_the_seed_cable_and_read_a_header_token(page, artifacts):
    page.goto("/search?q=%22security+dialogues%22+origin%3Arabat")
    page.locator("li.hit .hit-title a").first.click()
    page.wait_for_url(re.compile(f"/cable/{SEED_ID}$"))
    assert page.locator("h1").inner_text() == "U.S.-MOROCCO SECURITY DIALOGUES"

    token = page.locator('.line[data-element="FL3"] .token', has_text=re.compile(r"^RUEHRB$"))
    tooltip = page.locator("#tooltip")
    assert tooltip.is_hidden()
    token.hover()
    tooltip.wait_for(state="visible")
    explained = page.request.get(f"/api/cables/{SEED_ID}/explain").json()
    gloss = next(g for line in explained if line["element"] == "FL3" for g in line["glosses"] if g["token"] == "RUEHRB")
    assert tooltip.inner_text() == gloss["meaning"] and "RABAT" in gloss["meaning"].upper()
    page.mouse.move(5, 5)
    tooltip.wait_for(state="hidden")

    page.locator('.line[data-element="TAGS"] .token', has_text=re.compile(r"^PREL$")).hover()
    assert "External Political Relations" in tooltip.inner_text()
    badge = page.locator("#p1 .badge")
    assert badge.inner_text() == "S/NF" and "lvl-s" in badge.get_attribute("class")
    page.mouse.move(5, 5)
    page.screenshot(path=str(artifacts / f"cable-{SEED_ID}.png"), full_page=True)


def test_follow_a_reference_and_a_paragraph_permalink(page):
    page.goto(f"/cable/{REVISED_ID}")
    page.locator(f'a.ref.resolved[href="/cable/{CITED_ID}"]').click()
    page.wait_for_url(re.compile(f"/cable/{CITED_ID}$"))
    assert page.locator(".cable-title .id").inner_text() == CITED_ID
    assert page.locator(".metadata ul.cables a", has_text=REVISED_ID).count() == 1  # cited by

    page.locator('a.permalink[href="#p3"]').click()
    page.wait_for_url(re.compile(f"/cable/{CITED_ID}#p3$"))
    assert page.evaluate("document.querySelector(':target').id") == "p3"
    assert page.locator("#p3").is_visible()

    page.goto(f"/cable/{SEED_ID}#p4")
    assert page.evaluate("document.querySelector(':target').id") == "p4"
    top = page.evaluate("document.getElementById('p4').getBoundingClientRect().top")
    assert 0 <= top < 900  # scrolled into view
    assert "intelligence sharing" in page.locator("#p4 .ptext").inner_text()


def test_view_a_revision_diff(page):
    page.goto(f"/cable/{REVISED_ID}")
    page.locator("#diff-link").click()
    page.wait_for_url(re.compile(f"/cable/{REVISED_ID}/diff$"))
    changed = page.locator("#diff-table tr.replace, #diff-table tr.insert")
    assert changed.count() >= 1
    right = " ".join(changed.locator("td.r").all_inner_texts())
    left = " ".join(changed.locator("td.l").all_inner_texts())
    assert REVISED_TO in right and REVISED_TO not in left
    page.select_option("select[name=a]", "2")
    page.select_option("select[name=b]", "1")
    page.locator(".revpick button").click()
    page.wait_for_url(re.compile(r"a=2&b=1"))
    assert REVISED_TO in " ".join(page.locator("#diff-table tr.replace td.l, #diff-table tr.delete td.l").all_inner_texts())


def test_raw_text_on_demand_and_the_reference_graph(page):
    page.goto(f"/cable/{SEED_ID}")
    page.locator("#raw-link").click()
    page.wait_for_url(re.compile(f"/cable/{SEED_ID}/raw$"))
    assert page.locator("#raw-header").inner_text().startswith("VZCZCXYZ0000")
    page.goto(f"/cable/{REVISED_ID}/graph")
    node = page.locator(f'svg.graph a[href="/cable/{CITED_ID}"]')
    node.locator("circle").click()
    page.wait_for_url(re.compile(f"/cable/{CITED_ID}$"))


def test_a_bad_query_gets_a_readable_answer(page):
    response = page.goto("/search?q=morocco+(")
    assert response.status == 400
    assert "unclosed '('" in page.locator("#query-error .message").inner_text()
    response = page.goto("/cable/99NOWHERE1")
    assert response.status == 404 and "99NOWHERE1" in page.locator(".error-box .message").inner_text()

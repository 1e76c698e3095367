"""Write synthetic cables as the containers real ingestion reads (§1.1, §1.2).

* HTML: WikiLeaks' December 2010 cable page — the ``Viewing cable`` heading, the five-column
  ``<table class='cable'>``, two ``<code><pre>`` blocks with ``&#x000A;`` newlines, ``¶``
  paragraph anchors and TAGS links — with a short sidebar instead of the 50 KB one (it keeps the
  2010 layout's image and script, which tell the layouts apart).
* CSV: the 8-column ``cables.csv`` with ``"``-quoted fields and backslash escapes.
"""

from __future__ import annotations

import re

from cablekit.synth.generate import Synthetic

_TAGS_LINE = re.compile(r"^TAGS: (.*)$", re.M)
_TAG_CODE = re.compile(r"[A-Z][A-Z0-9-]*")

PAGE_HEAD = """<?xml version='1.0' encoding='utf-8' ?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html lang='en' xml:lang='en' xmlns='http://www.w3.org/1999/xhtml'>
<head>
<title>Cable Viewer</title>
<link href='/static/css/cables.css' rel='stylesheet' type='text/css' />
</head>
<body>
<div class='main'>
<div class='pane small'>
<a href='/support.html'>
<img alt='Keep Us Strong' src='/img/ja-cg.jpg' />
</a>
<p>Synthetic cable (cablekit synth): not a real document.</p>
</div>
<div class='pane big'>
"""
PAGE_TAIL = """</div>
</div>
<script src='/static/js/js.js' type='text/javascript'></script>
</body>
</html>
"""


def _pre(text: str) -> str:
    # The pages leave the cable's '&' and '<' unescaped (§1.1); generated text has neither.
    return "<code><pre>" + text.replace("\n", "&#x000A;") + "</pre></code>\n"


def _tag_links(match: re.Match[str]) -> str:
    return "TAGS: " + _TAG_CODE.sub(lambda m: f"<a href='/tag/{m.group()}_0.html'>{m.group()}</a>", match.group(1))


def _anchored(block: str) -> str:
    number = block[: block.index(".")]
    return f"<a id='par{number}' href='#par{number}'>¶</a>{block}"


def page_html(cable: Synthetic) -> str:
    """One cable page in the WikiLeaks December 2010 layout."""
    c = cable.container
    created, released = c.created, c.released
    blocks = cable.blocks
    if cable.paragraph_blocks:
        blocks = list(blocks)
        for i in cable.paragraph_blocks:
            blocks[i] = _anchored(blocks[i])
    body = _TAGS_LINE.sub(_tag_links, cable.opening, count=1) + "\n\n".join(blocks)
    return "".join((
        PAGE_HEAD,
        f"<h3>Viewing cable {c.reference_id}, {c.title}</h3>\n",
        "<table class='cable'>\n<tr>\n<th>Reference ID</th>\n<th>Created</th>\n<th>Released</th>\n"
        "<th>Classification</th>\n<th>Origin</th>\n</tr>\n<tr>\n",
        f"<td>\n<a href='/cable/{created:%Y/%m}/{c.reference_id}.html'>{c.reference_id}</a>\n</td>\n",
        f"<td>\n<a href='/date/{created:%Y-%m}_0.html'>{created:%Y-%m-%d %H:%M}</a>\n</td>\n",
        f"<td>\n<a href='/reldate/{released:%Y-%m-%d}_0.html'>{released:%Y-%m-%d %H:%M}</a>\n</td>\n",
        f"<td>\n<a href='/classification/1_0.html' title='{c.classification.lower()}'>{c.classification}</a>\n</td>\n",
        f"<td>\n<a href='/origin/1_0.html'>{c.origin}</a>\n</td>\n",
        "</tr>\n</table>\n",
        _pre(cable.header_text),
        _pre(body),
        PAGE_TAIL,
    ))


def _csv_field(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def csv_row(number: int, cable: Synthetic) -> str:
    """One ``cables.csv`` row: running id, created M/D/YYYY H:MM, id, origin, classification,
    references (``|``-separated), header, body (§1.2)."""
    c = cable.container
    created = f"{c.created.month}/{c.created.day}/{c.created.year} {c.created.hour}:{c.created.minute:02d}"
    fields = (str(number), created, c.reference_id, c.origin, c.classification, "|".join(cable.references),
              cable.header_text, cable.text)
    return ",".join(_csv_field(f) for f in fields) + "\n"

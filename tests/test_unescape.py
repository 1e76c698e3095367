"""unescape, compiled (the pattern tried at each '&'), against its reading as one regex substitution."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.formats.text import _ENTITY, NEWLINE_ENTITY, _entity, unescape

PIECES = ["x", " ", "\n", ";", "&", "&&", "#", "&#", "&#x", "x", "X", "0", "A", "a", "9", NEWLINE_ENTITY, "&#x000",
          "&amp;", "&amp", "&quot;", "&nosuch;", "&#0;", "&#65;", "&#x41;", "&#xD800;", "&#1114112;", "&#x110000;",
          "&lt;", "&AElig;", "&ampx;", "R&D;", "<<220571>>", "\xe9", "\u2019"]


def reference(text: str) -> str:
    return _ENTITY.sub(_entity, text.replace(NEWLINE_ENTITY, "\n"))


def test_random_entities_unescape_as_the_substitution_does():
    rng = random.Random(13)
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(12)))
        assert unescape(text) == reference(text), text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16))
def test_entity_pieces_unescape_as_the_substitution_does(pieces):
    text = "".join(pieces)
    assert unescape(text) == reference(text)

"""The shared character scans (formats/scan.py) say what the str methods they stand for say."""

import re

from hypothesis import given
from hypothesis import strategies as st

from cablekit.formats.scan import (digits_end, find_char, only_spaces, rfind_char, skip_blanks, skip_blanks_back, substring,
                                   word_at)

TEXTS = st.text(alphabet=st.sampled_from("ab \t\n\r\x0b\u00a0\u2003é¶\u4e00\U0001f600"), max_size=40)
CHARS = st.sampled_from("a \t\n¶\u4e00\U0001f600")


@given(TEXTS, CHARS, st.integers(-3, 45), st.integers(-3, 45))
def test_find_char_is_str_find(text, char, start, end):
    start, end = max(start, 0), min(max(end, 0), len(text))  # callers pass bounds inside the text
    assert find_char(text, char, start, end) == text.find(char, start, end)
    assert rfind_char(text, char, start, end) == text.rfind(char, start, end)


# two-byte text holding characters one of whose bytes is the byte searched for ("\u6100" and
# "\u0161" for "a", "\u0a0a" for "\n"): find_char searches its bytes and must not stop there
TWO_BYTE_TEXTS = st.text(alphabet=st.sampled_from("ab\n \u6100\u0161\u0a0a\u610a\u00e9"), max_size=40).map(
    lambda text: text + "\u2003")


@given(TWO_BYTE_TEXTS, st.sampled_from("a\n\u00e9"), st.integers(0, 45), st.integers(0, 45))
def test_find_char_in_two_byte_text_is_str_find(text, char, start, end):
    end = min(end, len(text))
    assert find_char(text, char, start, end) == text.find(char, start, end)


@given(TEXTS, st.integers(0, 45), st.integers(0, 45))
def test_skip_blanks_skips_spaces_and_tabs_only(text, start, end):
    end = min(end, len(text))
    at = skip_blanks(text, start, end)
    assert at == max(start, min(end, start + len(text[start:end]) - len(text[start:end].lstrip(" \t"))))


@given(TEXTS, st.integers(0, 45), st.integers(0, 45))
def test_only_spaces_is_isspace_of_the_slice(text, start, end):
    end = min(end, len(text))
    assert only_spaces(text, start, end) == (text[start:end].isspace() or not text[start:end])


@given(TEXTS, st.integers(0, 45), st.integers(0, 45))
def test_substring_is_the_slice(text, start, end):
    end = max(start, end)
    assert substring(text, start, end) == text[start:end]


@given(TEXTS, st.integers(0, 45), TEXTS)
def test_word_at_is_startswith(text, at, word):
    assert word_at(text, at, word) == text.startswith(word, at)
    assert word_at(text, at, text[at:at + 3]) == (at <= len(text))


@given(st.text(alphabet=st.sampled_from("0123456789a \u0663\u00b2"), max_size=20), st.integers(0, 25), st.integers(0, 25))
def test_digits_end_is_the_end_of_the_ascii_digits(text, start, end):
    end = min(end, len(text))
    expected = re.compile("[0-9]*").match(text, start, end).end() if start <= end else start  # ASCII digits only
    assert digits_end(text, start, end) == expected


@given(TEXTS, st.integers(0, 45), st.integers(0, 45))
def test_skip_blanks_back_is_the_start_of_the_trailing_blanks(text, lo, end):
    end = min(end, len(text))
    lo = min(lo, end)
    assert skip_blanks_back(text, lo, end) == lo + len(text[lo:end].rstrip(" \t"))

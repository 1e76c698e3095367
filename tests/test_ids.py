"""Reference ids (§5.1): an id already clean is recognised by one regex; it must be what the
general cleaning gives, for the corpus' ids and random edits of them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse import ids
from cablekit.parse.ids import _cleaned, clean_reference_id
from element_inputs import edited
from test_opening import wikileaks_pages


def _corpus_ids():
    return tuple(page.id for page in wikileaks_pages())


@pytest.mark.parametrize("rid, clean", [
    ("09RABAT904", "09RABAT904"), ("0909RABAT904", "09RABAT904"), ("09SECTION1OF2RABAT904", "09RABAT904"),
    ("09AMEMBASSYRABAT904", "09RABAT904"), ("09rabat904", "09RABAT904"), ("1974ATHENS02959", "1974ATHENS02959"),
    ("08EFTOROME12", "08ROME12"), ("08USNATO12", "08USNATO12"),
])
def test_clean_reference_id(rid, clean):
    assert clean_reference_id(rid) == clean == _cleaned(rid)


def test_corpus_ids_clean_as_the_general_cleaning():
    ids = _corpus_ids()
    assert len(ids) > 800
    assert [rid for rid in ids if clean_reference_id(rid) != _cleaned(rid)] == []


@settings(max_examples=1000, deadline=None)
@given(edited(_corpus_ids, ["0", "9", "09", "A", "a", "-", " ", "CTION1OF2", "SECTION01OF02", "EFTO", "EMBASSY",
                            "USMISSION", "NOFORN", "SIPDIS", "19", "20"]))
def test_edited_ids_clean_as_the_general_cleaning(rid):
    assert clean_reference_id(rid) == _cleaned(rid)


_ID_CHARS = st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-")


@settings(max_examples=3000, deadline=None)
@given(st.one_of(
    st.text(alphabet=_ID_CHARS, max_size=30),
    st.tuples(st.sampled_from(["19", "20", "09", "1975", "2004", "1", "195", ""]),
              st.text(alphabet=st.sampled_from("ABCZ-"), max_size=45),
              st.text(alphabet=st.sampled_from("0123456789"), max_size=9)).map("".join),
    st.text(max_size=20)))
def test_year_of_id_scan_reads_as_the_regexes(rid):
    scanned = ids.year_digits_scan(rid)
    expected = ids.year_of_id_regex(rid)
    if scanned >= 0:
        assert (None if scanned == 0 else ids.year_of_id_regex(rid)) == expected
        assert scanned == (0 if expected is None else 4 if ids.NARA_MRN.match(rid) else 2)
    assert ids.year_of_id(rid) == (expected if rid else None)


def test_year_of_id_scan_reads_the_corpus_ids_as_the_regexes():
    for rid in _corpus_ids():
        assert ids.year_of_id(rid) == ids.year_of_id_regex(rid), rid


@settings(max_examples=3000, deadline=None)
@given(st.one_of(
    edited(_corpus_ids, ["0", "9", "09", "A", "a", "-", " ", "CTION1OF2", "CTIONOF2", "CTION12OF", "CTION1OFA",
                         "EFTO", "EFT", "EMBASSY", "USMISSION", "NOFORN", "SIPDIS", "SIPDI", "é", "\u0663"]),
    st.text(alphabet=st.sampled_from("09AZCEFIMNOPSTUY-a "), max_size=20)))
def test_clean_id_scan_reads_as_the_regex(rid):
    assert ids.clean_id_scan(rid) == (ids._CLEAN.fullmatch(rid) is not None)

"""parse/blanks.single_blanks says what ``" ".join(text.split())`` says."""

from hypothesis import given
from hypothesis import strategies as st

from cablekit.parse.blanks import single_blanks

TEXTS = st.text(alphabet=st.sampled_from("ab. \t\n\r\x0b\x0c\x1c\x1f\x01\x7f\x85\u00a0\u2003é"), max_size=30)


@given(TEXTS)
def test_single_blanks_is_split_and_join(text):
    assert single_blanks(text) == " ".join(text.split())


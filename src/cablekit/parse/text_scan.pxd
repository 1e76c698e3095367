# The C signatures of text_scan.py's functions, for the modules that cimport them (see text_scan.py).
cdef bint is_digit(Py_UCS4 c) noexcept
cdef bint is_ascii_letter(Py_UCS4 c) noexcept
cdef Py_ssize_t skip_digits(str text, Py_ssize_t i, Py_ssize_t end) noexcept
cdef bint only_rule_chars(str text, Py_ssize_t a, Py_ssize_t b) noexcept
cdef bint is_rule_line(str line)
cdef (Py_ssize_t, Py_ssize_t) strip_bounds(str text, Py_ssize_t a, Py_ssize_t b) noexcept
cdef Py_ssize_t rstrip_end(str text, Py_ssize_t a, Py_ssize_t b) noexcept
cdef Py_ssize_t prev_line_start(str text, Py_ssize_t line_start) noexcept
cdef bint is_blank_before(str text, Py_ssize_t line_start) noexcept
cdef (Py_ssize_t, Py_ssize_t) blank_line(str text, Py_ssize_t a, Py_ssize_t b) noexcept
cpdef (Py_ssize_t, Py_ssize_t) blank_line_scan(str text, Py_ssize_t a, Py_ssize_t b) noexcept
cdef bint banner_clue(str s) noexcept
cdef bint banner_text_clue(str text, Py_ssize_t a, Py_ssize_t b) noexcept
cdef bint may_be_banner(str s)

# The C signatures of line_kinds' functions, for the modules that cimport them (see line_kinds.py).
cpdef tuple line_kind(str text)
cpdef tuple line_kind_typed(str text)
cdef tuple keyword_at_start(str text)
cdef bint blank(Py_UCS4 c) noexcept
cdef bint same_letter(Py_UCS4 c, Py_UCS4 upper) noexcept
cdef bint any_case_at(str text, Py_ssize_t n, Py_ssize_t i, str word)
cdef Py_ssize_t blanks(str text, Py_ssize_t n, Py_ssize_t i)
cdef bint holds(str text, str word)
cdef bint has_digit_run(str text, Py_ssize_t run)
cdef bint numbered_paragraph(str text)
cpdef bint ref_item(str text)

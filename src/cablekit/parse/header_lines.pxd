# The C signatures of header_lines.py's readers, for header.py, which cimports them (see header_lines.py).
cpdef object usual_addressee(str role, str s)
cpdef bint is_collective(str name) except -1
cdef bint spaced_words(str s) noexcept

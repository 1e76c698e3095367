# The C signatures of scan.py's functions, for the modules that cimport them (see scan.py).
cpdef Py_ssize_t find_char(str text, Py_UCS4 char, Py_ssize_t start, Py_ssize_t end) noexcept
cpdef Py_ssize_t rfind_char(str text, Py_UCS4 char, Py_ssize_t start, Py_ssize_t end) noexcept
cpdef Py_ssize_t digits_end(str text, Py_ssize_t i, Py_ssize_t end) noexcept
cpdef Py_ssize_t skip_blanks(str text, Py_ssize_t i, Py_ssize_t end) noexcept
cpdef Py_ssize_t skip_blanks_back(str text, Py_ssize_t lo, Py_ssize_t i) noexcept
cpdef bint only_spaces(str text, Py_ssize_t start, Py_ssize_t end) noexcept
cpdef str substring(str text, Py_ssize_t start, Py_ssize_t end)
cpdef bint word_at(str text, Py_ssize_t i, str word) noexcept
cdef Py_ssize_t ascii_end(const unsigned char *src, Py_ssize_t i, Py_ssize_t size) noexcept

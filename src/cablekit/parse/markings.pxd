# The C signatures of markings.py's functions, for the modules that cimport them (see markings.py).
cpdef tuple portion_mark_at(str text, Py_ssize_t pos=*, object endpos=*)

cdef class PortionMark:
    cdef public object mark
    cdef public Py_ssize_t end

cdef bint read_portion_mark(str text, Py_ssize_t pos, Py_ssize_t end, PortionMark found)

# The C signature of flow.paragraph_text, for paragraphs.py that cimports it (see flow.py).
cpdef str paragraph_text(str text, Py_ssize_t a, Py_ssize_t b)

# str.isascii() as the C macro it is (a method call costs ~80 instructions), for flow.py
cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object text)

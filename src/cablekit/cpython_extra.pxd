# C API functions that Cython's own declarations (Cython/Includes/cpython) lack, for the compiled
# modules to cimport. Extern declarations only: nothing here is compiled or imported at run time,
# so this file sits outside formats/ and parse/ (see _compiled.py: a .pxd there is a module's).
from cpython.object cimport PyObject

cdef extern from "Python.h":
    # A str to write in place, held as a pointer: PyUnicode_Resize may move it.
    PyObject *new_str_pointer "PyUnicode_New"(Py_ssize_t size, Py_UCS4 maxchar) except NULL
    # Shortens a str no one else holds yet; in place where realloc can.
    int PyUnicode_Resize(PyObject **text, Py_ssize_t length) except -1
    # str.isascii() as the C macro it is (the method call costs ~80 instructions)
    bint PyUnicode_IS_ASCII(object text)

# The C signature of markings.portion_mark_at, for the modules that cimport it (see markings.py).
cpdef tuple portion_mark_at(str text, Py_ssize_t pos=*, object endpos=*)

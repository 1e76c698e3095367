# The C signature of blanks.single_blanks, for the modules that cimport it (see blanks.py).
cpdef str single_blanks(str text)

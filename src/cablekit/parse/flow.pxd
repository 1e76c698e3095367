# The C signature of flow.paragraph_text, for paragraphs.py that cimports it (see flow.py).
cpdef str paragraph_text(str text, Py_ssize_t a, Py_ssize_t b)


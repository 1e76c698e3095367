"""Builds the compiled reader: the modules of formats/ and parse/, turned into C by Cython.

The same .py files are the source of truth and the fallback: where no C compiler is at hand
the build still succeeds (each extension is optional) and Python reads the source instead.
`CABLEKIT_PURE_BUILD=1` skips compiling altogether. See `cablekit/_compiled.py` for how a
stale or unwanted compiled module is passed over at import time.
"""

import os
from pathlib import Path

from setuptools import setup

COMPILED_PACKAGES = ("formats", "parse")


def compiled_modules() -> list[str]:
    root = Path("src/cablekit")
    return sorted(
        str(path)
        for package in COMPILED_PACKAGES
        for path in (root / package).glob("*.py")
        if path.name != "__init__.py"
    )


def extensions() -> list:
    if os.environ.get("CABLEKIT_PURE_BUILD"):
        return []
    from Cython.Build import cythonize

    modules = cythonize(compiled_modules(), language_level=3, quiet=True, nthreads=os.cpu_count() or 1)
    for module in modules:
        module.optional = True  # a failed compile leaves that module to the interpreter
    return modules


setup(ext_modules=extensions(), options={"build_ext": {"parallel": os.cpu_count() or 1}})

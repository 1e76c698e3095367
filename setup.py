"""Builds the compiled reader: the modules of formats/ and parse/, turned into C by Cython.

The same .py files are the source of truth and the fallback: where no C compiler is at hand
the build still succeeds (each extension is optional) and Python reads the source instead.
`CABLEKIT_PURE_BUILD=1` skips compiling altogether. `CABLEKIT_PGO=generate|use` adds gcc's
profile-guided optimisation flags (scripts/build-reader runs both steps). See `cablekit/_compiled.py` for how a
stale or unwanted compiled module is passed over at import time.
"""

import importlib.util
import os
from pathlib import Path

from setuptools import setup


def compiled_packages() -> tuple[str, ...]:
    """``cablekit._compiled.COMPILED_PACKAGES``, read from its file (cablekit itself may not be
    importable in the build's environment)."""
    spec = importlib.util.spec_from_file_location("_compiled", "src/cablekit/_compiled.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.COMPILED_PACKAGES


def compiled_modules() -> list[str]:
    root = Path("src/cablekit")
    return sorted(
        str(path)
        for package in compiled_packages()
        for path in (root / package).glob("*.py")
        if path.name != "__init__.py"
    )


# gcc's profile-guided optimisation: "generate" instruments the modules, whose runs leave a .gcda
# profile beside each object file under build/; "use" compiles with those profiles. Functions
# the training did not reach, or whose code changed since, are compiled as without a profile.
PGO_FLAGS = {
    "generate": (["-fprofile-generate", "-fprofile-update=single"], ["-fprofile-generate"]),
    "use": (["-fprofile-use", "-fprofile-partial-training", "-fprofile-correction",
             "-Wno-missing-profile", "-Wno-coverage-mismatch"], []),
}  # fmt: skip


def extensions() -> list:
    if os.environ.get("CABLEKIT_PURE_BUILD"):
        return []
    from Cython.Build import cythonize

    # include_path: where `cimport cablekit.formats.scan` finds scan.pxd
    modules = cythonize(
        compiled_modules(), include_path=["src"], language_level=3, quiet=True, nthreads=os.cpu_count() or 1
    )
    compile_flags, link_flags = PGO_FLAGS.get(os.environ.get("CABLEKIT_PGO", ""), ([], []))
    for module in modules:
        module.optional = True  # a failed compile leaves that module to the interpreter
        module.extra_compile_args += compile_flags
        module.extra_link_args += link_flags
    return modules


setup(ext_modules=extensions(), options={"build_ext": {"parallel": os.cpu_count() or 1}})

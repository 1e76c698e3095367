"""Which reader runs: the compiled modules of formats/ and parse/ (setup.py) or their Python source.

A compiled module is used only while it is at least as new as its .py file. After an edit, and
until `make setup` rebuilds it, the source runs (with one warning), so nobody tests stale C.
`CABLEKIT_PURE=1` runs the source everywhere: the reference the compiled reader is tested against.
"""

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from pathlib import Path

COMPILED_PACKAGES = ("cablekit.formats.", "cablekit.parse.")
_warned = False


class _SourceUnlessCompiledIsCurrent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if not name.startswith(COMPILED_PACKAGES):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
            return spec
        compiled = Path(spec.origin)
        source = compiled.with_name(name.rpartition(".")[2] + ".py")
        if not source.exists():
            return spec
        if os.environ.get("CABLEKIT_PURE"):
            return importlib.util.spec_from_file_location(name, source)
        if source.stat().st_mtime > compiled.stat().st_mtime:
            _warn_stale(source)
            return importlib.util.spec_from_file_location(name, source)
        return spec


def _warn_stale(source: Path) -> None:
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(
            f"cablekit: the compiled reader is older than {source.name} (and perhaps others); "
            "running their Python source, which is slower. `make setup` rebuilds it.",
            RuntimeWarning,
            stacklevel=2,
        )


def install() -> None:
    """Put the finder first on sys.meta_path (once)."""
    if not any(isinstance(finder, _SourceUnlessCompiledIsCurrent) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourceUnlessCompiledIsCurrent())


def reader_build() -> str:
    """How the reader runs, in words: how many of its loaded modules are compiled."""
    import cablekit.parse.reader  # noqa: F401  (loads the whole reader)

    loaded = [m for name, m in sys.modules.items() if name.startswith(COMPILED_PACKAGES)]
    compiled = sum(not (getattr(m, "__file__", None) or ".py").endswith(".py") for m in loaded)
    if compiled == len(loaded):
        return "compiled (Cython)"
    if compiled == 0:
        return "Python source (not compiled" + (", CABLEKIT_PURE set)" if os.environ.get("CABLEKIT_PURE") else ")")
    return f"{compiled} of {len(loaded)} modules compiled"

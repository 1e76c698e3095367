"""Which reader runs: the compiled modules of formats/ and parse/ (setup.py) or their Python source.

A compiled module is used only while it is at least as new as its .py file, and while every
module that others may cimport (those with a .pxd, such as `formats/scan.py`) is compiled and
current too: their C functions exist only in their compiled module. After an edit, and until
`make setup` rebuilds it, the source runs (with one warning), so nobody tests stale C.
`CABLEKIT_PURE=1` runs the source everywhere: the reference the compiled reader is tested against.
"""

import functools
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from pathlib import Path

COMPILED_PACKAGES = ("formats", "parse")  # the packages of cablekit that setup.py compiles
_PREFIXES = tuple(f"cablekit.{package}." for package in COMPILED_PACKAGES)
_warned = False


class _SourceUnlessCompiledIsCurrent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if not name.startswith(_PREFIXES):
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
        stale = _stale_shared_source() or (source if _newer(source, compiled) else None)
        if stale is not None:
            _warn_stale(stale)
            return importlib.util.spec_from_file_location(name, source)
        return spec


def _newer(source: Path, compiled: Path) -> bool:
    return source.stat().st_mtime > compiled.stat().st_mtime


@functools.cache
def _stale_shared_source() -> Path | None:
    """The source (.py or .pxd) of a module that others cimport, newer than its compiled module
    (or with none compiled), if any."""
    root = Path(__file__).parent
    for package in COMPILED_PACKAGES:
        for declarations in sorted((root / package).glob("*.pxd")):
            module = f"cablekit.{package}.{declarations.stem}"
            spec = importlib.machinery.PathFinder.find_spec(module, [str(declarations.parent)])
            if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
                return declarations
            for source in (declarations, declarations.with_suffix(".py")):
                if _newer(source, Path(spec.origin)):
                    return source
    return None


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

    loaded = [m for name, m in sys.modules.items() if name.startswith(_PREFIXES)]
    compiled = sum(not (getattr(m, "__file__", None) or ".py").endswith(".py") for m in loaded)
    if compiled == len(loaded):
        return "compiled (Cython)"
    if compiled == 0:
        return "Python source (not compiled" + (", CABLEKIT_PURE set)" if os.environ.get("CABLEKIT_PURE") else ")")
    return f"{compiled} of {len(loaded)} modules compiled"

"""cablekit — read, archive, search and serve US State Department cables.

>>> import cablekit
>>> cable = cablekit.read("09RABAT904.txt")       # a path, bytes, or the text itself
>>> cable.header.dtg, cable.body.tags[0].meaning
"""

from cablekit import _compiled

_compiled.install()  # before any module of the reader is imported

from cablekit.model import Cable  # noqa: E402

__version__ = "0.1.0"


def read(source, *, format: str | None = None):
    """Read one cable file (path, bytes or text) into a :class:`Cable` record.

    A container holding several cables (``cables.csv``) returns a list of records.
    """
    from cablekit.parse.reader import read as _read

    return _read(source, format=format)


__all__ = ["Cable", "read", "__version__"]

"""osaikg: the Open Source AI Knowledge Graph."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("osaikg")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

from .errors import InputError, InvalidDataError, OsaikgError, QueryError  # noqa: E402
from .kg import KnowledgeGraph, Rows  # noqa: E402

__all__ = ["KnowledgeGraph", "Rows", "OsaikgError", "InputError", "InvalidDataError", "QueryError", "__version__"]

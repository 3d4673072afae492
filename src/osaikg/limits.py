"""Every resource limit of the tools, with its default, in one place (SECURITY.md lists them).

Each can be changed through an environment variable named ``OSAIKG_<NAME>``.
"""
from __future__ import annotations

import os
import threading
from typing import Callable, TypeVar

from .errors import OsaikgError

T = TypeVar("T")

DEFAULTS = {
    "MAX_INPUT_BYTES": 512 * 1024 * 1024,  # one RDF file read into memory
    "MAX_NESTING": 100,  # brackets in a SPARQL query; arrays/objects in JSON-LD
    "MAX_QUERY_BYTES": 16 * 1024,  # length of a SPARQL query text
    "MAX_ROWS": 100_000,  # rows of one query result
    "QUERY_TIMEOUT": 30.0,  # seconds for one query
    "VALIDATION_TIMEOUT": 600.0,  # seconds for one SHACL validation
}


def limit(name: str):
    """The limit ``name``: the environment's ``OSAIKG_<name>`` when set, else the default."""
    default = DEFAULTS[name]
    raw = os.environ.get(f"OSAIKG_{name}")
    if raw is None:
        return default
    try:
        return type(default)(raw)
    except ValueError:
        raise OsaikgError(f"OSAIKG_{name} must be a number, not {raw!r}") from None


class TimeLimitExceeded(OsaikgError):
    """An operation ran past its time limit: reported as an error, never as a partial result."""


def run_with_timeout(fn: Callable[[], T], seconds: float, what: str) -> T:
    """Run ``fn`` in a worker thread and wait at most ``seconds``.

    Oxigraph releases the GIL while it evaluates a query and pySHACL yields it regularly, so the
    caller regains control on time. The worker cannot be killed; it is a daemon thread, so a
    command-line process exits at once, and a long-lived process merely loses the result.
    """
    outcome: dict[str, object] = {}

    def work():
        try:
            outcome["value"] = fn()
        except BaseException as err:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = err

    worker = threading.Thread(target=work, name=f"osaikg-{what}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeLimitExceeded(f"{what} took longer than {seconds:g} s and was abandoned (raise the limit with the OSAIKG_* setting in SECURITY.md)")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]

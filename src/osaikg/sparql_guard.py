"""Checks every SPARQL query passes before an engine sees it.

No query path of the project reaches the network: ``SERVICE``, ``FROM``/``FROM NAMED`` (which
rdflib dereferences) and updates (``LOAD`` among them) are refused. Length and bracket nesting are
capped lexically first, because deep nesting crashes Oxigraph (stack overflow) and rdflib
(RecursionError) — shared/research/publishing-and-security.md, B0 rows 6-12.
"""
from __future__ import annotations

import rdflib.plugins.sparql
from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from .errors import QueryError
from .limits import limit


class QueryRefused(QueryError):
    """A query that is well formed but not allowed: network access (SERVICE, FROM) or an update."""


# rdflib would otherwise fetch FROM/LOAD graph IRIs over HTTP.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting of a SPARQL text, ignoring strings, IRIs and comments."""
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        elif c == "<" and _iri_ahead(text, i):
            i = text.find(">", i)
        elif c in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif c in ")}]":
            depth -= 1
        i += 1
    return deepest


def _iri_ahead(text: str, i: int) -> bool:
    end = text.find(">", i)
    return end > 0 and not any(ch in " \t\n\"{}|^`" for ch in text[i + 1 : end])


def check_query(text: str, name: str = "query"):
    """Parse ``text`` as a read-only, local SPARQL query; return rdflib's parse tree."""
    max_bytes = limit("MAX_QUERY_BYTES")
    if len(text.encode("utf-8")) > max_bytes:
        raise QueryError(f"{name}: the query is longer than {max_bytes} bytes (OSAIKG_MAX_QUERY_BYTES)")
    depth, max_depth = nesting_depth(text), limit("MAX_NESTING")
    if depth > max_depth:
        raise QueryError(f"{name}: the query nests brackets {depth} deep, more than {max_depth} (OSAIKG_MAX_NESTING)")
    try:
        parsed = parseQuery(text)
    except RecursionError:
        raise QueryError(f"{name}: the query is nested too deeply to parse") from None
    except Exception as err:  # noqa: BLE001 - pyparsing errors carry line and column
        if _is_update(text):
            raise QueryRefused(f"{name}: updates are refused; the graph is read-only") from None
        line = getattr(err, "lineno", None)
        raise QueryError(f"{name}{f':{line}' if line else ''}: SPARQL syntax error: {getattr(err, 'msg', err)}") from None
    if _contains(parsed, "ServiceGraphPattern"):
        raise QueryRefused(f"{name}: SERVICE (federated query) is refused; queries never reach the network")
    if _contains(parsed, "datasetClause"):
        raise QueryRefused(f"{name}: FROM and FROM NAMED are refused; query the named graphs with GRAPH instead")
    return parsed


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - not an update either
        return False
    return True


def _contains(node, name: str) -> bool:
    """True when rdflib's parse tree has a part called ``name`` anywhere."""
    stack = [node]
    while stack:
        item = stack.pop()
        if getattr(item, "name", None) == name:
            return True
        if isinstance(item, dict):  # rdflib's CompValue
            if name in item:
                return True
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return False

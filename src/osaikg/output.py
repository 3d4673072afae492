"""Rendering query results: table on a terminal, csv/tsv/json/markdown for pipes and files."""
from __future__ import annotations

import csv
import io
import json
import textwrap

from rdflib import BNode, Literal, URIRef

from .namespaces import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "markdown")


def compact(term) -> str:
    """A term as a person reads it: prefixed name for known namespaces, the lexical form of literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        matches = [(len(str(ns)), prefix, ns) for prefix, ns in PREFIXES.items() if term.startswith(str(ns))]
        if matches:
            _, prefix, namespace = max(matches)  # the most specific namespace: model:bloom, not id:model/bloom
            return f"{prefix}:{term[len(str(namespace)):]}"
        return str(term)
    return str(term)


def render(columns: list[str], rows: list[tuple], fmt: str, width: int | None = None) -> str:
    """Rows as text. ``width`` (a terminal's columns) wraps the table's longest cells to fit it."""
    if fmt == "json":
        return json.dumps(sparql_json(columns, rows), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else str(v) for v in row])
        return buffer.getvalue()
    if fmt == "tsv":
        # one line per row, for cut, awk and sort: no quoting; tab, newline and backslash escaped
        lines = ["\t".join(columns)]
        lines += ["\t".join("" if v is None else _tsv_escape(str(v)) for v in row) for row in rows]
        return "\n".join(lines) + "\n"
    cells = [[" ".join(compact(v).split()) for v in row] for row in rows]  # one line per cell
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    return _table(columns, cells, width) + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def _tsv_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


GAP = 2  # spaces between table columns
MIN_WRAPPED = 12  # a wrapped column keeps at least this many characters (or its header's length)


def _table(columns: list[str], cells: list[list[str]], width: int | None) -> str:
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    if width:
        widths = _fit(widths, columns, cells, width)
    wrapped = [[_wrap(cell, w) for cell, w in zip(row, widths)] for row in cells]
    multiline = any(len(lines) > 1 for row in wrapped for lines in row)

    def line(values):
        return (" " * GAP).join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    for row in wrapped:
        height = max((len(lines) for lines in row), default=1)
        out += [line([lines[i] if i < len(lines) else "" for lines in row]) for i in range(height)]
        if multiline:
            out.append("")  # rows that wrap are told apart by a blank line
    return "\n".join(out) + "\n"


def _fit(widths: list[int], columns: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Narrow the widest column, one character at a time, until the table fits ``width`` (or no column
    can shrink): long columns end up sharing the room equally, short ones keep their width. Between
    columns of equal width, prose goes first (it wraps between words; identifiers wrap mid-word)."""
    widths = list(widths)
    prose = [any(" " in row[i] for row in cells) for i in range(len(columns))]
    floor = [max(len(c), MIN_WRAPPED) for c in columns]
    excess = sum(widths) + GAP * (len(widths) - 1) - width
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], prose[i], -i))
        widths[widest] -= 1
        excess -= 1
    return widths


def _wrap(cell: str, width: int) -> list[str]:
    if len(cell) <= width:
        return [cell]
    return textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=False) or [""]


def sparql_json(columns: list[str], rows: list[tuple]) -> dict:
    """The W3C SPARQL 1.1 Query Results JSON format."""
    bindings = []
    for row in rows:
        binding = {}
        for name, value in zip(columns, row):
            if value is None:
                continue
            if isinstance(value, URIRef):
                binding[name] = {"type": "uri", "value": str(value)}
            elif isinstance(value, BNode):
                binding[name] = {"type": "bnode", "value": str(value)}
            elif isinstance(value, Literal):
                entry = {"type": "literal", "value": str(value)}
                if value.language:
                    entry["xml:lang"] = value.language
                elif value.datatype:
                    entry["datatype"] = str(value.datatype)
                binding[name] = entry
            else:
                binding[name] = {"type": "literal", "value": str(value)}
        bindings.append(binding)
    return {"head": {"vars": columns}, "results": {"bindings": bindings}}

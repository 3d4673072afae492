"""Rendering query results: table on a terminal, csv/tsv/json/markdown for pipes and files."""
from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef

from .namespaces import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "markdown")


def compact(term) -> str:
    """A term as a person reads it: prefixed name for known namespaces, the lexical form of literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        matches = [(len(str(ns)), prefix, str(ns)) for prefix, ns in PREFIXES.items() if term.startswith(str(ns))]
        if matches:
            _, prefix, namespace = max(matches)  # the most specific namespace: model:bloom, not id:model/bloom
            return f"{prefix}:{term[len(str(namespace)):]}"
        return str(term)
    return str(term)


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(sparql_json(columns, rows), indent=2, ensure_ascii=False) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else str(v) for v in row])
        return buffer.getvalue()
    cells = [[compact(v) for v in row] for row in rows]
    if fmt == "markdown":
        escape = lambda s: s.replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths])] + [line(row) for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


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

"""Shape hygiene: the shapes themselves are checked before any data is validated against them.

Three mistakes make SHACL validation silently wrong or slow, so each is an error here:

- shapes that SHACL-for-SHACL (the W3C's shapes for shapes graphs) rejects, e.g. ``sh:minCount "one"``;
- terms in ``https://www.w3.org/ns/shacl#`` (https): SHACL's namespace is ``http://www.w3.org/ns/shacl#``,
  and pySHACL, finding no shapes at all, reports "Conforms";
- ``sh:pattern`` regular expressions with a quantified group that contains a quantifier, such as
  ``^(a+)+$``: backtracking makes them exponential (pySHACL takes seconds on a short string).

The project's conventions are checked too: a property shape named by ``sh:property`` has an IRI, an
``sh:name``, an ``sh:message`` and a deliberate ``sh:severity``, and so has a SPARQL constraint
(``sh:name`` aside). Every problem names its file, line and shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from . import paths
from .errors import OsaikgError
from .output import compact
from .parse import parse_file

WRONG_SHACL = "https://www.w3.org/ns/shacl"

try:  # the regex parser of the standard library (re._parser since 3.11, sre_parse before)
    from re import _parser as _regex_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_parse as _regex_parser  # type: ignore[no-redef]


class ShapeHygieneError(OsaikgError):
    """The shapes are malformed: nothing can be validated against them (exit 2)."""

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"the shapes are not well formed ({len(problems)} problem{'s' if len(problems) != 1 else ''}):\n{lines}")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    shape: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.shape}: {self.message}"


def check_files(files: list[Path] | None = None) -> list[Problem]:
    """Every hygiene problem of the given shapes files (default: ``shapes/*.ttl``)."""
    from .validate import locate  # validate imports nothing from here; import late to keep it so

    files = [Path(f) for f in (files if files is not None else paths.turtle_files(paths.shapes_dir()))]
    if not files:
        return []
    problems: list[Problem] = []
    merged = Graph()
    graphs = {}
    for path in files:
        graph = parse_file(path)
        graphs[path] = graph
        merged += graph

    def problem(path: Path, node, message: str) -> Problem:
        name = compact(node) if isinstance(node, URIRef) else "(blank node)"
        line = locate(path, graphs[path], str(node)) if isinstance(node, URIRef) else None
        return Problem(str(path), line, name, message)

    def file_of(node) -> Path:
        return next((p for p, g in graphs.items() if (node, None, None) in g), files[0])

    for path, graph in graphs.items():
        problems += [problem(path, s, m) for s, m in wrong_namespace(graph)]
        problems += [problem(path, s, m) for s, m in unsafe_patterns(graph)]
    # On all files together: a node shape in one file may use a property shape declared in another.
    for node, message in convention_breaches(merged) + meta_shacl(merged):
        problems.append(problem(file_of(node), node, message))
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.shape, p.message))


def ensure_clean(files: list[Path] | None = None) -> None:
    """Raise :class:`ShapeHygieneError` when the shapes have any hygiene problem.

    SHACL-for-SHACL takes seconds in pySHACL, so shapes found clean are remembered by the hash of their
    bytes (and pySHACL's version) in the user's cache folder; any edit changes the hash.
    """
    files = [Path(f) for f in (files if files is not None else paths.turtle_files(paths.shapes_dir()))]
    marker = _clean_marker(files)
    if marker is not None and marker.exists():
        return
    problems = check_files(files)
    if problems:
        raise ShapeHygieneError(problems)
    if marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:  # a read-only home: check again next time
            pass


def _clean_marker(files: list[Path]) -> Path | None:
    import hashlib
    import os

    import pyshacl

    digest = hashlib.sha256(f"osaikg shape hygiene 1; pyshacl {pyshacl.__version__}".encode())
    for path in files:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            return None
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "osaikg" / "clean-shapes" / digest.hexdigest()


def wrong_namespace(graph: Graph) -> list[tuple]:
    """Subjects that use a term in https://www.w3.org/ns/shacl# (SHACL's namespace is http:)."""
    found = []
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(WRONG_SHACL):
                found.append((s, f"uses {term}, which is not SHACL: the namespace is http://www.w3.org/ns/shacl# "
                                 "(with https, pySHACL finds no shapes and reports 'Conforms')"))
    return found


def unsafe_patterns(graph: Graph) -> list[tuple]:
    """``sh:pattern`` values that do not compile or that nest quantifiers."""
    found = []
    for shape, pattern in graph.subject_objects(SH.pattern):
        flags = str(graph.value(shape, SH.flags) or "")
        reason = nested_quantifier(str(pattern), flags)
        if reason:
            found.append((shape, f"sh:pattern {str(pattern)!r} {reason}"))
    return found


def nested_quantifier(pattern: str, flags: str = "") -> str | None:
    """Why ``pattern`` is unsafe (nested quantifier, or not a regex at all), or None when it is safe."""
    try:
        tree = _regex_parser.parse(pattern, _python_flags(flags))
    except Exception as err:  # noqa: BLE001 - re.error and friends: any failure means "not a regex"
        return f"is not a valid regular expression: {err}"
    inner = _find_nested_repeat(tree, inside_repeat=False)
    if inner:
        return f"has a nested quantifier ({inner}): a repeated group that itself contains a quantifier backtracks exponentially"
    return None


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _find_nested_repeat(items, inside_repeat: bool) -> str | None:
    """The first repeat inside a repeat that can match more than once, as 'a quantifier inside a quantifier'."""
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            low, high, sub = arg
            if inside_repeat:
                return "a quantifier inside a repeated group"
            repeats = high is _regex_parser.MAXREPEAT or high > 1
            found = _find_nested_repeat(sub, inside_repeat=repeats)
            if found:
                return found
        elif name == "SUBPATTERN":
            found = _find_nested_repeat(arg[-1], inside_repeat)
            if found:
                return found
        elif name == "BRANCH":
            for branch in arg[1]:
                found = _find_nested_repeat(branch, inside_repeat)
                if found:
                    return found
        elif name in {"ASSERT", "ASSERT_NOT"}:
            found = _find_nested_repeat(arg[1], inside_repeat)
            if found:
                return found
    return None


def _python_flags(flags: str) -> int:
    import re

    table = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
    value = 0
    for flag in flags:
        value |= table.get(flag, 0)
    return value


def convention_breaches(graph: Graph) -> list[tuple]:
    """Property shapes and SPARQL constraints without an IRI, a name, a message or a severity."""
    found = []
    for node_shape, shape in graph.subject_objects(SH.property):
        if isinstance(shape, BNode):
            found.append((node_shape, "has a blank-node property shape: give it an IRI (shapes:<NodeShape>-<property>)"))
            continue
        for predicate, what in ((SH.name, "sh:name"), (SH.message, "sh:message"), (SH.severity, "sh:severity")):
            if graph.value(shape, predicate) is None:
                found.append((shape, f"has no {what}"))
    for node_shape, constraint in graph.subject_objects(SH.sparql):
        if isinstance(constraint, BNode):
            found.append((node_shape, "has a blank-node SPARQL constraint: give it an IRI"))
            continue
        for predicate, what in ((SH.message, "sh:message"), (SH.severity, "sh:severity")):
            if graph.value(constraint, predicate) is None:
                found.append((constraint, f"has no {what}"))
    return found


def meta_shacl(shapes: Graph) -> list[tuple]:
    """Focus nodes and messages of SHACL-for-SHACL's report on the shapes graph."""
    from pyshacl.entrypoints import meta_validate

    conforms, report, _text = meta_validate(shapes, inference="none")
    if conforms:
        return []
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        detail = f"SHACL-for-SHACL: {message or 'does not conform'}"
        if path is not None:
            detail += f" (path {compact(path)})"
        found.append((focus, detail))
    return found

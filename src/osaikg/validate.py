"""Stage 3, validate: SHACL over the instances, with pySHACL, and a report a curator can act on.

The ontology is mixed into the data graph here, with ``inference="none"``: SHACL's class-instance check
then follows ``rdfs:subClassOf`` (and the derivation shapes follow ``rdfs:subPropertyOf``) without RDFS
range entailment silently typing bad values (shared/research/ontology-conventions.md, B.8). We mix it
ourselves rather than pass pySHACL's ``ont_graph``: pySHACL deep-clones every ``owl:NamedIndividual``
of the ontology ten levels down, which on a SKOS scheme with ``skos:broader``/``skos:inScheme`` links
takes minutes; a plain union takes milliseconds and gives the same data graph for our shapes.

Each result is traced back to the file and line where its focus node is described. Reports come as
text (grouped by file, then focus node), JSON, or the standard SHACL report in Turtle.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from .namespaces import bind_prefixes
from .output import compact

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
FORMATS = ("text", "json", "turtle")


@dataclass
class Result:
    severity: str  # Violation, Warning or Info
    focus_node: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    source_shape: str | None
    constraint: str  # the SHACL constraint component, e.g. sh:MinCountConstraintComponent
    file: str | None = None
    line: int | None = None
    node: object = field(default=None, repr=False, compare=False)  # the sh:ValidationResult in report_graph


@dataclass
class ValidationReport:
    results: list[Result] = field(default_factory=list)
    report_graph: Graph | None = None

    @property
    def conforms(self) -> bool:
        """True when no Violation remains (Warnings and Info do not block publishing)."""
        return not any(r.severity == "Violation" for r in self.results)

    def counts(self) -> dict[str, int]:
        counts = {severity: 0 for severity in SEVERITY_ORDER}
        for result in self.results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return counts

    def only_files(self, files) -> "ValidationReport":
        """The results whose focus node is described in one of ``files`` (e.g. the files a curator named)."""
        wanted = {str(f) for f in files}
        return ValidationReport([r for r in self.results if r.file in wanted], self.report_graph)

    def render(self, fmt: str, color: bool = False) -> str:
        if fmt == "json":
            return self.to_json()
        if fmt == "turtle":
            return self.to_turtle()
        return self.to_text(color=color)

    def to_json(self) -> str:
        data = {
            "conforms": self.conforms,
            "counts": self.counts(),
            "results": [{k: v for k, v in asdict(r).items() if k != "node"} for r in self.results],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def to_text(self, color: bool = False) -> str:
        paint = _Painter(color)
        lines: list[str] = []
        for file, file_results in _group(self.results, lambda r: r.file, key=lambda f: (f is None, f or "")):
            lines.append(paint.bold(file or "(in no input file: described only by the ontology or another graph)"))
            lines_of = {r.focus_node: r.line or 0 for r in file_results}
            for _focus, results in _group(file_results, lambda r: r.focus_node, key=lambda f: (lines_of[f], f)):
                first = results[0]
                where = f"line {first.line}: " if first.line else ""
                label = f"{first.focus_label} " if first.focus_label else ""
                focus = f"<{first.focus_node}>" if not first.focus_node.startswith("_:") else "(blank node)"
                lines.append(f"  {where}{label}{focus}")
                for r in results:
                    lines.append(f"    {paint.severity(r.severity)}: {r.message}")
                    if r.path:
                        lines.append(f"      path: {r.path}")
                    if r.value is not None:
                        lines.append(f"      value: {r.value}")
                    shape = f" (shape {r.source_shape})" if r.source_shape else ""
                    lines.append(f"      constraint: {r.constraint}{shape}")
        counts = self.counts()
        summary = ", ".join(f"{n} {severity.lower()}{'s' if n != 1 else ''}" for severity, n in counts.items())
        verdict = paint.ok("Conforms") if self.conforms else paint.severity("Violation", "Does not conform")
        lines.append(f"{verdict}: {summary}.")
        return "\n".join(lines) + "\n"

    def to_turtle(self) -> str:
        """The standard SHACL validation report (``sh:ValidationReport``) holding this report's results."""
        from .publish import serialize

        graph = Graph()
        bind_prefixes(graph)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for result in self.results:
            if result.node is None or self.report_graph is None:
                continue
            graph.add((report, SH.result, result.node))
            graph += self.report_graph.cbd(result.node)
        return serialize(graph, "ttl").decode("utf-8")


def _group(items, by, key):
    """Items grouped by ``by(item)``, groups in ``key`` order, items in their original order."""
    groups: dict = {}
    for item in items:
        groups.setdefault(by(item), []).append(item)
    return sorted(groups.items(), key=lambda kv: key(kv[0]))


class _Painter:
    """ANSI colours for a terminal; plain text otherwise."""

    COLOURS = {"Violation": "31", "Warning": "33", "Info": "36"}

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def ok(self, text: str) -> str:
        return self._wrap("32", text)

    def severity(self, severity: str, text: str | None = None) -> str:
        return self._wrap("1;" + self.COLOURS.get(severity, "0"), text or severity)


def use_color(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def validate_graph(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    """Validate ``data`` against ``shapes``; the ontology supplies the class and property hierarchies."""
    mixed = Graph()
    mixed += data
    mixed += ontology
    _conforms, report_graph, _text = pyshacl.validate(
        mixed,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        meta_shacl=False,  # the shapes are checked once, by osaikg.shape_hygiene
        advanced=True,
        inplace=True,  # ``mixed`` is ours to change: spare pySHACL another copy
    )
    bind_prefixes(report_graph)
    results = [_result(report_graph, node, data, ontology) for node in report_graph.subjects(RDF.type, SH.ValidationResult)]
    results.sort(key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.focus_node, r.path or "", r.message, r.value or ""))
    return ValidationReport(results=results, report_graph=report_graph)


def _result(report: Graph, node, data: Graph, ontology: Graph) -> Result:
    def one(predicate):
        return report.value(node, predicate)

    focus = one(SH.focusNode)
    severity = str(one(SH.resultSeverity)).rsplit("#", 1)[-1]
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    label = data.value(focus, RDFS.label) or ontology.value(focus, RDFS.label)
    return Result(
        severity=severity,
        focus_node=f"_:{focus}" if isinstance(focus, BNode) else str(focus),
        focus_label=str(label) if label is not None else None,
        path=_show(report, one(SH.resultPath)),
        value=_show(report, one(SH.value)),
        message=messages[0] if messages else "(no message)",
        source_shape=_show(report, one(SH.sourceShape)),
        constraint=_show(report, one(SH.sourceConstraintComponent)) or "",
        node=node,
    )


def _show(graph: Graph, term) -> str | None:
    """A term as a curator reads it: prefixed names, literals with their language or datatype."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact(term)
    if isinstance(term, BNode):
        # A complex path (e.g. an inverse or a sequence) is a blank node: show it as SPARQL would.
        inverse = graph.value(term, SH.inversePath)
        if inverse is not None:
            return f"^{_show(graph, inverse)}"
        return "(blank node)"
    if isinstance(term, Literal):
        text = json.dumps(str(term), ensure_ascii=False)
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^{compact(term.datatype)}"
        return text
    return str(term)


def locate(path: Path, graph: Graph, node: str) -> int | None:
    """The line of ``path`` where ``node`` is described as a subject (Turtle), if it can be found."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    names = [re.escape(f"<{node}>")]
    for prefix, namespace in graph.namespaces():
        if prefix and node.startswith(str(namespace)):
            local = node[len(str(namespace)):]
            names.append(re.escape(f"{prefix}:{local}"))
    # [ \t]*, not \s*: \s would let the match start on a blank line above the subject.
    subject = re.compile(r"^[ \t]*(?:" + "|".join(names) + r")(?=[\s;,.]|$)", re.MULTILINE)
    match = subject.search(text) or re.compile("|".join(names)).search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1


def attribute_to_files(report: ValidationReport, files: dict[Path, Graph]) -> None:
    """Set each result's file and line: the first file (in name order) that describes its focus node."""
    for result in report.results:
        if result.focus_node.startswith("_:"):
            focus = BNode(result.focus_node[2:])
        else:
            focus = URIRef(result.focus_node)
        for path in sorted(files):
            graph = files[path]
            if (focus, None, None) in graph:
                result.file = str(path)
                result.line = locate(path, graph, result.focus_node) if isinstance(focus, URIRef) else None
                break

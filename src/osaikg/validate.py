"""Stage 3, validate: SHACL over the instances, with pySHACL.

The ontology is passed as ``ont_graph`` with ``inference="none"``: SHACL's class-instance check then
follows ``rdfs:subClassOf`` without RDFS range entailment silently typing bad values
(shared/research/ontology-conventions.md, B.8). Each result is traced back to the file and line
where its focus node is described, so a curator knows where to look.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from .namespaces import bind_prefixes

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


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

    def to_json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "counts": self.counts(), "results": [asdict(r) for r in self.results]},
            indent=2,
            ensure_ascii=False,
        )

    def to_text(self) -> str:
        lines: list[str] = []
        by_file: dict[str | None, list[Result]] = {}
        for result in self.results:
            by_file.setdefault(result.file, []).append(result)
        for file in sorted(by_file, key=lambda f: (f is None, f or "")):
            lines.append(f"{file or '(no file)'}")
            focus_groups: dict[str, list[Result]] = {}
            for result in by_file[file]:
                focus_groups.setdefault(result.focus_node, []).append(result)
            for focus, results in focus_groups.items():
                first = results[0]
                where = f"line {first.line}: " if first.line else ""
                label = f"{first.focus_label} " if first.focus_label else ""
                lines.append(f"  {where}{label}<{focus}>")
                for r in results:
                    detail = f"{r.severity}: {r.message}"
                    if r.path:
                        detail += f"\n      path: {r.path}"
                    if r.value is not None:
                        detail += f"\n      value: {r.value}"
                    detail += f"\n      constraint: {r.constraint}" + (f" (shape {r.source_shape})" if r.source_shape else "")
                    lines.append(f"    {detail}")
        counts = self.counts()
        summary = ", ".join(f"{n} {severity.lower()}{'s' if n != 1 else ''}" for severity, n in counts.items())
        lines.append(("Conforms" if self.conforms else "Does not conform") + f": {summary}.")
        return "\n".join(lines) + "\n"

    def to_turtle(self) -> str:
        assert self.report_graph is not None
        return self.report_graph.serialize(format="turtle")


def validate_graph(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    """Validate ``data`` against ``shapes``; the ontology supplies the class hierarchy."""
    _conforms, report_graph, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        meta_shacl=False,
        advanced=True,
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
        focus_node=str(focus),
        focus_label=str(label) if label is not None else None,
        path=_show(report, one(SH.resultPath)),
        value=_show(report, one(SH.value)),
        message=messages[0] if messages else "(no message)",
        source_shape=_show(report, one(SH.sourceShape)),
        constraint=_show(report, one(SH.sourceConstraintComponent)) or "",
    )


def _show(graph: Graph, term) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return graph.namespace_manager.normalizeUri(term) if "#" in term or "/" in term else str(term)
    if isinstance(term, BNode):
        # A complex path (e.g. an inverse or a sequence) is a blank node: show it as SPARQL would.
        inverse = graph.value(term, SH.inversePath)
        if inverse is not None:
            return f"^{_show(graph, inverse)}"
        return "(blank node)"
    if isinstance(term, Literal):
        return str(term)
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
    subject = re.compile(r"^\s*(?:" + "|".join(names) + r")(?=[\s;,.]|$)", re.MULTILINE)
    match = subject.search(text) or re.compile("|".join(names)).search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1


def attribute_to_files(report: ValidationReport, files: dict[Path, Graph]) -> None:
    """Set each result's file and line: the first file (in name order) that describes its focus node."""
    for result in report.results:
        focus = URIRef(result.focus_node)
        for path in sorted(files):
            graph = files[path]
            if (focus, None, None) in graph:
                result.file = str(path)
                result.line = locate(path, graph, result.focus_node)
                break

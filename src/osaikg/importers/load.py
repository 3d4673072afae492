"""The imported graphs in the pipeline: find the data, import each source into the
KnowledgeGraph's dataset (one named graph per source), reconcile, validate, publish.

The data folder is ``--data DIR``, else ``$OSAIKG_DATA``, else ``../shared/data`` beside the repository
when it exists; without it the graph is the curated one only (and the log says so).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from .. import paths
from ..namespaces import GRAPH
from ..publish import atomic_output, write_atomic
from . import DATA_FOLDERS, IMPORTERS, ImportResult, LineStream, attribution, quads, source_info
from .common import SortedLines


@dataclass
class Imports:
    """What was imported into a KnowledgeGraph: per-source results and the reconciliation."""

    data: Path | None
    results: dict[str, ImportResult] = field(default_factory=dict)
    reconciliation: object | None = None  # osaikg.reconcile.Reconciliation

    def summary(self) -> list[str]:
        lines = [f"import {key}: {result.counts.summary()}" for key, result in self.results.items()]
        if self.reconciliation is not None:
            lines.append(self.reconciliation.summary())
        return lines


def data_dir(explicit: Path | None = None) -> Path | None:
    """The folder holding the public datasets, or None when there is none."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("OSAIKG_DATA")
    if env is not None:  # set but empty: no imports (the test suite sets this)
        return Path(env) if env else None
    root = paths.project_root()
    # ../shared/data beside the checkout (also two levels up, for a git worktree under wt/)
    for default in (root.parent / "shared" / "data", root.parent.parent / "shared" / "data"):
        if default.is_dir():
            return default
    return None


def oxigraph_store(dataset) -> ox.Store:
    """The pyoxigraph store behind the KnowledgeGraph's rdflib Dataset (oxrdflib)."""
    return dataset.store._store  # noqa: SLF001 - oxrdflib keeps its pyoxigraph Store here


def load_lines(dataset, lines: Iterable[str]) -> None:
    """Load N-Quads lines into the dataset's store without going through rdflib terms."""
    oxigraph_store(dataset).load(LineStream(iter(lines)), format=ox.RdfFormat.N_QUADS)


def load_imports(dataset, data: Path | None, sources: Iterable[str] | None = None,
                 log: Callable[[str], None] = lambda message: None, reconcile: bool = True) -> Imports:
    """Import every source whose folder is under ``data`` into ``dataset``, then reconcile."""
    imports = Imports(data)
    if data is None or not Path(data).is_dir():
        log(f"import: no data folder ({data or 'set --data DIR or OSAIKG_DATA'}): the curated graph only")
        return imports
    for key in sources or IMPORTERS:
        folder = Path(data) / DATA_FOLDERS[key]
        if not folder.exists() and (Path(data) / key).exists():
            folder = Path(data) / key  # a folder named by source key (the test fixtures)
        if not folder.exists():
            log(f"import {key}: {folder} not found, skipped")
            continue
        result = ImportResult(source_info(key, folder))
        load_lines(dataset, quads(key, folder, result))
        imports.results[key] = result
        log(f"import {key}: {result.counts.summary()}")
        for bad in result.bad[:5]:
            log(f"  skipped {bad}")
        if len(result.bad) > 5:
            log(f"  … and {len(result.bad) - 5} more skipped records")
    if reconcile and imports.results:
        from ..reconcile import add_to, reconcile as run_reconcile

        imports.reconciliation = run_reconcile(dataset)
        add_to(dataset, imports.reconciliation)
        log(imports.reconciliation.summary())
    return imports


def graph_lines(dataset, graph: str) -> Iterable[str]:
    """One named graph of the dataset as sorted N-Quads lines."""
    lines = SortedLines()
    for quad in oxigraph_store(dataset).quads_for_pattern(None, None, None, ox.NamedNode(str(graph))):
        lines.add(f"{quad} .\n")
    return lines


def imported_graphs(dataset) -> list[str]:
    prefixes = (str(GRAPH["import/"]), str(GRAPH["reconcile/"]))
    return sorted(str(g.value) for g in oxigraph_store(dataset).named_graphs() if str(g.value).startswith(prefixes))


def publish_imports(kg, out: Path, data: Path | None = None, log: Callable[[str], None] = lambda m: None,
                    validate: bool = False) -> list[Path]:
    """imports/<source>.nq for each imported source, imports/reconcile.nq (the links),
    imports/reconcile-report.md (ambiguous and unmatched records) and imports/ATTRIBUTION.md.

    With ``data``, the sources are first imported into ``kg`` (unless they already are); with ``validate``
    the shapes run over each imported graph (about 90 s of CPU on the full copy with the current shapes,
    most of it SPARQL-based constraints, hence opt-in: ``osaikg build --validate-imports``)."""

    if data is not None and kg.imports is None:
        kg.imports = load_imports(kg.dataset, data, log=log)
        if validate:
            validate_imports(kg, log)  # imported graphs: reported, never blocking (they are the sources' data)
    graphs = imported_graphs(kg.dataset)
    if not graphs:
        return []
    files = []
    for key in IMPORTERS:
        graph = str(GRAPH[f"import/{key}"])
        if graph in graphs:
            files.append(_write_lines(out / "imports" / f"{key}.nq", graph_lines(kg.dataset, graph)))
    reconcile_graphs = [g for g in graphs if g.startswith(str(GRAPH["reconcile/"]))]
    if reconcile_graphs:
        merged = SortedLines()
        for graph in reconcile_graphs:
            for line in graph_lines(kg.dataset, graph):
                merged.add(line)
        files.append(_write_lines(out / "imports" / "reconcile.nq", merged))
    if kg.imports is not None and kg.imports.reconciliation is not None:
        write_atomic(out / "imports" / "reconcile-report.md", kg.imports.reconciliation.report().encode("utf-8"))
        files.append(out / "imports" / "reconcile-report.md")
    write_atomic(out / "imports" / "ATTRIBUTION.md", attribution().encode("utf-8"))
    files.append(out / "imports" / "ATTRIBUTION.md")
    return files


def _write_lines(path: Path, lines: Iterable[str]) -> Path:
    with atomic_output(path) as handle:
        for line in lines:
            handle.write(line.encode("utf-8"))
    return path


def validate_imports(kg, log: Callable[[str], None]) -> dict[str, dict[str, int]]:
    """SHACL over each imported graph with the project's shapes. Findings are reported, never blocking:
    for imported data a Violation means the source lacks something the curated graph requires
    (e.g. a model without a developer in Epoch), so it is logged and counted, not fatal."""
    counts = {}
    for graph in imported_graphs(kg.dataset):
        if graph.startswith(str(GRAPH["import/"])):
            report = validate_lines(graph_lines(kg.dataset, graph), kg.shapes, kg.ontology)
            counts[graph] = report.counts()
            for line in findings_summary(graph.rsplit("/", 1)[-1], report):
                log(line)
    return counts


def validate_lines(lines: Iterable[str], shapes, ontology):
    """A ValidationReport for one imported graph given as N-Quads lines (pySHACL, in memory)."""
    from ..store import memory_graph
    from ..validate import validate_graph

    data = memory_graph()
    data.parse(data="".join(line.rsplit(" ", 2)[0] + " .\n" for line in lines), format="nt")
    return validate_graph(data, shapes, ontology)


def findings_summary(name: str, report, top: int = 3) -> list[str]:
    from collections import Counter

    messages = Counter(f"{r.severity}: {r.path}: {r.message}" for r in report.results)
    lines = [f"validate {name}: {sum(messages.values())} findings in imported data (reported, not blocking)"]
    lines += [f"  {n} x {message}" for message, n in messages.most_common(top)]
    return lines

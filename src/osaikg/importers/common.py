"""The shared machinery of the importers: records → triples → sorted N-Quads, with provenance.

An importer is a module with ``SOURCE`` (a :class:`SourceInfo`), ``records(path)`` (an iterator of
:class:`Record`: one source record, where it came from) and ``triples(record, context)`` (the
triples one record states). Everything here streams: records are read one at a time, each record's
triples become N-Quads lines in the source's named graph, and lines are sorted on disk in chunks
(external merge sort), so memory stays flat whatever the size of the source (2 M Hugging Face
models included). A record that cannot be read or mapped is reported with its file and position,
skipped and counted; its triples are never half-written, because a record's triples are collected
before any of them is emitted.
"""
from __future__ import annotations

import gc
import heapq
import os
import re
import sys
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import quote

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import DCAT, DCTERMS, GRAPH, ID, OSAI, PROV, RDF, RDFS, SKOS, XSD

Triple = tuple  # (subject, predicate, object) as pyoxigraph terms

try:  # libyaml's loader when present: 5-10x faster than the pure-Python one on the Index's files
    from yaml import CSafeLoader as LOADER
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as LOADER


def iri(value: str) -> ox.NamedNode:
    """A pyoxigraph IRI; an invalid IRI raises ValueError (the record is then reported as bad)."""
    return ox.NamedNode(str(value))


def en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def typed(value: str, datatype) -> ox.Literal:
    return ox.Literal(str(value), datatype=iri(datatype))


# The terms importers use, as pyoxigraph nodes (built once: they are on every line).
A = iri(RDF.type)
LABEL = iri(RDFS.label)
ALT_LABEL = iri(SKOS.altLabel)
SOURCE_OF = iri(DCTERMS.source)
O = {name: iri(OSAI[name]) for name in (
    "Model", "Organisation", "Actor", "Project", "Dataset", "License", "OpennessAssessment",
    "OpennessComponent", "OpennessStatus",
    "developedBy", "license", "derivedFrom", "fineTunedFrom", "adapterOf", "quantizedFrom", "mergedFrom",
    "trainedOn", "assessedArtefact", "assessedBy", "component", "opennessStatus", "evidence",
    "releaseDate", "parameterCount",
)}

EDGE_PREDICATES = frozenset(O[name].value for name in (
    "developedBy", "license", "derivedFrom", "fineTunedFrom", "adapterOf", "quantizedFrom", "mergedFrom",
    "trainedOn", "assessedArtefact",
))
"""What the summary counts as an *edge*: a typed link between two imported entities (artefact →
actor, artefact → artefact, artefact → licence, assessment → artefact)."""

ACTOR_CLASSES = frozenset({str(OSAI.Organisation), str(OSAI.Actor)})


class BadRecord(ValueError):
    """A record that cannot be mapped: the message says what is wrong with it."""


@dataclass(frozen=True)
class Record:
    file: Path
    where: str  # "line 12", "record 3", "entry 'BLOOM'"
    data: Any


@dataclass(frozen=True)
class SourceInfo:
    """Where a source comes from and how it must be credited. Defaults are the values in the data
    README of the copy the project was built against; :func:`read_snapshot` reads them again from
    the README beside the data when there is one."""

    key: str  # osai-index, mot, epoch, hf, data-provenance
    title: str
    repository: str  # URL of the source repository (or site)
    commit: str | None
    date: str | None  # the commit (snapshot) date, YYYY-MM-DD: the README gives no other retrieval date
    licence: str  # licence IRI
    licence_name: str
    attribution: str  # the credit the licence asks for, verbatim where the source words it
    homepage: str
    file_url: str | None = None  # URL template of a source file at the commit: {commit}, {path}

    @property
    def graph(self) -> ox.NamedNode:
        return iri(GRAPH[f"import/{self.key}"])

    def url_of(self, relative: str) -> str:
        """The public URL of a source file at the snapshot commit (falls back to the repository)."""
        if self.file_url and self.commit:
            return self.file_url.format(commit=self.commit, path=quote(relative))
        return self.repository


_SHA = re.compile(r"\b([0-9a-f]{40})\b")
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def read_snapshot(source: SourceInfo, folder: Path) -> SourceInfo:
    """The commit and its date as the data README beside the files states them (first commit line)."""
    readme = folder / "README.md"
    if not readme.is_file():
        return source
    for line in readme.read_text(encoding="utf-8", errors="replace").splitlines():
        sha = _SHA.search(line)
        if sha:
            date = _DATE.search(line, sha.end())
            from dataclasses import replace

            return replace(source, commit=sha.group(1), date=date.group(1) if date else source.date)
    return source


def slug(text: str) -> str:
    """Lowercase-hyphenated slug (the contract's scheme). Letters outside ASCII are kept (IRIs allow
    them: "PanGu-Σ" and "PanGu-α" stay two models) and "+" is spelled out ("Command-R+")."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("+", "-plus")
    result = re.sub(r"[^\w.]+|_", "-", folded).strip("-.")
    if not result:
        raise BadRecord(f"no usable name in {text!r}")
    return result


def entity(kind: str, source: str, *parts: str) -> ox.NamedNode:
    """An imported entity: https://w3id.org/osaikg/id/<kind>/<source>/<slug>[/<slug>…]."""
    return iri(f"{ID}{kind}/{source}/" + "/".join(parts))


def described(node, cls, label: str, source_url: str) -> list[Triple]:
    """The minimum every imported entity carries: its class, one English label, its source."""
    return [(node, A, cls), (node, LABEL, en(label)), (node, SOURCE_OF, iri(source_url))]


def text(value) -> str:
    """A record field as clean text ('' for missing)."""
    if value is None:
        return ""
    return str(value).strip()


def urls(value) -> list[ox.NamedNode]:
    """The valid http(s) IRIs in a field (one value or a list); anything else is left out."""
    found = []
    for item in value if isinstance(value, list) else [value]:
        item = text(item)
        if item.startswith(("http://", "https://")):
            try:
                found.append(iri(item))
            except ValueError:
                continue
    return found


def split_list(value: str, sep: str = ",") -> list[str]:
    return [item.strip() for item in text(value).split(sep) if item.strip()]


# --- provenance of an imported graph -------------------------------------------------------------

def provenance(source: SourceInfo) -> list[Triple]:
    """PROV-O and DCAT description of the graph: the snapshot it was derived from, licence, credit.

    Deterministic on purpose: dates are the snapshot's (from the README), never the time of the run.
    """
    graph = source.graph
    snapshot = iri(f"{source.repository}/tree/{source.commit}" if source.commit else source.repository)
    activity = iri(f"{graph.value}/activity")
    triples = [
        (graph, A, iri(DCAT.Dataset)),
        (graph, A, iri(PROV.Entity)),
        (graph, LABEL, en(f"{source.title} (imported into the Open Source AI Knowledge Graph)")),
        (graph, iri(DCTERMS.license), iri(source.licence)),
        (graph, iri(DCTERMS.bibliographicCitation), en(source.attribution)),
        (graph, iri(PROV.wasDerivedFrom), snapshot),
        (graph, iri(PROV.wasGeneratedBy), activity),
        (graph, SOURCE_OF, snapshot),
        (activity, A, iri(PROV.Activity)),
        (activity, LABEL, en(f"import of {source.title}")),
        (activity, iri(PROV.used), snapshot),
        (snapshot, A, iri(DCAT.Dataset)),
        (snapshot, A, iri(PROV.Entity)),
        (snapshot, LABEL, en(f"{source.title}, snapshot" + (f" {source.commit[:12]}" if source.commit else ""))),
        (snapshot, SOURCE_OF, iri(source.repository)),
        (snapshot, iri(DCTERMS.license), iri(source.licence)),
        (snapshot, iri(DCAT.landingPage), iri(source.homepage)),
        (snapshot, iri(DCTERMS.isVersionOf), iri(source.repository)),
    ]
    if source.commit:
        triples.append((snapshot, iri(DCAT.version), ox.Literal(source.commit)))
    if source.date:
        triples.append((snapshot, iri(DCTERMS.modified), typed(source.date, XSD.date)))
    return triples


# --- output: sorted, de-duplicated N-Quads, written atomically ------------------------------------

class SortedLines:
    """Lines sorted and de-duplicated with bounded memory: chunks are sorted and spilled to disk,
    then merged. Byte-wise order, so the same input always gives the same output."""

    def __init__(self, chunk: int = 500_000, tmpdir: Path | None = None):
        self.chunk = chunk
        self.tmpdir = tmpdir
        self.buffer: list[str] = []
        self.spills: list[str] = []

    def add(self, line: str) -> None:
        self.buffer.append(line)
        if len(self.buffer) >= self.chunk:
            self._spill()

    def extend(self, lines: Iterable[str]) -> None:
        self.buffer.extend(lines)
        if len(self.buffer) >= self.chunk:
            self._spill()

    def _spill(self) -> None:
        fd, name = tempfile.mkstemp(prefix=".tmp-osaikg-sort-", dir=self.tmpdir)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(sorted(set(self.buffer)))
        self.spills.append(name)
        self.buffer = []

    def __iter__(self) -> Iterator[str]:
        runs: list[Iterable[str]] = [sorted(set(self.buffer))]
        handles = [open(name, encoding="utf-8") for name in self.spills]
        try:
            previous = None
            for line in heapq.merge(*runs, *handles):
                if line != previous:
                    yield line
                    previous = line
        finally:
            for handle in handles:
                handle.close()
            for name in self.spills:
                Path(name).unlink(missing_ok=True)
            self.spills = []


# --- running an importer --------------------------------------------------------------------------

@dataclass
class BadRecordReport:
    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}"


@dataclass
class Counts:
    """Distinct entities and edges in an imported graph, counted on the de-duplicated output."""

    records: int = 0
    skipped: int = 0
    models: int = 0
    organisations: int = 0  # actors that develop or create artefacts (organisations, HF namespaces)
    datasets: int = 0
    assessments: int = 0
    edges: int = 0
    triples: int = 0

    def observe(self, line: str) -> None:
        self.triples += 1
        _s, predicate, rest = line.split(" ", 2)
        predicate = predicate[1:-1]
        if predicate in EDGE_PREDICATES:
            self.edges += 1
        elif predicate == _RDF_TYPE:
            obj = rest.rsplit(" ", 2)[0][1:-1]
            if obj == _MODEL:
                self.models += 1
            elif obj in ACTOR_CLASSES:
                self.organisations += 1
            elif obj == _DATASET:
                self.datasets += 1
            elif obj == _ASSESSMENT:
                self.assessments += 1

    def summary(self) -> str:
        return (f"{self.records} records ({self.skipped} skipped), {self.models} models, "
                f"{self.organisations} organisations, {self.datasets} datasets, "
                f"{self.assessments} assessments, {self.edges} edges, {self.triples} quads")


_RDF_TYPE = str(RDF.type)
_MODEL = str(OSAI.Model)
_DATASET = str(OSAI.Dataset)
_ASSESSMENT = str(OSAI.OpennessAssessment)


@dataclass
class ImportResult:
    source: SourceInfo
    counts: Counts = field(default_factory=Counts)
    bad: list[BadRecordReport] = field(default_factory=list)
    out: Path | None = None


def progress(items: Iterable, description: str, total: int | None = None) -> Iterable:
    """A progress bar on stderr when it is a terminal; the items unchanged otherwise."""
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=description, total=total, unit=" records", file=sys.stderr, leave=False)


def quad_batches(module, path: Path, result: ImportResult) -> Iterator[list[str]]:
    """The N-Quads lines (unsorted) an importer module produces from ``path``, one list a record; bad
    records are appended to ``result.bad`` and counted, and never stop the import."""
    source = result.source
    end = f" {source.graph} .\n"
    run = object()  # marks the cached descriptions emitted in this run
    context = module.prepare(path, source) if hasattr(module, "prepare") else source
    vocabulary = module.vocabulary(source) if hasattr(module, "vocabulary") else []
    yield [f"{s} {p} {o}{end}" for s, p, o in provenance(source) + vocabulary]
    for record in progress(module.records(path), f"import {source.key}"):
        result.counts.records += 1
        try:
            _refuse_undecodable(record.data)
            lines, emitted = [], []
            for item in module.triples(record, context):
                if type(item) is Description:
                    if item.emitted_in is not run:
                        lines += item.lines(end)
                        emitted.append(item)
                else:
                    s, p, o = item
                    lines.append(f"{s} {p} {o}{end}")
        except (BadRecord, ValueError, KeyError, TypeError, AttributeError) as err:
            result.counts.skipped += 1
            message = str(err) if isinstance(err, (BadRecord, ValueError)) else f"{type(err).__name__}: {err}"
            result.bad.append(BadRecordReport(str(record.file), record.where, message))
            continue
        for item in emitted:  # only once the record's lines are certain to be written
            item.emitted_in = run
        yield lines


class Description:
    """The triples describing one entity that many records mention (a base model, a namespace, a
    licence), for an importer to cache. Its lines are formatted once, and written once per run while
    it stays in the importer's cache; an entity evicted and described again is written again, and the
    sort removes the duplicate lines. On 100k generated Hub models the lines to format and sort drop
    from 1.31 M to 0.54 M."""

    __slots__ = ("triples", "emitted_in", "_end", "_lines")

    def __init__(self, triples: Iterable[Triple]):
        self.triples = tuple(triples)
        self.emitted_in = None
        self._end = self._lines = None

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    def lines(self, end: str) -> list[str]:
        if self._end != end:
            self._lines, self._end = [f"{s} {p} {o}{end}" for s, p, o in self.triples], end
        return self._lines


_UNDECODABLE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of bytes that are not UTF-8


def _refuse_undecodable(data) -> None:
    """Text files are read with ``errors="surrogateescape"`` so one record with bytes that are not
    UTF-8 becomes a bad record here, instead of a decoding error that ends the whole import."""
    values = data.values() if isinstance(data, dict) else data if isinstance(data, (list, tuple)) else [data]
    for value in values:
        if isinstance(value, str) and _UNDECODABLE.search(value):
            raise BadRecord("bytes that are not UTF-8")
        if isinstance(value, (dict, list, tuple)):
            _refuse_undecodable(value)


def sorted_quads(module, path: Path, result: ImportResult, tmpdir: Path | None = None) -> Iterator[str]:
    """The importer's output as sorted, de-duplicated N-Quads lines, counted as they pass."""
    with rare_collections():
        lines = SortedLines(tmpdir=tmpdir)
        for batch in quad_batches(module, path, result):
            lines.extend(batch)
        for line in one_label(lines):
            result.counts.observe(line)
            yield line


@contextmanager
def rare_collections(first_generation: int = 50_000):
    """Run the cyclic garbage collector less often. An import allocates millions of short-lived
    containers and few cycles; at the default threshold (700) the collector took a quarter of the
    Hugging Face import's time (benchmarks/README.md)."""
    previous = gc.get_threshold()
    gc.set_threshold(max(first_generation, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


_LABEL_P = f" <{RDFS.label}> "
_ALT_P = f" <{SKOS.altLabel}> "


def one_label(lines: Iterable[str]) -> Iterator[str]:
    """Sorted lines with one rdfs:label per subject: when records name one entity differently
    ("CaLM" and "CALM"), the first label in sort order stays and the others become skos:altLabel.
    Lines of a subject are adjacent in sorted order, so a subject's group is fixed and re-sorted
    on its own, and the whole stays sorted."""
    group: list[str] = []
    subject = None
    for line in lines:
        current = line.split(" ", 1)[0]
        if current != subject and group:
            yield from _fix_labels(group)
            group = []
        subject = current
        group.append(line)
    if group:
        yield from _fix_labels(group)


def _fix_labels(group: list[str]) -> list[str]:
    labels = [line for line in group if _LABEL_P in line]
    if len(labels) < 2:
        return group
    extra = set(labels[1:])
    fixed = {line.replace(_LABEL_P, _ALT_P, 1) if line in extra else line for line in group}
    return sorted(fixed)


def require_path(path: Path, what: str) -> Path:
    path = Path(path)
    if not path.exists():
        raise InputError(path, f"no such file or folder ({what})")
    return path


def files_under(path: Path, pattern: str) -> list[Path]:
    """``path`` itself when it is a file, else the files matching ``pattern`` in it, in name order."""
    path = Path(path)
    if path.is_file():
        return [path]
    found = sorted(p for p in path.glob(pattern) if p.is_file())
    if not found:
        raise InputError(path, f"no {pattern} files here")
    return found


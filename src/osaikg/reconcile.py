"""Reconciliation: one alias layer that matches entities across the imported sources and with the
curated graph, and says which rule made each match.

Every entity (model or family, actor, dataset) gets alias keys from its labels and altLabels and
from the Hugging Face repositories its ``dcterms:source`` IRIs point to. Two entities of the same
kind from different graphs that share a key are matched by the rule that made the key:

- ``hf-repo-id`` — the same Hugging Face repository: ``skos:exactMatch``;
- ``same-name`` — the same label once case, spaces and punctuation are ignored: ``skos:closeMatch``
  (sources name things at different granularity: "BLOOM" may be a model in one and a family in another);
- ``family-name`` — a model named like a curated family ("BLOOM" ~ "BLOOM family"): ``skos:closeMatch``;
- ``org-name-variant`` — actors equal once legal-form words are dropped ("Mistral AI SAS" ~ "Mistral AI"):
  ``skos:closeMatch``.

A key that names more than one entity of a graph is ambiguous there: no link is made and the report
lists it. ``owl:sameAs`` is never produced. Links land in one named graph per rule,
``GRAPH["reconcile/<rule>"]``, whose description says what the rule does.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator

from .namespaces import GRAPH, OSAI, SKOS

RULES = {
    "hf-repo-id": (SKOS.exactMatch, "Both entities cite the same Hugging Face repository as their source."),
    "same-name": (SKOS.closeMatch, "Same label or altLabel, ignoring case, spaces and punctuation; "
                                   "unique in both graphs."),
    "family-name": (SKOS.closeMatch, "A model whose name is the name of a curated model family."),
    "org-name-variant": (SKOS.closeMatch, "Actor names equal once legal-form words (Inc., Ltd, GmbH, SAS…) "
                                          "and punctuation are dropped."),
}
KINDS = {
    str(OSAI.Model): "model", str(OSAI.ModelFamily): "family", str(OSAI.Organisation): "actor",
    str(OSAI.Actor): "actor", str(OSAI.Project): "actor", str(OSAI.Person): "actor", str(OSAI.Dataset): "dataset",
}
_LEGAL = re.compile(r"\b(inc|incorporated|ltd|limited|llc|corp|corporation|co|gmbh|ag|sa|sas|srl|bv|plc|pty|"
                    r"company|the)\b")
_NOT_REPOS = {"datasets", "spaces", "blog", "papers", "docs", "collections", "models", "organizations", "api",
              "settings", "join", "login", "pricing", "tasks", "learn"}
_HF = re.compile(r"^https?://(?:www\.)?huggingface\.co/(?:(datasets)/)?([^/?#]+)/([^/?#]+)/?$")

ENTITIES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?g ?s ?type ?name ?src WHERE {
  GRAPH ?g {
    ?s a ?type .
    VALUES ?type { %s }
    { ?s rdfs:label|skos:altLabel ?name } UNION { ?s dcterms:source ?src FILTER(CONTAINS(STR(?src), "huggingface.co/")) }
  }
}
""" % " ".join(f"<{t}>" for t in KINDS)


def normalise(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold().replace("+", "plus")  # Command-R+ ≠ Command-R
    return re.sub(r"[\W_]+", "", folded)


def hf_repo(url: str) -> str | None:
    """'model:<owner>/<name>' or 'dataset:<owner>/<name>' for a Hugging Face repository URL."""
    match = _HF.match(url)
    if not match or match.group(2) in _NOT_REPOS:
        return None
    return f"{'dataset' if match.group(1) else 'model'}:{match.group(2)}/{match.group(3)}".lower()


def graph_source(graph: str) -> str:
    """'curated', or the import key, for a graph IRI."""
    name = graph[len(str(GRAPH)):] if graph.startswith(str(GRAPH)) else graph
    return name.removeprefix("import/")


@dataclass
class Entity:
    iri: str
    source: str
    kind: str
    labels: set[str] = field(default_factory=set)
    repos: set[str] = field(default_factory=set)

    def keys(self) -> Iterator[tuple[str, str]]:
        """(rule, key) pairs; the key carries the kind, so only like is matched with like."""
        group = "model" if self.kind == "family" else self.kind
        for repo in self.repos:
            yield "hf-repo-id", repo
        for label in self.labels:
            names = {label}
            if self.source == "hf" and "/" in label:
                names.add(label.split("/", 1)[1])  # a Hub repo is also known by its name alone
            for name in names:
                key = normalise(name)
                if not key:
                    continue
                if self.kind == "family":
                    stripped = normalise(re.sub(r"\bfamily\b", "", name, flags=re.IGNORECASE))
                    if stripped and self.source == "curated":
                        yield "family-name", f"family:{stripped}"
                    continue
                yield "same-name", f"{group}:{key}"
                if self.kind == "model" and self.source != "curated":
                    yield "family-name", f"family:{key}"
                if self.kind == "actor":
                    variant = normalise(_LEGAL.sub(" ", unicodedata.normalize("NFKC", name).casefold()))
                    if variant:
                        yield "org-name-variant", f"{group}:{variant}"


@dataclass(frozen=True, order=True)
class Link:
    rule: str
    subject: str  # the imported entity (or, between two imports, the one whose source sorts first)
    object: str

    @property
    def property(self):
        return RULES[self.rule][0]


@dataclass
class Reconciliation:
    links: list[Link] = field(default_factory=list)
    ambiguous: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # source, rule, key, IRIs
    unmatched: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # source → (kind, IRI, label)
    entities: dict[str, int] = field(default_factory=dict)  # source → entities considered

    def quads(self) -> list[str]:
        """The links as sorted N-Quads lines, one named graph per rule, each graph described."""
        lines = set()
        for rule, (prop, comment) in RULES.items():
            graph = GRAPH[f"reconcile/{rule}"]
            lines.add(f'<{graph}> <http://www.w3.org/2000/01/rdf-schema#comment> "{comment}"@en <{graph}> .\n')
        for link in self.links:
            lines.add(f"<{link.subject}> <{link.property}> <{link.object}> <{GRAPH[f'reconcile/{link.rule}']}> .\n")
        return sorted(lines)

    def summary(self) -> str:
        per_rule = defaultdict(int)
        for link in self.links:
            per_rule[link.rule] += 1
        rules = ", ".join(f"{rule} {per_rule[rule]}" for rule in RULES)
        unmatched = ", ".join(f"{source} {len(items)}/{self.entities.get(source, 0)}"
                              for source, items in sorted(self.unmatched.items()))
        return (f"reconcile: {len(self.links)} links ({rules}); {len(self.ambiguous)} ambiguous keys; "
                f"unmatched entities per source: {unmatched}")

    def report(self) -> str:
        lines = ["# Reconciliation report", "", self.summary(), "", "## Ambiguous (no link made)", ""]
        for source, rule, key, iris in self.ambiguous:
            lines.append(f"- {source}: {rule} {key!r} names {len(iris)} entities: {', '.join(iris)}")
        lines += ["", "## Unmatched (no link to the curated graph or another source)", ""]
        for source, items in sorted(self.unmatched.items()):
            lines.append(f"### {source} ({len(items)})")
            lines += [f"- {kind} {label} <{iri}>" for kind, iri, label in items]
            lines.append("")
        return "\n".join(lines) + "\n"


def collect(dataset) -> dict[str, Entity]:
    """Every model, family, actor and dataset of every graph of ``dataset`` with its labels and repos."""
    entities: dict[tuple[str, str], Entity] = {}
    for g, s, type_, name, src in dataset.query(ENTITIES):
        graph, iri = str(g), str(s)
        if not graph.startswith(str(GRAPH)) or graph.startswith(str(GRAPH["reconcile/"])):
            continue
        source = graph_source(graph)
        if source == "ontology":
            continue
        kind = KINDS[str(type_)]
        entity = entities.setdefault((source, iri), Entity(iri, source, kind))
        if kind == "family":
            entity.kind = "family"
        if name is not None:
            entity.labels.add(str(name))
        if src is not None:
            repo = hf_repo(str(src))
            if repo and repo.split(":")[0] == ("dataset" if entity.kind == "dataset" else "model"):
                entity.repos.add(repo)
    return {f"{source} {iri}": entity for (source, iri), entity in entities.items()}


def reconcile(dataset) -> Reconciliation:
    """Match the entities of all graphs of ``dataset`` pairwise across graphs (see the module doc)."""
    entities = collect(dataset)
    # (source, rule, key) → entity IRIs
    index: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for entity in entities.values():
        for rule, key in entity.keys():
            index[(entity.source, rule, key)].add(entity.iri)
    result = Reconciliation()
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)  # (rule, key) → sources
    for (source, rule, key), iris in sorted(index.items()):
        if len(iris) > 1:
            result.ambiguous.append((source, rule, key, sorted(iris)))
            continue
        by_key[(rule, key)].append(source)
    matched: set[str] = set()
    links: set[Link] = set()
    linked: set[tuple[str, str]] = set()  # pairs already linked by an earlier (stronger) rule
    for rule in RULES:
        for (key_rule, key), sources in sorted(by_key.items()):
            if key_rule != rule or len(sources) < 2:
                continue
            for a in sources:
                for b in sources:
                    # imported → curated; between two imports, the source that sorts first is the subject
                    if a == b or a == "curated" or (b != "curated" and a > b):
                        continue
                    if rule == "family-name" and b != "curated":
                        continue  # family-name links an imported model to a curated family only
                    (subject,) = index[(a, rule, key)]
                    (obj,) = index[(b, rule, key)]
                    if (subject, obj) in linked:
                        continue
                    linked.add((subject, obj))
                    links.add(Link(rule, subject, obj))
                    matched.update({f"{a} {subject}", f"{b} {obj}"})
    result.links = sorted(links)
    for name, entity in sorted(entities.items()):
        result.entities[entity.source] = result.entities.get(entity.source, 0) + 1
        if entity.source != "curated" and name not in matched and entity.kind in ("model", "actor"):
            label = sorted(entity.labels)[0] if entity.labels else ""
            result.unmatched.setdefault(entity.source, []).append((entity.kind, entity.iri, label))
    return result


def add_to(dataset, result: Reconciliation) -> None:
    """Load the link graphs into ``dataset`` (an rdflib Dataset on Oxigraph)."""
    from .importers.load import load_lines

    load_lines(dataset, result.quads())

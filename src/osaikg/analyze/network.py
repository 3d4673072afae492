"""The collaboration network: organisations and projects joined by collaborations and derivations.

Nodes are the study's case actors (a case project with a leader is drawn as its leading organisations,
as on the talk's map), the actors it mentions, every participant of an ``osai:Collaboration``
and the developers of artefacts derived from one another. Two actors are linked once per collaboration
they both take part in and once per derivation between artefacts they developed (different actors only);
an edge keeps every such relation with its stage and kind, and its weight is how many there are.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import combinations

import networkx as nx

from ..kg import KnowledgeGraph
from ..output import compact
from . import sources
from .vocabulary import OFF_MAP, ORGANISATION_TYPES, OTHER_MENTIONED, TYPE_NOT_RECORDED, region_label, stage_label
from ..namespaces import OSAI

DERIVATION_STAGE = str(OSAI.PostRelease)
"""A derivation builds on released weights: the talk files derivative development under post-release."""


@dataclass
class Relation:
    """One reason two actors are linked: a collaboration they share, or a derivation between their artefacts."""

    relation: str  # "collaboration" or "derivation"
    via: str  # the collaboration's IRI, or "child IRI <- parent IRI"
    label: str
    stage: str  # stage IRI, "" when not recorded
    kinds: list[str] = field(default_factory=list)
    kind_labels: list[str] = field(default_factory=list)
    uncertain: bool = False


def palette_key(actor: sources.Actor | None) -> str:
    """The talk's legend: cases by organisation type; others mentioned in grey; the rest of the graph apart."""
    if actor is None or not actor.case:
        return OTHER_MENTIONED if actor is not None and actor.mentioned else OFF_MAP
    if actor.type in ORGANISATION_TYPES:
        return actor.type
    return TYPE_NOT_RECORDED


def build_network(kg: KnowledgeGraph) -> nx.Graph:
    actors = sources.actors(kg)
    collabs = sources.collaborations(kg)
    artefacts = sources.artefacts(kg)
    derivs = sources.derivations(kg)
    return network_from(actors, collabs, artefacts, derivs)


def network_from(actors, collabs, artefacts, derivs) -> nx.Graph:
    graph = nx.Graph()

    def add_node(iri: str) -> None:
        if iri in graph:
            return
        actor = actors.get(iri)
        graph.add_node(
            iri,
            label=actor.label if actor else compact_iri(iri),
            kind=actor.kind if actor else "Actor",
            type=(actor.type if actor else None) or "",
            type_label=(ORGANISATION_TYPES.get(actor.type, (None, ""))[1] if actor and actor.type else ""),
            region=(actor.region if actor else None) or "",
            region_label=region_label(actor.region if actor else None) + (" (uncertain)" if actor and actor.region_uncertain else ""),
            region_uncertain=bool(actor and actor.region_uncertain),
            countries=list(actor.countries) if actor else [],
            case=bool(actor and actor.case),
            mentioned=bool(actor and actor.mentioned),
            palette=palette_key(actor),
        )

    def add_relation(a: str, b: str, relation: Relation) -> None:
        add_node(a)
        add_node(b)
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, relations=[], weight=0)
        data = graph.edges[a, b]
        data["relations"].append(relation)
        data["weight"] = len(data["relations"])

    for iri in sorted(actors):
        actor = actors[iri]
        if (actor.case and not actor.leaders_stand) or actor.mentioned:
            add_node(iri)
    for collab in sorted(collabs.values(), key=lambda c: c.iri):
        for participant in collab.participants:
            add_node(participant)
        kind_labels = [collab.kind_labels.get(k) or sources.words_of(k) for k in collab.kinds]
        for stage in collab.stages or [""]:
            for a, b in combinations(collab.participants, 2):
                add_relation(a, b, Relation("collaboration", collab.iri, collab.label, stage, list(collab.kinds), kind_labels))
    for deriv in derivs:
        child, parent = artefacts.get(deriv.child), artefacts.get(deriv.parent)
        if child is None or parent is None:
            continue
        label = f"{child.label} ← {parent.label}"
        for a in child.developers:
            for b in parent.developers:
                if a != b:
                    relation = Relation(
                        "derivation", f"{deriv.child} <- {deriv.parent}", label, DERIVATION_STAGE,
                        list(deriv.kinds), [deriv.kind_labels[k] for k in deriv.kinds], deriv.uncertain,
                    )
                    add_relation(a, b, relation)
    return graph


def compact_iri(iri: str) -> str:
    from rdflib import URIRef

    return compact(URIRef(iri))


@dataclass
class NetworkMetrics:
    nodes: list[dict]
    edges: list[dict]
    communities: list[list[str]]
    bridges: list[dict]
    summary: dict

    def to_json(self) -> dict:
        return asdict(self)


def measure(graph: nx.Graph) -> NetworkMetrics:
    """Degree, betweenness (normalised, unweighted), communities (greedy modularity) and region bridges."""
    betweenness = nx.betweenness_centrality(graph, normalized=True) if len(graph) else {}
    communities = _communities(graph)
    community_of = {iri: i + 1 for i, members in enumerate(communities) for iri in members}
    nodes = []
    for iri in sorted(graph, key=lambda n: (graph.nodes[n]["label"].lower(), n)):
        data = graph.nodes[iri]
        own = data["region"]
        foreign = sorted({graph.nodes[n]["region"] for n in graph[iri]} - {own, ""}) if own else []
        cross = sum(1 for n in graph[iri] if own and graph.nodes[n]["region"] and graph.nodes[n]["region"] != own)
        nodes.append({
            "iri": iri,
            "label": data["label"],
            "kind": data["kind"],
            "case": data["case"],
            "mentioned": data["mentioned"],
            "palette": data["palette"],
            "organisation_type": data["type"],
            "organisation_type_label": data["type_label"],
            "region": own,
            "region_label": data["region_label"],
            "region_uncertain": data["region_uncertain"],
            "countries": data["countries"],
            "degree": graph.degree(iri),
            "relations": sum(graph.edges[iri, n]["weight"] for n in graph[iri]),
            "betweenness": round(betweenness.get(iri, 0.0), 6),
            "community": community_of[iri],
            "cross_region_links": cross,
            "regions_bridged": [region_label(r) for r in foreign],
        })
    edges = []
    for a, b in sorted(tuple(sorted(e)) for e in graph.edges):
        for rel in graph.edges[a, b]["relations"]:
            edges.append({
                "source": a,
                "target": b,
                "source_label": graph.nodes[a]["label"],
                "target_label": graph.nodes[b]["label"],
                "relation": rel.relation,
                "via": rel.via,
                "via_label": rel.label,
                "stage": rel.stage,
                "stage_label": stage_label(rel.stage),
                "kinds": rel.kinds,
                "kind_labels": rel.kind_labels,
                "uncertain": rel.uncertain,
            })
    bridges = sorted(
        (n for n in nodes if n["regions_bridged"]),
        key=lambda n: (-len(n["regions_bridged"]), -n["betweenness"], n["label"].lower()),
    )
    summary = {
        "nodes": graph.number_of_nodes(),
        "case_nodes": sum(1 for n in nodes if n["case"]),
        "links": graph.number_of_edges(),
        "relations": len(edges),
        "collaborations": len({e["via"] for e in edges if e["relation"] == "collaboration"}),
        "derivations": len({e["via"] for e in edges if e["relation"] == "derivation"}),
        "density": round(nx.density(graph), 6) if len(graph) > 1 else None,
        "communities": len(communities),
    }
    return NetworkMetrics(
        nodes=nodes,
        edges=edges,
        communities=[sorted(members) for members in communities],
        bridges=[{"iri": n["iri"], "label": n["label"], "region": n["region_label"], "regions_bridged": n["regions_bridged"],
                  "betweenness": n["betweenness"]} for n in bridges],
        summary=summary,
    )


def _communities(graph: nx.Graph) -> list[list[str]]:
    """Greedy modularity communities (deterministic), largest first, ties by their first label."""
    if not len(graph):
        return []
    if graph.number_of_edges() == 0:
        found = [{n} for n in graph]
    else:
        found = nx.community.greedy_modularity_communities(graph, weight="weight")
    label = lambda n: graph.nodes[n]["label"].lower()  # noqa: E731
    ordered = [sorted(c, key=lambda n: (label(n), n)) for c in found]
    return sorted(ordered, key=lambda c: (-len(c), label(c[0]), c[0]))

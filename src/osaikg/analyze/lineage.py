"""Model lineage: the derivation forest of models, its depth and fan-out, and licence changes along each edge.

An edge runs from a base model (or model family) to a model derived from it through ``osai:derivedFrom``
or any of its subproperties, stated as fact or as an uncertain claim (kept, and marked). A model's licence
is compared with its base's: ``same``, ``changed``, or ``unknown`` when either side records none.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

from ..errors import InvalidDataError, QueryError
from ..kg import KnowledgeGraph
from . import sources
from .vocabulary import LICENCE_CATEGORIES


@dataclass
class LineageEdge:
    parent: str
    child: str
    parent_label: str
    child_label: str
    kinds: list[str]
    kind_labels: list[str]
    uncertain: bool
    parent_licences: list[str]
    child_licences: list[str]
    licence_change: str  # "same", "changed" or "unknown"
    category_change: str  # e.g. "Permissive → Non-commercial", "" when no change or unknown


@dataclass
class Forest:
    graph: nx.DiGraph  # parent -> child; node attributes: label, licences, category, family
    edges: list[LineageEdge] = field(default_factory=list)

    def label(self, iri: str) -> str:
        return self.graph.nodes[iri]["label"]

    def roots(self) -> list[str]:
        return self.by_label(n for n in self.graph if self.graph.in_degree(n) == 0)

    def children(self, iri: str) -> list[str]:
        return self.by_label(self.graph.successors(iri))

    def depths(self) -> dict[str, int]:
        """Longest chain of derivations from a root to each model (0 for a root)."""
        depth: dict[str, int] = {}
        for node in nx.topological_sort(self.graph):
            parents = list(self.graph.predecessors(node))
            depth[node] = 1 + max(depth[p] for p in parents) if parents else 0
        return depth

    def trees(self) -> list[list[str]]:
        """The weakly connected components, largest first, each sorted by label."""
        parts = [self.by_label(c) for c in nx.weakly_connected_components(self.graph)]
        return sorted(parts, key=lambda c: (-len(c), self.label(self.roots_of(c)[0]).lower()))

    def roots_of(self, members) -> list[str]:
        return self.by_label(n for n in members if self.graph.in_degree(n) == 0)

    def by_label(self, iris) -> list[str]:
        return sorted(iris, key=lambda n: (self.graph.nodes[n]["label"].lower(), n))


def build_forest(kg: KnowledgeGraph) -> Forest:
    return forest_from(sources.artefacts(kg), sources.derivations(kg))


def forest_from(artefacts: dict[str, sources.Artefact], derivs: list[sources.Derivation]) -> Forest:
    graph = nx.DiGraph()

    def add(iri: str) -> None:
        if iri in graph:
            return
        art = artefacts[iri]
        licences = sorted(art.licences.values(), key=lambda lic: lic.iri)
        categories = sorted({c for lic in licences for c in lic.categories})
        graph.add_node(
            iri,
            label=art.label,
            is_family=art.is_family,
            family=art.label if art.is_family else (sorted(art.families.values())[0] if art.families else ""),
            licences=[lic.iri for lic in licences],
            licence_labels=[lic.label + (" (uncertain)" if lic.uncertain else "") for lic in licences],
            category=categories[0] if len(categories) == 1 else "",
            category_label=" / ".join(LICENCE_CATEGORIES.get(c, ("", sources.words_of(c)))[1] for c in categories),
        )

    forest = Forest(graph)
    for deriv in derivs:
        child, parent = artefacts.get(deriv.child), artefacts.get(deriv.parent)
        if child is None or parent is None or not child.is_model or not (parent.is_model or parent.is_family):
            continue
        add(deriv.parent)
        add(deriv.child)
        graph.add_edge(deriv.parent, deriv.child)
        p, c = graph.nodes[deriv.parent], graph.nodes[deriv.child]
        if not p["licences"] or not c["licences"]:
            change = "unknown"
        else:
            change = "same" if p["licences"] == c["licences"] else "changed"
        category_change = ""
        if change == "changed" and p["category_label"] != c["category_label"] and p["category_label"] and c["category_label"]:
            category_change = f"{p['category_label']} → {c['category_label']}"
        forest.edges.append(LineageEdge(
            parent=deriv.parent, child=deriv.child, parent_label=p["label"], child_label=c["label"],
            kinds=deriv.kinds, kind_labels=[deriv.kind_labels[k] for k in deriv.kinds], uncertain=deriv.uncertain,
            parent_licences=p["licence_labels"], child_licences=c["licence_labels"],
            licence_change=change, category_change=category_change,
        ))
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        cycle = None
    if cycle:
        chain = " → ".join(f"{forest.label(child)} <{child}>" for _parent, child in cycle)
        raise InvalidDataError(f"derivations form a cycle (each model derived from the one before): {chain}")
    forest.edges.sort(key=lambda e: (e.parent_label.lower(), e.child_label.lower(), e.parent, e.child))
    return forest


def measure(forest: Forest) -> dict:
    """Per model: depth, fan-out, descendants; per tree: size, depth, licence changes; the most-derived bases."""
    depths = forest.depths()
    graph = forest.graph
    models = []
    for iri in forest.by_label(graph):
        data = graph.nodes[iri]
        models.append({
            "iri": iri,
            "label": data["label"],
            "family": data["family"],
            "licences": data["licence_labels"],
            "licence_category": data["category_label"],
            "depth": depths[iri],
            "fan_out": graph.out_degree(iri),
            "descendants": len(nx.descendants(graph, iri)),
            "bases": [forest.label(p) for p in forest.by_label(graph.predecessors(iri))],
        })
    edges_of = lambda members: [e for e in forest.edges if e.child in members]  # noqa: E731
    trees = []
    for members in forest.trees():
        roots = forest.roots_of(members)
        tree_edges = edges_of(set(members))
        trees.append({
            "roots": [forest.label(r) for r in roots],
            "family": next((graph.nodes[r]["family"] for r in roots if graph.nodes[r]["family"]), ""),
            "models": len(members),
            "depth": max(depths[m] for m in members),
            "max_fan_out": max(graph.out_degree(m) for m in members),
            "licence_changes": sum(1 for e in tree_edges if e.licence_change == "changed"),
            "licence_unknown": sum(1 for e in tree_edges if e.licence_change == "unknown"),
            "uncertain_derivations": sum(1 for e in tree_edges if e.uncertain),
        })
    most_derived = sorted(
        (m for m in models if m["depth"] == 0),
        key=lambda m: (-m["descendants"], -m["fan_out"], m["label"].lower()),
    )
    changes = [e for e in forest.edges if e.licence_change == "changed"]
    return {
        "summary": {
            "models": graph.number_of_nodes(),
            "derivations": graph.number_of_edges(),
            "trees": len(trees),
            "max_depth": max(depths.values(), default=0),
            "licence_changes": len(changes),
            "licence_unknown": sum(1 for e in forest.edges if e.licence_change == "unknown"),
            "uncertain_derivations": sum(1 for e in forest.edges if e.uncertain),
        },
        "most_derived": [{"iri": m["iri"], "label": m["label"], "descendants": m["descendants"], "fan_out": m["fan_out"]}
                         for m in most_derived],
        "trees": trees,
        "models": models,
        "edges": [asdict(e) for e in forest.edges],
    }


def resolve_model(kg: KnowledgeGraph, name: str) -> str:
    """A model named by label, alternative label, IRI or prefixed name."""
    from ..query import _as_iri  # noqa: PLC2701 - the same IRI rules as query parameters

    iri = _as_iri(name) or kg.resolve_label(name)
    artefacts = sources.artefacts(kg)
    if iri is None or str(iri) not in artefacts or not (artefacts[str(iri)].is_model or artefacts[str(iri)].is_family):
        raise QueryError(f"no model or model family named {name!r} (give its label, an alternative label or its IRI)")
    return str(iri)


def render_tree(forest: Forest, focus: str, focus_label: str) -> str:
    """The lineage of ``focus`` as a terminal tree: from its roots, the branches through it and all below it."""
    graph = forest.graph
    if focus not in graph:
        return f"{focus_label}\n  (no recorded derivations: not derived from a model, and no model derived from it)\n"
    shown = nx.ancestors(graph, focus) | {focus} | nx.descendants(graph, focus)
    edge_of = {(e.parent, e.child): e for e in forest.edges}
    lines: list[str] = []

    def node_text(iri: str) -> str:
        data = graph.nodes[iri]
        licence = ", ".join(data["licence_labels"]) or "licence not recorded"
        mark = "  ◀" if iri == focus else ""
        return f"{data['label']}  [{licence}]{mark}"

    def walk(iri: str, prefix: str) -> None:
        kids = [c for c in forest.children(iri) if c in shown]
        for i, kid in enumerate(kids):
            last = i == len(kids) - 1
            edge = edge_of[(iri, kid)]
            how = ", ".join(edge.kind_labels) + (" (uncertain)" if edge.uncertain else "")
            licence = {"same": "same licence", "changed": "licence changed", "unknown": "licence change unknown"}[edge.licence_change]
            lines.append(f"{prefix}{'└── ' if last else '├── '}{node_text(kid)}  ({how}; {licence})")
            walk(kid, prefix + ("    " if last else "│   "))

    for root in (r for r in forest.roots() if r in shown):
        lines.append(node_text(root))
        walk(root, "")
    return "\n".join(lines) + "\n"

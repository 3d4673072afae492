"""What the analyses read from the graph, through the named queries of ``queries/analytics/``.

Each function runs one query and folds its rows (one per combination of multi-valued attributes)
into one plain record per resource, so the analyses work on Python values, not on triples.
"""
from __future__ import annotations

import weakref
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal

from .. import paths
from ..kg import KnowledgeGraph
from ..output import compact


_LOADED: dict = {}
_RESULTS: "weakref.WeakKeyDictionary[KnowledgeGraph, dict]" = weakref.WeakKeyDictionary()


def _query(kg: KnowledgeGraph, name: str):
    """Run ``queries/analytics/NAME.rq``; each query is parsed once and run once per knowledge graph,
    because the three analyses share them and rdflib's SPARQL parser is the slow part."""
    from ..query import find_query

    results = _RESULTS.setdefault(kg, {})
    if name not in results:
        path = paths.queries_dir() / "analytics" / f"{name}.rq"
        key = (str(path), path.stat().st_mtime_ns if path.exists() else None)
        if key not in _LOADED:
            _LOADED[key] = find_query(f"analytics/{name}")
        results[name] = kg.run(_LOADED[key], {})
    return results[name]


def _text(term) -> str | None:
    return None if term is None else str(term)


def _true(term) -> bool:
    return isinstance(term, Literal) and term.toPython() is True


def label_of(iri: str, label: str | None) -> str:
    """A resource's label, or its compact IRI when it has none."""
    from rdflib import URIRef

    return label or compact(URIRef(iri))


@dataclass
class Actor:
    iri: str
    label: str
    kind: str  # "Organisation", "Project" or "Person"
    types: list[str] = field(default_factory=list)
    type_labels: dict[str, str] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    region_labels: dict[str, str] = field(default_factory=dict)
    countries: list[str] = field(default_factory=list)
    claimed_regions: list[str] = field(default_factory=list)  # regions stated only as uncertain claims
    region_uncertain: bool = False  # the region drawn is one of those
    case: bool = False
    leaders_stand: bool = False  # a case project whose leading organisations stand for it in the network
    mentioned: bool = False

    @property
    def type(self) -> str | None:
        return self.types[0] if self.types else None

    @property
    def region(self) -> str | None:
        return self.regions[0] if self.regions else None


def actors(kg: KnowledgeGraph) -> dict[str, Actor]:
    found: dict[str, Actor] = {}
    for row in _query(kg, "actors"):
        iri = str(row.actor)
        actor = found.get(iri)
        if actor is None:
            kind = str(row[2]).rsplit("#", 1)[-1]  # ?class (namedtuple renames 'class')
            actor = found[iri] = Actor(iri=iri, label=str(row.label), kind=kind)
        if row.type is not None and str(row.type) not in actor.types:
            actor.types.append(str(row.type))
        if row.typeLabel is not None:
            actor.type_labels.setdefault(str(row.type), str(row.typeLabel))
        if row.region is not None and str(row.region) not in actor.regions:
            actor.regions.append(str(row.region))
        if row.regionLabel is not None:
            actor.region_labels.setdefault(str(row.region), str(row.regionLabel))
        if row.claimedRegion is not None and str(row.claimedRegion) not in actor.claimed_regions:
            actor.claimed_regions.append(str(row.claimedRegion))
        if row.country is not None and str(row.country) not in actor.countries:
            actor.countries.append(str(row.country))
        actor.case = actor.case or _true(row.case)
        actor.mentioned = actor.mentioned or _true(row.mentioned)
        actor.leaders_stand = actor.leaders_stand or _true(row.leadersStand)
    for actor in found.values():
        actor.types.sort()
        actor.regions.sort()
        actor.countries.sort()
        if actor.claimed_regions and not actor.regions:
            actor.regions, actor.region_uncertain = sorted(actor.claimed_regions), True
    return found


def stand_ins(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """Actor → the actors drawn for it (``stand-ins.rq``): a led case project's leaders, a person's organisations."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in _query(kg, "stand-ins"):
        found[str(row.actor)].append(str(row.standIn))
    return dict(found)


def drawn_as(iris, standing: dict[str, list[str]]) -> list[str]:
    """The actors drawn for ``iris``, each once, in order."""
    out: list[str] = []
    for iri in iris:
        for actor in standing.get(iri, [iri]):
            if actor not in out:
                out.append(actor)
    return out


@dataclass
class Collaboration:
    iri: str
    label: str
    stages: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    kind_labels: dict[str, str] = field(default_factory=dict)
    participants: list[str] = field(default_factory=list)  # as drawn: see stand_ins()
    leads: list[str] = field(default_factory=list)
    recorded_participants: list[str] = field(default_factory=list)  # as the data states them


def collaborations(kg: KnowledgeGraph) -> dict[str, Collaboration]:
    found: dict[str, Collaboration] = {}
    for row in _query(kg, "collaborations"):
        iri = str(row.collaboration)
        collab = found.setdefault(iri, Collaboration(iri=iri, label=label_of(iri, _text(row.label))))
        for values, value in ((collab.stages, row.stage), (collab.kinds, row.kind), (collab.participants, row.participant)):
            if value is not None and str(value) not in values:
                values.append(str(value))
        if row.kindLabel is not None:
            collab.kind_labels.setdefault(str(row.kind), str(row.kindLabel))
    for row in _query(kg, "collaboration-leads"):
        collab = found.get(str(row.collaboration))
        if collab is not None and str(row.lead) not in collab.leads:
            collab.leads.append(str(row.lead))
    standing = stand_ins(kg)
    for collab in found.values():
        collab.recorded_participants = sorted(collab.participants)
        collab.participants = sorted(drawn_as(collab.participants, standing))
        collab.leads = sorted(drawn_as(collab.leads, standing))
        collab.stages.sort()
        collab.kinds.sort()
    return found


@dataclass
class Licence:
    iri: str
    label: str
    categories: list[str] = field(default_factory=list)
    uncertain: bool = False


@dataclass
class Artefact:
    iri: str
    label: str
    is_model: bool
    is_family: bool = False
    families: dict[str, str] = field(default_factory=dict)  # IRI -> label
    developers: list[str] = field(default_factory=list)
    licences: dict[str, Licence] = field(default_factory=dict)


def artefacts(kg: KnowledgeGraph) -> dict[str, Artefact]:
    found: dict[str, Artefact] = {}
    for row in _query(kg, "artefacts"):
        iri = str(row.artefact)
        art = found.setdefault(iri, Artefact(iri=iri, label=label_of(iri, _text(row.label)), is_model=_true(row.isModel), is_family=_true(row.isFamily)))
        if row.family is not None:
            art.families.setdefault(str(row.family), label_of(str(row.family), _text(row.familyLabel)))
        if row.developer is not None and str(row.developer) not in art.developers:
            art.developers.append(str(row.developer))
        if row.license is not None:
            lic = art.licences.setdefault(
                str(row.license),
                Licence(str(row.license), label_of(str(row.license), _text(row.licenseLabel)), uncertain=_true(row.licenseUncertain)),
            )
            # stated as fact anywhere wins over an uncertain claim of the same licence
            lic.uncertain = lic.uncertain and _true(row.licenseUncertain)
            if row.category is not None and str(row.category) not in lic.categories:
                lic.categories.append(str(row.category))
    standing = stand_ins(kg)
    for art in found.values():
        art.developers = sorted(drawn_as(art.developers, standing))
    return found


@dataclass
class Derivation:
    child: str
    parent: str
    kinds: list[str]  # the most specific derivation properties stated
    kind_labels: dict[str, str]
    uncertain: bool


def derivations(kg: KnowledgeGraph) -> list[Derivation]:
    """Derivations child → parent; a plain osai:derivedFrom is dropped when a subproperty says more."""
    from ..namespaces import OSAI

    pairs: dict[tuple[str, str], dict] = defaultdict(lambda: {"kinds": {}, "uncertain": True})
    for row in _query(kg, "derivations"):
        entry = pairs[(str(row.child), str(row.parent))]
        entry["kinds"].setdefault(str(row.property), _text(row.propertyLabel))
        entry["uncertain"] = entry["uncertain"] and _true(row.uncertain)
    found = []
    for (child, parent), entry in sorted(pairs.items()):
        kinds = entry["kinds"]
        if len(kinds) > 1:
            kinds.pop(str(OSAI.derivedFrom), None)
        labels = {k: v or words_of(k) for k, v in kinds.items()}
        found.append(Derivation(child, parent, sorted(kinds), labels, entry["uncertain"]))
    return found


def words_of(iri: str) -> str:
    """``…#fineTunedFrom`` → ``fine tuned from``: a readable name when the ontology gives no label."""
    import re

    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return re.sub(r"(?<!^)(?=[A-Z])", " ", local).lower()

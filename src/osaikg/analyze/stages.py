"""The cathedral-to-bazaar index of each lifecycle stage (documented in docs/cathedral-bazaar-index.md).

For the collaborations recorded at a stage: how many there are, how many distinct actors take part,
what share of participations come from outside the collaboration's lead (the actors that develop, lead
or maintain what it concerns), and the density of the stage's co-participation network. The measure is
the four numbers side by side, deliberately not folded into one score.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import combinations

import networkx as nx

from ..kg import KnowledgeGraph
from . import sources
from .vocabulary import STAGES, stage_label

COLUMNS = (
    "stage", "stage_label", "collaborations", "participants", "participations", "participations_outside_lead",
    "participations_with_lead_known", "share_outside_lead", "co_participation_links", "density", "kinds",
)


@dataclass
class StageIndex:
    stage: str
    stage_label: str
    collaborations: int
    participants: int
    participations: int
    participations_outside_lead: int
    participations_with_lead_known: int
    share_outside_lead: float | None
    co_participation_links: int
    density: float | None
    kinds: dict[str, int] = field(default_factory=dict)  # kind label -> collaborations of that kind

    def to_json(self) -> dict:
        return asdict(self)


def stage_index(kg: KnowledgeGraph) -> list[StageIndex]:
    return index_from(sources.collaborations(kg))


def index_from(collabs: dict[str, sources.Collaboration]) -> list[StageIndex]:
    """One row per lifecycle stage, in lifecycle order; a last row for collaborations with no stage, if any."""
    by_stage: dict[str, list[sources.Collaboration]] = {stage: [] for stage in STAGES}
    for collab in sorted(collabs.values(), key=lambda c: c.iri):
        for stage in collab.stages or [""]:
            by_stage.setdefault(stage, []).append(collab)
    return [_index(stage, members) for stage, members in by_stage.items() if stage in STAGES or members]


def _index(stage: str, collabs: list[sources.Collaboration]) -> StageIndex:
    network = nx.Graph()
    participations = outside = known = 0
    kinds: dict[str, int] = {}
    for collab in collabs:
        network.add_nodes_from(collab.participants)
        network.add_edges_from(combinations(collab.participants, 2))
        participations += len(collab.participants)
        if collab.leads:  # without a known lead, "outside the lead" cannot be told
            known += len(collab.participants)
            outside += sum(1 for p in collab.participants if p not in collab.leads)
        for kind in collab.kinds:
            label = collab.kind_labels.get(kind) or sources.words_of(kind)
            kinds[label] = kinds.get(label, 0) + 1
    n = network.number_of_nodes()
    return StageIndex(
        stage=stage,
        stage_label=stage_label(stage),
        collaborations=len(collabs),
        participants=n,
        participations=participations,
        participations_outside_lead=outside,
        participations_with_lead_known=known,
        share_outside_lead=round(outside / known, 6) if known else None,
        co_participation_links=network.number_of_edges(),
        density=round(nx.density(network), 6) if n > 1 else None,
        kinds=dict(sorted(kinds.items())),
    )

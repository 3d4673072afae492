"""The collaboration network on a fixture whose answers were worked out by hand (tests/data/analytics/network.ttl).

The fixture's links: A–B, A–C, B–C (collaboration c1), C–D (c2), D–F (c3 and a derivation), F–E (c5).
It is a triangle A, B, C with a path C–D–F–E hanging off it; c4 has one participant and links nobody.
"""
import pytest

from analytics_support import fixture_kg
from osaikg.analyze import network
from osaikg.namespaces import OSAI

ORG = "https://w3id.org/osaikg/id/organisation/"


@pytest.fixture(scope="module")
def metrics():
    return network.measure(network.build_network(fixture_kg("network.ttl")))


def by_label(metrics):
    return {n["label"]: n for n in metrics.nodes}


def test_nodes_are_cases_mentioned_and_participants_not_others(metrics):
    # Org Z is neither case, mentioned nor participant; the case projects are drawn as their leading organisations
    # (Project F takes part in c3 as Org F) and Person P as their organisation (Org A, in c1).
    assert sorted(by_label(metrics)) == ["Org A", "Org B", "Org C", "Org D", "Org E", "Org F"]
    nodes = by_label(metrics)
    assert [n for n in nodes if nodes[n]["case"]] == ["Org A", "Org B", "Org C", "Org D", "Org F"]
    assert nodes["Org E"]["mentioned"] and not nodes["Org E"]["case"]


def test_degree_counts_distinct_neighbours_and_relations_count_each_link_reason(metrics):
    nodes = by_label(metrics)
    assert {k: n["degree"] for k, n in nodes.items()} == {
        "Org A": 2, "Org B": 2, "Org C": 3, "Org D": 2, "Org E": 1, "Org F": 2}
    # D–F is there twice: collaboration c3 and the derivation Model F ← Model D
    assert nodes["Org D"]["relations"] == 3 and nodes["Org F"]["relations"] == 3


def test_betweenness_by_hand(metrics):
    # Shortest paths through C: {A,B} x {D,F,E} = 6 pairs; through D: {A,B,C} x {F,E} = 6; through F:
    # {A,B,C,D} x {E} = 4. Normalised by (n-1)(n-2)/2 = 10 pairs for n = 6.
    nodes = by_label(metrics)
    assert {k: n["betweenness"] for k, n in nodes.items()} == pytest.approx(
        {"Org A": 0.0, "Org B": 0.0, "Org C": 0.6, "Org D": 0.6, "Org E": 0.0, "Org F": 0.4})


def test_communities_split_at_the_single_link_between_the_triangle_and_the_path(metrics):
    # Modularity (weights: D–F 2, others 1; m = 7): {A,B,C}{D,E,F} gives 2(3/7 - 1/4) = 0.357, better than
    # {A,B,C,D}{E,F} (0.122) or {A,B,C}{D,F}{E} (0.276).
    assert metrics.communities == [[ORG + "a", ORG + "b", ORG + "c"], [ORG + "d", ORG + "e", ORG + "f"]]


def test_edges_carry_stage_and_kind(metrics):
    edges = {(e["source_label"], e["target_label"], e["relation"]): e for e in metrics.edges}
    assert len(metrics.edges) == 7
    c_d = edges[("Org C", "Org D", "collaboration")]
    assert c_d["stage"] == str(OSAI.PostTraining) and c_d["kinds"] == [str(OSAI.TrustedWeightSharing)]
    derivation = edges[("Org D", "Org F", "derivation")]
    assert derivation["stage"] == str(OSAI.PostRelease) and derivation["kinds"] == [str(OSAI.fineTunedFrom)]
    assert derivation["via_label"] == "Model F ← Model D"
    assert metrics.summary["collaborations"] == 4  # c4 links nobody
    assert metrics.summary["derivations"] == 1


def test_region_bridges(metrics):
    nodes = by_label(metrics)
    assert nodes["Org E"]["region_label"] == "Europe (uncertain)" and nodes["Org E"]["region_uncertain"]
    assert nodes["Org C"]["regions_bridged"] == ["Asia", "North America"]  # Europe itself is not a bridge
    assert nodes["Org D"]["regions_bridged"] == ["Africa", "Europe"]
    assert nodes["Org F"]["regions_bridged"] == ["Asia", "Europe"]
    assert nodes["Org A"]["regions_bridged"] == ["Europe"]
    # ranked by regions bridged, then betweenness, then label
    assert [b["label"] for b in metrics.bridges] == ["Org C", "Org D", "Org F", "Org A", "Org B", "Org E"]


def test_palette_follows_the_talks_legend(metrics):
    graph = network.build_network(fixture_kg("network.ttl"))
    palette = {graph.nodes[n]["label"]: graph.nodes[n]["palette"] for n in graph}
    assert palette["Org A"] == str(OSAI.NonProfitOrGrassroots)
    assert palette["Org D"] == str(OSAI.LargeEnterprise)
    assert palette["Org E"] == "other"  # mentioned only: grey, whatever its type

"""The analyses on the curated graph. Every expected value was worked out by hand from the instance files
(the file is named beside each), not taken from the code's output. When curators add collaborations or
derivations, these numbers change on purpose: recount them from the files.
"""
import pytest

from analytics_support import run_osaikg
from osaikg.analyze import lineage, network, stages
from osaikg.namespaces import OSAI
from osaikg.analyze.vocabulary import OFF_MAP, OTHER_MENTIONED, TYPE_NOT_RECORDED

ORG = "https://w3id.org/osaikg/id/organisation/"


@pytest.fixture(scope="module")
def graph(kg):
    return network.build_network(kg)


@pytest.fixture(scope="module")
def metrics(graph):
    return network.measure(graph)


# --- the cathedral-to-bazaar index (instances/collaborations.ttl, people.ttl, projects.ttl, models/*.ttl) ------
#
# pre-training, 9 collaborations: Jean Zay (Hugging Face, GENCI, IDRIS and three people affiliated with them:
#   3 participants; it concerns BigScience and BLOOM, led and developed by the BigScience Workshop: 3 outside),
#   GPT-NeoX contributions (EleutherAI, which develops GPT-NeoX: 0 outside), Thai datasets (SCB 10X and the
#   Typhoon project it leads: one participant, lead of the Typhoon family: 0), African datasets (Masakhane, lead
#   of the Masakhane project: 0), the math dataset rebuild (Hugging Face; DeepSeek develops what it concerns: 1),
#   Common Crawl licences (EleutherAI; concerns nothing: lead unknown), Bielik on Cyfronet (SpeakLeash, developer
#   of Bielik-11B-v2, and ACK Cyfronet AGH: 1), EuroLingua GPT (OpenGPT-X, AI Sweden, EuroHPC; concerns compute
#   with no developer: lead unknown), the Common Pile (EleutherAI, r-three, University of Toronto, Vector: all four
#   develop Common Pile v0.1: 0). 14 participants, 17 participations, 13 with a known lead of which 5 outside;
#   links: 3 (Jean Zay) + 1 (Cyfronet) + 3 (EuroLingua) + 6 (Common Pile) = 13 of 91 possible.
# post-training, 2: checkpoints shared by Hugging Face (concerns nothing), Infinity Instruct (BAAI, its developer).
# post-release, 8: dissemination (EleutherAI, Hugging Face; concerns nothing), GoTo's use of SEA-LION (GoTo
#   deploys, AI Singapore develops: 1 outside), BigCode as follow-up (Hugging Face, BigScience, BigCode: all lead
#   BigScience or BigCode: 0), toxicity survey (SpeakLeash: 0), Lugha-Llama (Masakhane, Princeton; Princeton
#   develops Lugha-Llama: 1), AfroBench (Masakhane maintains it: 0), Sahabat-AI (GoTo and AI Singapore develop it,
#   Indosat does not: 1), Pythia-12B derivatives (Databricks and OpenAssistant develop Dolly and OA-SFT: 0).
#   12 participants, 16 participations, 14 with a known lead, 3 outside; links: 1 + 1 + 3 + 1 + 2 new (GoTo–Indosat,
#   Indosat–AI Singapore) + 1 (Databricks–OpenAssistant) = 9 of 66.
EXPECTED_STAGES = {
    # collaborations, participants, participations, outside the lead, with a known lead, links
    "pre-training": (9, 14, 17, 5, 13, 13),
    "post-training": (2, 2, 2, 0, 1, 0),
    "post-release": (8, 12, 16, 3, 14, 9),
}


def test_stage_index_of_the_curated_collaborations(kg):
    rows = {r.stage_label: r for r in stages.stage_index(kg)}
    assert list(rows) == list(EXPECTED_STAGES)
    for stage, expected in EXPECTED_STAGES.items():
        r = rows[stage]
        assert (r.collaborations, r.participants, r.participations, r.participations_outside_lead,
                r.participations_with_lead_known, r.co_participation_links) == expected, stage
    assert rows["pre-training"].share_outside_lead == pytest.approx(5 / 13, abs=1e-6)
    assert rows["pre-training"].density == pytest.approx(13 / 91, abs=1e-6)
    assert rows["post-release"].share_outside_lead == pytest.approx(3 / 14, abs=1e-6)
    assert rows["post-release"].density == pytest.approx(9 / 66, abs=1e-6)


# --- the collaboration network (study.ttl, organisations.ttl, projects.ttl; colours from the talk's slide 11) ---

MAP_COLOURS = {  # the case organisations as the talk's map colours them
    "Allen Institute for AI": OSAI.NonProfitOrGrassroots, "EleutherAI": OSAI.NonProfitOrGrassroots,
    "Cohere Labs": OSAI.NonProfitOrGrassroots, "SpeakLeash": OSAI.NonProfitOrGrassroots,
    "Masakhane": OSAI.NonProfitOrGrassroots,
    "AI Singapore": OSAI.PublicResearchOrPublicBody, "AI Lab, National Library of Norway": OSAI.PublicResearchOrPublicBody,
    "Beijing Academy of Artificial Intelligence": OSAI.PublicResearchOrPublicBody,
    "Hugging Face": OSAI.SmallOrMediumEnterprise, "SCB 10X": OSAI.SmallOrMediumEnterprise,
    "Meta Llama Team": OSAI.LargeEnterprise, "Ant Group": OSAI.LargeEnterprise,
}


def test_the_fourteen_cases_and_five_mentioned_are_drawn_with_the_talks_legend(graph):
    palette = {graph.nodes[n]["label"]: graph.nodes[n]["palette"] for n in graph}
    cases = {graph.nodes[n]["label"] for n in graph if graph.nodes[n]["case"]}
    # 12 case projects are drawn as the organisation leading them; the BigScience Workshop and OpenGPT-X have no
    # leader recorded and stand for themselves, uncoloured (osai:organisationType applies to organisations only).
    assert cases == set(MAP_COLOURS) | {"BigScience Workshop", "OpenGPT-X"}
    for label, colour in MAP_COLOURS.items():
        assert palette[label] == str(colour), label
    assert palette["BigScience Workshop"] == palette["OpenGPT-X"] == TYPE_NOT_RECORDED
    for label in ("Stanford HELM Team", "Google Gemma Team", "Mistral", "EPFL", "Alibaba Qwen Team"):
        assert palette[label] == OTHER_MENTIONED, label
    # brought in by collaborations, but neither a case nor on the map
    assert palette["GENCI"] == palette["GoTo Group"] == OFF_MAP
    # projects led by a case organisation, and people, are not nodes of their own
    assert not {"Typhoon project", "Llama project", "Thomas Wolf"} & set(palette)


def test_collaboration_links_carry_stage_and_kind(metrics):
    relations = {}
    for e in metrics.edges:
        relations.setdefault(frozenset((e["source_label"], e["target_label"])), []).append(
            (e["relation"], e["stage_label"], tuple(e["kinds"]), e["via"].rsplit("/", 1)[-1]))
    # Jean Zay: Hugging Face, GENCI and IDRIS (their three people are folded into them)
    for pair in (("Hugging Face", "GENCI"), ("Hugging Face", "IDRIS"), ("GENCI", "IDRIS")):
        assert ("collaboration", "pre-training", (str(OSAI.ComputePartnership),), "jean-zay-compute-partnership") in \
            relations[frozenset(pair)]
    # GoTo and AI Singapore: SEA-LION for customer service, and Sahabat-AI
    goto = [r for r in relations[frozenset(("GoTo Group", "AI Singapore"))] if r[0] == "collaboration"]
    assert sorted(r[3] for r in goto) == ["goto-sea-lion-adoption", "sahabat-ai-co-development"]
    assert {r[1:3] for r in goto} == {("post-release", (str(OSAI.RegionalAdaptation),))}
    assert ("collaboration", "post-release", (str(OSAI.DerivativeDevelopment),), "lugha-llama-derivative") in \
        relations[frozenset(("Masakhane", "Princeton Laboratory for Artificial Intelligence Research"))]


# --- lineage (models/pythia.ttl, bielik.ttl, llama.ttl and the models derived from Llama-3.1-8B) --------------

def test_pythia_12b_has_two_derivatives(kg):
    forest = lineage.build_forest(kg)
    pythia = "https://w3id.org/osaikg/id/model/pythia-12b"
    assert [forest.label(c) for c in forest.children(pythia)] == ["Dolly-v2-12B", "OA-SFT-Pythia-12B"]


def test_cli_prints_the_pythia_tree():
    result = run_osaikg("lineage", "Pythia-12B")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Pythia-12B  [Apache License 2.0]  ◀",
        "├── Dolly-v2-12B  [licence not recorded]  (derived from; licence change unknown)",
        "└── OA-SFT-Pythia-12B  [licence not recorded]  (derived from; licence change unknown)",
    ]


def _declares_derivation_kinds(kg) -> bool:
    from rdflib.namespace import RDFS

    return (OSAI.fineTunedFrom, RDFS.subPropertyOf, OSAI.derivedFrom) in kg.ontology


def test_llama_3_1_8b_derivatives_through_the_derivation_subproperties(kg):
    if not _declares_derivation_kinds(kg):
        pytest.skip("the ontology does not declare the kinds of derivation yet (issue 3)")
    forest = lineage.build_forest(kg)
    base = "https://w3id.org/osaikg/id/model/llama-3.1-8b"
    kinds = {e.child_label: e.kind_labels for e in forest.edges if e.parent == base}
    # infinity-instruct.ttl (fineTunedFrom), nb-llama.ttl and lugha-llama.ttl (continuedPretrainingFrom),
    # typhoon.ttl (derivedFrom)
    assert set(kinds) == {"Infinity-Instruct-7M-Gen-Llama3_1-8B", "llama3.1-typhoon2-8b", "Lugha-Llama-8B-wura",
                          "Lugha-Llama-8B-wura_edu", "Lugha-Llama-8B-wura_math", "NB-Llama-3.1-8B"}
    assert len(kinds["NB-Llama-3.1-8B"]) == 1 and "pre" in kinds["NB-Llama-3.1-8B"][0].lower()


def test_bielik_instruct_changes_the_licence(kg):
    if not _declares_derivation_kinds(kg):
        pytest.skip("the ontology does not declare the kinds of derivation yet (issue 3)")
    forest = lineage.build_forest(kg)
    [edge] = [e for e in forest.edges if e.child_label == "Bielik-7B-Instruct-v0.1"]
    # bielik.ttl: the base is Apache-2.0, the instruct model CC-BY-NC-4.0 (licenses.ttl: permissive, non-commercial)
    assert (edge.parent_label, edge.licence_change) == ("Bielik-7B-v0.1", "changed")
    assert edge.category_change == "Permissive → Non-commercial"
    # claims.ttl: Bielik-7B-v0.1's base, Mistral-7B-v0.1, is an uncertain claim
    [base] = [e for e in forest.edges if e.child_label == "Bielik-7B-v0.1"]
    assert base.parent_label == "Mistral-7B-v0.1" and base.uncertain

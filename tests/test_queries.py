"""The named queries on a fixture graph with known answers (tests/queries/, see its README).

study-slice.ttl holds facts from /work/shared/research/seed-paper-notes.md; each test cites the lines
("notes:N") its expected rows follow from. lineage-diamond.ttl is synthetic: the test of depth.
"""
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from osaikg import KnowledgeGraph, QueryError
from osaikg.namespaces import ID, OSAI
from osaikg.query import Walk, load_query, named_queries, parse_header, walk

FIXTURES = Path(__file__).parent / "queries"
FIXTURE = "https://example.org/fixture#"
NASTY = 'BLOOM" } ; DROP ALL # {{ \'\'\' """ \n } UNION { ?s ?p ?o } #\r\n<x> \\u0022'


@pytest.fixture(scope="module")
def fx():
    files = [FIXTURES / "ontology-stub.ttl", FIXTURES / "study-slice.ttl", FIXTURES / "lineage-diamond.ttl"]
    return KnowledgeGraph.load(instance_files=files)


def m(slug):
    return ID[f"model/{slug}"]


def labels(rows, field="label"):
    return [str(getattr(r, field)) for r in rows]


# --- lineage ----------------------------------------------------------------------------------------

def test_descendants_depth_is_the_shortest_path_through_a_merge(fx):
    rows = fx.query("descendants", root=f"{FIXTURE}r")
    depth = {str(r.label): int(r.depth) for r in rows}
    # D: fine-tuned from A (depth 1) and an adapter of C (depth 3): shortest is 2, where counting the
    # nodes between R and D (A, B, M, C) would say 5.
    assert depth == {"A": 1, "B": 1, "E": 1, "M": 2, "D": 2, "C": 3}
    assert "Unrelated" not in depth
    # one row per edge: M has two parents, D two
    assert sorted((str(r.label), str(r.parentLabel)) for r in rows if str(r.label) in "MD") == [
        ("D", "A"), ("D", "C"), ("M", "A"), ("M", "B")]
    # rows come out by depth
    assert [int(r.depth) for r in rows] == sorted(int(r.depth) for r in rows)


def test_descendants_follow_any_subproperty_and_keep_the_most_specific_kind(fx):
    kinds = {(str(r.label), str(r.parentLabel)): r.kind for r in fx.query("descendants", root=f"{FIXTURE}r")}
    # fixture:prunedFrom is declared only in the fixture's ontology stub: no query names it
    assert kinds[("C", "M")] == URIRef(f"{FIXTURE}prunedFrom")
    # E is stated both as osai:derivedFrom and osai:fineTunedFrom R: one row, the specific kind
    assert kinds[("E", "Root R")] == OSAI.fineTunedFrom
    assert kinds[("B", "Root R")] == OSAI.quantizedFrom


def test_descendants_of_the_llama_family(fx):
    # notes:415 (SEA-LIONv2 CPT from Meta-Llama-3-8B-Instruct), notes:416 (v2.1 SFT from v2),
    # notes:425 (Sahabat-AI v1 CPT from SEA-LION v2.1 Instruct), notes:459-463 (Lugha-Llama CPT from Llama-3.1-8B)
    rows = fx.query("descendants", root="family:llama")
    assert [(str(r.label), str(r.kind).split("#")[1], int(r.depth)) for r in rows] == [
        ("Llama-3.1-8B", "inFamily", 1),
        ("Meta-Llama-3-8B-Instruct", "inFamily", 1),
        ("Llama3 8B CPT SEA-LIONv2", "continuedPretrainingFrom", 2),
        ("Lugha-Llama-8B-wura", "continuedPretrainingFrom", 2),
        ("Llama3 8B CPT SEA-LIONv2.1 Instruct", "fineTunedFrom", 3),
        ("Llama3 8B CPT Sahabat-AI v1", "continuedPretrainingFrom", 4),
    ]
    assert {r.root for r in rows} == {ID["family/llama"]}


def test_descendants_of_a_model(fx):
    # notes:417, notes:424: gemma-2-9b -> Gemma2 9B CPT SEA-LIONv3 -> Gemma2 9B CPT Sahabat-AI v1
    rows = fx.query("descendants", root="gemma-2-9b")
    assert [(str(r.label), int(r.depth)) for r in rows] == [("Gemma2 9B CPT SEA-LIONv3", 1), ("Gemma2 9B CPT Sahabat-AI v1", 2)]


def test_ancestors_up_to_the_model_with_no_recorded_base(fx):
    # notes:425, 416, 415: Sahabat-AI v1 <- SEA-LION v2.1 Instruct <- SEA-LION v2 <- Meta-Llama-3-8B-Instruct
    rows = fx.query("ancestors", model="Llama3 8B CPT Sahabat-AI v1")
    assert [(str(r.label), int(r.depth), r.fromScratch.toPython()) for r in rows] == [
        ("Llama3 8B CPT SEA-LIONv2.1 Instruct", 1, False),
        ("Llama3 8B CPT SEA-LIONv2", 2, False),
        ("Meta-Llama-3-8B-Instruct", 3, True),
    ]
    # notes:414: SEA-LION v1 was trained from scratch: no ancestors
    assert len(fx.query("ancestors", model="SEA-LION v1 7B")) == 0


def test_ancestors_through_a_merge(fx):
    rows = fx.query("ancestors", model=f"{FIXTURE}d")
    depth = {str(r.label): int(r.depth) for r in rows}
    assert depth == {"A": 1, "C": 1, "M": 2, "Root R": 2, "B": 3}
    assert {str(r.label) for r in rows if r.fromScratch.toPython()} == {"Root R"}


def test_license_drift(fx):
    # notes:117 and notes:433-434: Bielik-7B-v0.1 is Apache-2.0, its Instruct fine-tune CC-BY-NC-4.0
    [row] = fx.query("license-drift", model="Bielik-7B-Instruct-v0.1")
    assert (str(row.childLicense), str(row.parentLicense), row.changed.toPython(), int(row.depth)) == (
        "CC BY-NC 4.0", "Apache License 2.0", True, 1)
    # notes:415-416, 425: the Sahabat-AI lineage stays under the Llama 3 licence
    rows = fx.query("license-drift", model="Llama3 8B CPT Sahabat-AI v1")
    assert [(int(r.depth), r.changed.toPython()) for r in rows] == [(1, False), (2, False), (3, False)]
    assert {str(r.parentLicense) for r in rows} == {"Meta Llama 3 Community License"}
    # notes:121: Lugha-Llama's licence is uncertain (a claim, not a fact): "changed" stays unknown
    [row] = fx.query("license-drift", model="Lugha-Llama-8B-wura")
    assert row.changed is None and row.childLicense is None


def test_follow_up_chain_both_ways(fx):
    # notes:179 / notes:217: BigCode came out of BigScience
    [up] = fx.query("follow-up-chain", project="BigCode")
    assert (up.origin, int(up.depth)) == (ID["project/bigscience"], -1)
    [down] = fx.query("follow-up-chain", project="BigScience")
    assert (down.followUp, int(down.depth)) == (ID["project/bigcode"], 1)


def test_walk_both_directions_with_signed_depths():
    spec = Walk("both", "root", "child", "parent")
    cols = ["child", "parent"]
    edges = [("b", "a"), ("c", "b"), ("a", "z"), ("x", "y")]
    out = walk(spec, "a", cols, edges + [("b", "a")])  # a duplicate row comes out once
    assert [(c, p, int(d)) for c, p, d in out] == [("a", "z", -1), ("b", "a", 1), ("c", "b", 2)]


# --- licences, datasets ----------------------------------------------------------------------------

def test_models_by_license_and_category(fx):
    # notes:111, 117, 116: Pythia, GPT-NeoX-20B, Bielik base models Apache-2.0; SEA-LION v1 MIT
    rows = fx.query("models-by-license", category="osai:Permissive")
    assert labels(rows) == ["Bielik-11B-v2", "Bielik-7B-v0.1", "GPT-NeoX-20B", "Pythia-160M", "SEA-LION v1 7B"]
    # notes:115: BLOOM under the BigScience RAIL License v1.0
    rows = fx.query("models-by-license", license="BigScience RAIL License v1.0")
    assert [(str(r.label), r.category) for r in rows] == [("BLOOM", OSAI.ResponsibleAI)]
    assert len(fx.query("models-by-license", license="MIT", category="osai:Permissive")) == 1
    assert len(fx.query("models-by-license", license="MIT", category="osai:NonCommercial")) == 0
    everything = fx.query("models-by-license")
    assert {str(r.category) for r in everything if str(r.licenseLabel) == "Gemma licence"} == {"not stated"}
    assert len(everything) == 14


def test_restricted_licenses(fx):
    # notes:223 (the Llama licence must be applied for: gated) and notes:115 (BLOOM's RAIL licence)
    rows = fx.query("restricted-licenses")
    got = {(str(r.label), r.gated.toPython(), r.useRestricted.toPython()) for r in rows}
    assert ("BLOOM", False, True) in got
    assert ("Meta-Llama-3-8B-Instruct", True, False) in got
    assert not {label for label, *_ in got} & {"Pythia-160M", "Bielik-7B-Instruct-v0.1", "SEA-LION v1 7B"}


def test_datasets_ranked_per_stage(fx):
    # notes:373, 378 (the Pile: Pythia, GPT-NeoX-20B), notes:357 (ROOTS: BLOOM), notes:459 (WURA),
    # notes:477-479 (Infinity Instruct post-trains BAAI's InfInstruct models)
    rows = fx.query("datasets-by-stage")
    assert [(str(r.stage).split("#")[1], str(r.label), int(r.models)) for r in rows] == [
        ("PreTraining", "The Pile", 2), ("PreTraining", "ROOTS", 1), ("PreTraining", "WURA", 1),
        ("PostTraining", "Infinity Instruct", 2),
    ]
    [post] = fx.query("datasets-by-stage", stage="Post-training")
    assert str(post.modelLabels) == "InfInstruct-Llama3-70B 0613; InfInstruct-Mistral-7B 0613"


# --- collaborations and findings ---------------------------------------------------------------------

def test_collaborations_by_stage_and_kind(fx):
    # notes:202: the Jean Zay invitation (compute partnership, pre-training); Jean Zay's operators notes:347
    [row] = fx.query("collaborations", stage="osai:PreTraining", kind="osai:ComputePartnership")
    assert str(row.participants) == "GENCI; Hugging Face; IDRIS"
    assert str(row.evidence).startswith("The origin of the BigScience Workshop was an invitation")
    rows = fx.query("collaborations")
    assert [str(r.stage).split("#")[1] for r in rows] == ["PreTraining"] * 2 + ["PostTraining"] + ["PostRelease"] * 2
    assert len(fx.query("collaborations", stage="Post-training")) == 1


def test_collaborating_pairs_listed_once(fx):
    rows = fx.query("collaborating-pairs")
    pairs = [(str(r.actorLabel), str(r.partnerLabel)) for r in rows]
    assert len(pairs) == len({frozenset(p) for p in pairs}) == 7
    # notes:215: EleutherAI and Hugging Face on model dissemination (post-release)
    [row] = [r for r in rows if {str(r.actorLabel), str(r.partnerLabel)} == {"EleutherAI", "Hugging Face"}]
    assert (str(row.stages), str(row.kinds), int(row.collaborations)) == ("PostRelease", "DistributionAndDiscovery", 1)


def test_partners_of(fx):
    rows = fx.query("partners-of", actor="Hugging Face")
    assert sorted({str(r.partnerLabel) for r in rows}) == ["BigCode", "BigScience Workshop", "EleutherAI", "GENCI", "IDRIS"]


def test_challenges_and_on_ramps_by_stage(fx):
    # notes:218 (community feedback, SpeakLeash) and notes:223 (gated licences, Ant Group)
    rows = fx.query("challenges-and-on-ramps", stage="osai:PostRelease")
    assert [(str(r.type).split("#")[1], str(r.label), str(r.reportedBy)) for r in rows] == [
        ("Challenge", "Gated licenses exclude regions", "Ant Group"),
        ("OnRamp", "Community feedback", "SpeakLeash"),
    ]
    assert str(rows[0].evidence) == "I cannot apply for the Llama license because my identity says that I'm in mainland China"
    onramps = fx.query("challenges-and-on-ramps", type="osai:OnRamp")
    assert [str(r.stage).split("#")[1] for r in onramps] == ["PreTraining", "PostTraining", "PostRelease"]


def test_stage_summaries_in_lifecycle_order(fx):
    # notes:149-150 (slide 17)
    rows = fx.query("stage-summaries")
    assert [str(r.stage).split("#")[1] for r in rows] == ["PreTraining", "PostTraining"]
    assert str(rows[1].evidence).startswith("Limited collaboration: Small teams of experts, secrecy")


# --- cases, compute, applications, openness, facts ------------------------------------------------

def test_cases_map_and_governance_grid(fx):
    # notes:79 (AI2), 83 (Meta), 85 (AI Singapore), 87 (SCB 10X): type, region, governance
    rows = fx.query("cases")
    got = {str(r.label): (r.organisationType, r.region, str(r.country), r.governance) for r in rows}
    assert got["OLMo"] == (OSAI.NonProfitOrGrassroots, OSAI.NorthAmerica, "US", OSAI.SingleInstitute)
    assert got["Typhoon"] == (OSAI.SmallOrMediumEnterprise, OSAI.Asia, "TH", OSAI.SingleCompany)
    assert len(rows) == 4
    grid = {r.governance: (int(r.cases), str(r.caseLabels or "")) for r in fx.query("governance-grid")}
    # notes:173-175: single-company (Llama, Typhoon), single-institute (OLMo, SEA-LION), multi-company dashed, no case
    assert grid[OSAI.SingleCompany] == (2, "Llama; Typhoon")
    assert grid[OSAI.SingleInstitute] == (2, "OLMo; SEA-LION project")
    assert grid[OSAI.MultiCompany] == (0, "")
    assert len(grid) == 6  # every governance model of the scheme, with or without a case


def test_compute_and_its_users(fx):
    # notes:347-352 (Jean Zay: GENCI, IDRIS; BLOOM), notes:438 (Bielik-11B-v2 on Athena, ACK Cyfronet AGH)
    rows = fx.query("compute", compute="Jean Zay")
    assert {(str(r.operators), str(r.userLabel)) for r in rows} == {("GENCI; IDRIS", "BLOOM"), ("GENCI; IDRIS", "BigScience Workshop")}
    assert {str(r.label) for r in fx.query("compute")} == {"Athena", "Jean Zay"}


def test_applications_and_models(fx):
    # notes:216: GoTo uses AI Singapore's SEA-LION to power customer service
    [row] = fx.query("applications", model="SEA-LION")
    assert (str(row.deployedBy), row.model) == ("GoTo", ID["family/sea-lion"])
    assert len(fx.query("applications", model="BLOOM")) == 0


def test_openness_by_component(fx):
    # /work/shared/data/model_openness_tool/models/BLOOM.yml: research paper and technical report under CC-BY-4.0
    rows = fx.query("openness", model="BLOOM")
    assert [(str(r.component), str(r.status)) for r in rows] == [("Research paper", "CC-BY-4.0"), ("Technical report", "CC-BY-4.0")]


def test_facts_about_a_resource_with_sources_and_uncertain_claims(fx):
    rows = fx.query("facts-about", resource="Lugha-Llama-8B-wura")
    facts = {(str(r.direction), r.property, r.value): r for r in rows}
    fact = facts[("out", OSAI.continuedPretrainingFrom, m("llama-3.1-8b"))]
    assert str(fact.sources) == "https://huggingface.co/Lugha-Llama/Lugha-Llama-8B-wura"
    assert str(fact.graph) == "https://w3id.org/osaikg/graph/curated"
    # notes:121: the licence is uncertain: a claim, listed as such, never as a plain fact
    assert ("uncertain", OSAI.license, ID["license/llama-3.1-community"]) in facts
    assert not [k for k in facts if k[0] == "out" and k[1] == OSAI.license]


# --- every query, parameters, headers ------------------------------------------------------------

QUERIES = named_queries()
# the curation helper's queries, whose answers on these fixtures may rightly be empty
CURATION = {"uncertain-facts", "missing-sources"}
# the importers' cross-source queries answer only with imported graphs: tests/test_reconcile.py runs them
# on the import fixtures
IMPORTS = {"openness-assessments", "hf-derivatives"}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_has_a_header_and_answers_its_own_example(fx, name):
    query = QUERIES[name]
    assert query.title and query.description, name
    assert all(p.example for p in query.params), name
    rows = fx.query(name, **{p.name: p.example for p in query.params})
    if name not in CURATION | IMPORTS:
        assert len(rows) > 0, f"{name} with its examples {[p.example for p in query.params]} gives no rows"


@pytest.mark.parametrize("name", sorted(n for n, q in QUERIES.items() if q.params))
def test_a_value_full_of_quotes_braces_and_newlines_is_a_value(fx, name):
    query = QUERIES[name]
    rows = fx.query(name, **{p.name: NASTY for p in query.params})
    assert len(rows) == 0
    # the empty answer has the columns of a real one
    assert rows.columns == fx.query(name, **{p.name: p.example for p in query.params}).columns


def test_the_engine_binds_a_nasty_literal_as_a_value(fx):
    text = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?name ?model WHERE { ?model rdfs:label ?name }"
    assert len(fx.sparql(text, name=Literal(NASTY))) == 0
    assert len(fx.sparql(text, name=Literal(NASTY, lang="en"))) == 0
    assert [r.model for r in fx.sparql(text, name=Literal("BLOOM", lang="en"))] == [m("bloom")]


def test_missing_unknown_and_ambiguous_parameters_are_query_errors(fx):
    with pytest.raises(QueryError, match=r"needs parameter root; its parameters: root — the model or model family"):
        fx.query("descendants")
    with pytest.raises(QueryError, match=r"has no parameter colour; its parameters: stage .*; kind "):
        fx.query("collaborations", colour="red")
    with pytest.raises(QueryError, match="names 2 resources"):
        fx.sparql("SELECT ?x WHERE { BIND(1 AS ?y) }", x="Llama")  # the family and the project


def test_optional_parameters_may_be_left_out(fx):
    assert len(fx.query("collaborations")) == 5
    assert len(fx.query("collaborations", kind="osai:ComputePartnership")) == 1


def test_header_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: t\n# param: x — a thing (iri, example: X)\nSELECT ?y WHERE { ?y ?p ?x }\n")
    with pytest.raises(QueryError, match=r"bad.rq: parameter\(s\) x must be projected"):
        load_query(bad)
    bad.write_text("# title: t\n# param: x — a thing (iri)\n# walk: sideways x a b\nSELECT ?x ?a ?b WHERE { ?a ?x ?b }\n")
    with pytest.raises(QueryError, match="cannot read walk line"):
        load_query(bad)
    bad.write_text("# title: t\n# param: x — a thing (iri)\n# walk: down x a c\nSELECT ?x ?a ?b WHERE { ?a ?x ?b }\n")
    with pytest.raises(QueryError, match="walk needs projected column"):
        load_query(bad)


def test_the_same_graph_gives_the_same_answer(fx):
    for name in ("collaborations", "collaborating-pairs", "datasets-by-stage", "compute"):
        first = fx.query(name).rows
        assert fx.query(name).rows == first
    assert parse_header("x", "# walk: up m c p\n").walk == Walk("up", "m", "c", "p")


# --- output ---------------------------------------------------------------------------------------

def test_tsv_is_one_line_per_row_and_csv_quotes():
    from osaikg.output import render

    value = Literal('a "quote"\tand a tab\nand a newline \\ backslash')
    assert render(["v", "w"], [(value, None)], "tsv") == 'v\tw\na "quote"\\tand a tab\\nand a newline \\\\ backslash\t\n'
    assert render(["v"], [(value,)], "csv") == 'v\n"a ""quote""\tand a tab\nand a newline \\ backslash"\n'
    assert render(["v"], [(Literal("a | b\nc"),)], "markdown") == "| v |\n|---|\n| a \\| b c |\n"


def test_table_wraps_prose_between_words_within_the_width():
    from osaikg.output import render

    quote = "Everybody wants to train models. Nobody wants to do the data work"  # notes:193
    out = render(["finding", "evidence"], [(ID["finding/data-work-undervalued"], Literal(quote))], "table", width=60)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 60
    start = lines[0].index("evidence")
    assert " ".join(line[start:].strip() for line in lines[2:-2]) == quote
    assert lines[-1] == "(1 row)"

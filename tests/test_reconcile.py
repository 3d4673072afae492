"""Reconciliation and cross-source queries, on the import fixtures plus the curated graph."""
import csv
import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, SKOS

from osaikg import KnowledgeGraph, paths
from osaikg.build import build
from osaikg.namespaces import GRAPH, ID
from osaikg.reconcile import Entity, hf_repo, normalise

FIXTURES = Path(__file__).parent / "fixtures" / "import"
CURATED_QWEN = FIXTURES / "curated-qwen.ttl"


@pytest.fixture(scope="module")
def kg():
    files = paths.turtle_files(paths.instances_dir()) + [CURATED_QWEN]
    return KnowledgeGraph.load(instance_files=files, data=FIXTURES)


def links(kg, rule):
    graph = kg.dataset.graph(GRAPH[f"reconcile/{rule}"])
    return {(str(s), str(p), str(o)) for s, p, o in graph if p in (SKOS.exactMatch, SKOS.closeMatch)}


def test_same_name_links_index_and_tool_records_to_the_curated_model(kg):
    found = links(kg, "same-name")
    for source in ("osai-index", "mot"):
        assert (str(ID[f"model/{source}/starcoder"]), str(SKOS.closeMatch), str(ID["model/starcoder"])) in found


def test_hf_repo_id_is_an_exact_match(kg):
    assert (str(ID["model/hf/qwen/qwen3-0.6b"]), str(SKOS.exactMatch), str(ID["model/qwen3-0.6b"])) in links(kg, "hf-repo-id")


def test_never_owl_same_as(kg):
    assert not list(kg.dataset.quads((None, OWL.sameAs, None, None)))


def test_ambiguous_names_make_no_link_and_are_reported(kg):
    report = kg.imports.reconciliation
    # the Index spells one organisation "Stability AI" in one file and "StabilityAI" in another
    assert any(source == "osai-index" and key == "actor:stabilityai" for source, _rule, key, _iris in report.ambiguous)
    stability = {str(ID["organisation/osai-index/stability-ai"]), str(ID["organisation/osai-index/stabilityai"])}
    assert not any(link.subject in stability or link.object in stability for link in report.links)
    assert "## Ambiguous" in report.report() and "actor:stabilityai" in report.report()


def test_every_link_names_its_rule_in_its_graph(kg):
    for link in kg.imports.reconciliation.links:
        graph = kg.dataset.graph(GRAPH[f"reconcile/{link.rule}"])
        assert (URIRef(link.subject), link.property, URIRef(link.object)) in graph


def test_org_name_variants_and_keys():
    assert normalise("Command-R+") != normalise("Command-R")
    a = Entity("a", "mot", "actor", {"Mistral AI SAS"})
    b = Entity("b", "curated", "actor", {"Mistral AI"})
    assert {k for r, k in a.keys() if r == "org-name-variant"} == {k for r, k in b.keys() if r == "org-name-variant"}
    assert hf_repo("https://huggingface.co/Qwen/Qwen3-0.6B") == "model:qwen/qwen3-0.6b"
    assert hf_repo("https://huggingface.co/datasets/DIBT/10k_prompts_ranked") == "dataset:dibt/10k_prompts_ranked"
    assert hf_repo("https://huggingface.co/blog/bloom") is None


def test_openness_assessments_of_a_curated_model_from_the_index_and_the_tool(kg):
    import yaml

    rows = kg.query("openness-assessments", model="StarCoder")
    by_assessor = {}
    for row in rows:
        by_assessor.setdefault(str(row.assessorLabel), set()).add((str(row.componentLabel), str(row.statusLabel)))
    index = yaml.safe_load((FIXTURES / "osai-index" / "models" / "StarCoder.yaml").read_text())
    tool = yaml.safe_load((FIXTURES / "mot" / "models" / "StarCoder.yml").read_text())["release"]["components"]
    judged = {k: v["class"] for k, v in index.items() if isinstance(v, dict) and "class" in v}
    assert len(by_assessor["European Open Source AI Index"]) == len(judged) == 12
    assert {status for _c, status in by_assessor["European Open Source AI Index"]} == set(judged.values())
    assert {c for c, _s in by_assessor["Model Openness Tool"]} == {f"{c['name']} (Model Openness Framework)" for c in tool}


def test_hf_derivatives_of_a_curated_base_model(kg):
    # expected: every fixture repo whose base_model tags (or base_model_id) lead to Qwen/Qwen3-0.6B, transitively
    parents = {}
    catalog = FIXTURES / "hf" / "warehouse" / "catalog" / "huggingface"
    for name in ("model_repos.csv", "top_models.csv", "tracked_models.csv"):
        for row in csv.DictReader(open(catalog / name, encoding="utf-8")):
            bases = {m.group(1).lower() for t in row.get("tags", "").split(",")
                     if (m := re.match(r"^base_model:(?:[a-z]+:)?(.+)$", t))}
            if row.get("base_model_id"):
                bases.add(row["base_model_id"].lower())
            parents.setdefault(row["model_id"].lower(), set()).update(bases)
    expected, frontier = set(), {"qwen/qwen3-0.6b"}
    while frontier:
        frontier = {m for m, ps in parents.items() if ps & frontier} - expected
        expected |= frontier
    rows = kg.query("hf-derivatives", model="Qwen3-0.6B")
    assert {str(r.label).lower() for r in rows} == expected and len(expected) >= 5
    relations = {str(r.relation).rsplit("#", 1)[1] for r in rows}
    assert {"quantizedFrom", "fineTunedFrom"} <= relations


def test_cli_query_across_sources(cli):
    done = cli("query", "openness-assessments", "-p", "model=StarCoder", "--data", str(FIXTURES), "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert "Model Openness Tool" in done.stdout and "European Open Source AI Index" in done.stdout


def test_build_publishes_the_imported_graphs_deterministically(tmp_path):
    logged = []
    first = build(tmp_path / "a", log=logged.append, reason=False, data=FIXTURES, validate_imports=True)
    build(tmp_path / "b", log=lambda _m: None, reason=False, data=FIXTURES)
    names = sorted(str(p.relative_to(first.out)) for p in first.files if "imports" in p.parts)
    assert names == ["imports/ATTRIBUTION.md", "imports/data-provenance.nq", "imports/epoch.nq", "imports/hf.nq",
                     "imports/mot.nq", "imports/osai-index.nq", "imports/reconcile-report.md", "imports/reconcile.nq"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert any(line.startswith("import mot: 5 records") for line in logged)
    assert any(line.startswith("validate mot:") for line in logged)
    # The N-Quads dump holds every named graph, imports included; the merged dumps stay curated.
    import gzip

    for build_dir in ("a", "b"):
        assert (tmp_path / "a" / "osaikg.nq.gz").read_bytes() == (tmp_path / build_dir / "osaikg.nq.gz").read_bytes()
    nquads = gzip.decompress((tmp_path / "a" / "osaikg.nq.gz").read_bytes()).decode("utf-8")
    for source in ("osai-index", "mot", "epoch", "hf", "data-provenance"):
        graph = f"<https://w3id.org/osaikg/graph/import/{source}> ."
        in_dump = sum(1 for line in nquads.splitlines() if line.endswith(graph))
        in_file = (tmp_path / "a" / "imports" / f"{source}.nq").read_text(encoding="utf-8").count("\n")
        assert in_dump == in_file > 0, source
    assert "/graph/import/" not in gzip.decompress((tmp_path / "a" / "osaikg.nt.gz").read_bytes()).decode("utf-8")


def test_build_without_data_says_so(tmp_path):
    logged = []
    build(tmp_path / "out", log=logged.append, reason=False)  # the suite sets OSAIKG_DATA empty
    assert any("the curated graph only" in line for line in logged)
    assert not (tmp_path / "out" / "imports").exists()

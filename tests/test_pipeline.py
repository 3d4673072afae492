"""The pipeline stages and the Python API on the real slice."""
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from osaikg import KnowledgeGraph, QueryError
from osaikg.build import build
from osaikg.check import check_consistency, java_available
from osaikg.errors import InvalidDataError
from osaikg.namespaces import ID, OSAI

needs_java = pytest.mark.skipif(not java_available(), reason="HermiT needs java (make test installs it)")


def test_api_query_returns_rows_with_named_fields(kg):
    rows = kg.query("spun-out-of", project="BigScience")
    assert [str(r.label) for r in rows] == ["BigCode"]
    assert rows[0].spinout == ID["project/bigcode"]


def test_api_label_matching_nothing_gives_no_rows(kg):
    assert len(kg.query("spun-out-of", project="No Such Project")) == 0


def test_api_missing_parameter_is_a_query_error(kg):
    with pytest.raises(QueryError, match="needs parameter project"):
        kg.query("spun-out-of")


def test_api_sparql_binds_parameters(kg):
    rows = kg.sparql(
        "PREFIX osai: <https://w3id.org/osaikg/ontology#> SELECT ?model ?dataset WHERE { ?model osai:trainedOn|osai:pretrainedOn ?dataset }",
        model="model:bloom",
    )
    assert [r.dataset for r in rows] == [ID["dataset/roots"]]


def test_slice_facts(kg):
    g = kg.instances
    bloom, bigscience = ID["model/bloom"], ID["project/bigscience"]
    assert (bloom, OSAI.developedBy, bigscience) in g
    assert (bloom, OSAI.license, ID["license/bigscience-bloom-rail-1.0"]) in g
    assert (bloom, OSAI.pretrainedOn, ID["dataset/roots"]) in g
    assert set(g.objects(ID["compute/jean-zay"], OSAI.operatedBy)) == {ID["organisation/genci"], ID["organisation/idris"]}
    assert set(g.objects(ID["project/bigcode"], OSAI.ledBy)) == {ID["organisation/hugging-face"], ID["organisation/servicenow"]}
    assert (ID["model/starcoder"], OSAI.trainedOn, ID["dataset/the-stack"]) in g


def test_validation_follows_class_hierarchy(kg):
    # BLOOM's developer is a Project, which is an Actor only through the ontology's subclass axiom.
    report = kg.validate()
    assert report.conforms, report.to_text()


@needs_java
def test_hermit_finds_the_ontology_consistent(kg):
    report = check_consistency(kg.ontology)
    assert report.consistent and not report.unsatisfiable


@needs_java
def test_hermit_detects_an_unsatisfiable_class(kg):
    broken = Graph()
    broken += kg.ontology
    broken.parse(
        data="""
        @prefix osai: <https://w3id.org/osaikg/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        osai:Model owl:disjointWith osai:Artefact .
        """,
        format="turtle",
    )
    report = check_consistency(broken)
    assert str(OSAI.Model) in report.unsatisfiable


@needs_java
def test_build_writes_dist_and_is_deterministic(tmp_path):
    first = build(tmp_path / "a", log=lambda _m: None)
    second = build(tmp_path / "b", log=lambda _m: None)
    names = sorted(str(p.relative_to(first.out)) for p in first.files)
    assert {"ontology/osaikg.owl", "ontology/osaikg.ttl", "osaikg.ttl"} <= set(names)  # other stages add more
    assert "figures/network.png" in names
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    ttl = Graph().parse(tmp_path / "a" / "ontology" / "osaikg.ttl")
    owl = Graph().parse(tmp_path / "a" / "ontology" / "osaikg.owl", format="xml")
    assert isomorphic(ttl, owl)
    merged = Graph().parse(tmp_path / "a" / "osaikg.ttl")
    assert (ID["project/bigcode"], OSAI.spunOutOf, ID["project/bigscience"]) in merged
    assert (OSAI.Model, None, None) in merged


def test_build_refuses_to_publish_invalid_data(tmp_path, monkeypatch):
    root = Path(__file__).resolve().parents[1]
    home = tmp_path / "home"
    for part in ("ontology", "shapes", "instances", "queries"):
        shutil.copytree(root / part, home / part)
    shutil.copy(Path(__file__).parent / "data" / "model_without_developer.ttl", home / "instances")
    monkeypatch.setenv("OSAIKG_HOME", str(home))
    out = tmp_path / "dist"
    out.mkdir()
    (out / "previous.txt").write_text("the last good release")
    with pytest.raises(InvalidDataError, match="do not conform"):
        build(out, log=lambda _m: None, reason=False)
    assert [p.name for p in out.iterdir()] == ["previous.txt"]
    assert not list(tmp_path.glob(".tmp-*"))

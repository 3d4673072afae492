"""The ontology release: dist/ontology/osaikg.{ttl,owl,owx,jsonld} say the same thing, and
index.html documents every term; everything is reproducible byte for byte."""

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from osaikg.publish import rdf11_terms
from osaikg.namespaces import ONTOLOGY_IRI, OSAI
from osaikg.ontology_release import owx_to_graph, publish_ontology, release_graph


@pytest.fixture(scope="module")
def release(kg, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    files = publish_ontology(kg, out)
    return out / "ontology", files


def test_release_writes_four_formats_and_the_documentation(release):
    folder, files = release
    assert sorted(p.name for p in files) == ["index.html", "osaikg.jsonld", "osaikg.owl", "osaikg.owx", "osaikg.ttl"]


def test_the_four_formats_are_isomorphic(release, kg):
    folder, _ = release
    ttl = Graph().parse(folder / "osaikg.ttl")
    assert isomorphic(ttl, release_graph(kg.ontology))
    assert isomorphic(ttl, Graph().parse(folder / "osaikg.owl", format="xml"))
    assert isomorphic(ttl, Graph().parse(folder / "osaikg.jsonld", format="json-ld"))
    assert (folder / "osaikg.owx").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert isomorphic(rdf11_terms(ttl), rdf11_terms(owx_to_graph((folder / "osaikg.owx").read_text(encoding="utf-8"))))


def test_release_is_one_self_contained_ontology(release):
    folder, _ = release
    graph = Graph().parse(folder / "osaikg.ttl")
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [URIRef(ONTOLOGY_IRI)]
    assert not list(graph.objects(None, OWL.imports))
    # the imported declarations are merged in
    assert (URIRef("http://purl.org/dc/terms/source"), RDF.type, OWL.AnnotationProperty) in graph


def test_release_is_reproducible(release, kg, tmp_path):
    folder, files = release
    again = publish_ontology(kg, tmp_path)
    for first, second in zip(files, again):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_documentation_has_every_term(release, kg):
    folder, _ = release
    page = (folder / "index.html").read_text(encoding="utf-8")
    terms = {s for s in kg.ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(OSAI))}
    assert len(terms) > 140
    for term in terms:
        assert f'id="{term[len(OSAI):]}"' in page, term
    assert "Building a model from scratch." in page  # a definition, escaped and rendered
    assert "(<a href=\"#Artefact\">Artefact</a> or <a href=\"#Project\">Project</a>)" in page  # a union range

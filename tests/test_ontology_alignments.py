"""Alignment files: each opens offline with its catalog, maps only real osaikg terms, and keeps the
ontology consistent when merged with it. The core never imports them."""
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from osaikg.catalog import load_with_imports
from osaikg.check import check_consistency, java_available
from osaikg.namespaces import ONTOLOGY_IRI, OSAI

ALIGNMENTS = Path(__file__).resolve().parents[1] / "ontology" / "alignments"
FILES = sorted(ALIGNMENTS.glob("osaikg-*.ttl"))
TARGETS = {"prov", "org", "foaf", "dcat", "schemaorg", "fair4ml", "spdx", "wikidata"}
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch,
            RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)


def _load(path: Path) -> Graph:
    graph = Graph()
    load_with_imports(path, ALIGNMENTS / "catalog-v001.xml", graph)
    return graph


def test_every_target_has_an_alignment_file():
    assert {p.stem.removeprefix("osaikg-") for p in FILES} == TARGETS


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_alignment_imports_the_core_and_maps_declared_terms(path):
    own = Graph().parse(path)
    (header,) = own.subjects(RDF.type, OWL.Ontology)
    assert (header, OWL.imports, URIRef(ONTOLOGY_IRI)) in own
    merged = _load(path)
    mapped = {s for p in MAPPINGS for s in own.subjects(p, None) if str(s).startswith(str(OSAI))}
    assert mapped, "an alignment maps at least one osaikg term"
    for term in mapped:
        assert (term, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) in merged, f"{term} is not an osaikg term"
        assert (term, RDF.type, None) in merged


def test_core_does_not_import_alignments():
    core = Graph().parse(ALIGNMENTS.parent / "osaikg.ttl")
    assert not [o for o in core.objects(None, OWL.imports) if "alignments" in str(o)]


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_core_with_every_alignment_stays_consistent():
    merged = Graph()
    for path in FILES:
        merged += _load(path)
    report = check_consistency(merged)
    assert report.ok, report.message or report.unsatisfiable

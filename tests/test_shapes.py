"""The shapes, tested on data: every fixture under tests/shapes/ states the report it must produce.

Each fixture is one self-contained Turtle file holding the data and a ``dash:GraphValidationTestCase``
whose ``dash:expectedResult`` is the exact SHACL report (focus node, path, value, severity, constraint
component, source shape). pySHACL compares the two (``check_dash_result``); the test case must be in the
shapes graph, so each file is given both as data and as an addition to the project's shapes.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from osaikg.load import load_instance_files, load_ontology, load_shapes
from osaikg.namespaces import OSAI, SHAPES
from osaikg.parse import parse_file
from osaikg.validate import validate_graph

FIXTURES = Path(__file__).parent / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _check(path: Path, shapes: Graph, ontology: Graph) -> None:
    case = parse_file(path)
    data = Graph()
    data += case
    data += ontology  # as osaikg.validate does: the ontology's hierarchies, mixed into the data
    shapes_and_case = Graph()
    shapes_and_case += shapes
    shapes_and_case += case
    passed, _report, _text = pyshacl.validate(
        data, shacl_graph=shapes_and_case, inference="none", advanced=True, allow_warnings=True,
        check_dash_result=True, inplace=True,
    )
    if not passed:
        actual = validate_graph(case, shapes, ontology)
        pytest.fail(f"{path.name}: the report differs from its dash:expectedResult; actual report:\n{actual.to_text()}")


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_fixture_conforms(path, shapes, ontology):
    _check(path, shapes, ontology)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_gives_its_expected_report(path, shapes, ontology):
    _check(path, shapes, ontology)


def test_fixture_expectations_are_exact():
    """Every expected result names focus node, source shape, constraint component and severity (and a path
    where the shape has one), and every invalid fixture expects at least one result."""
    for path in INVALID:
        graph = parse_file(path)
        results = list(graph.subjects(RDF.type, SH.ValidationResult))
        assert results, f"{path.name} expects no result"
        for result in results:
            for predicate in (SH.focusNode, SH.sourceShape, SH.sourceConstraintComponent, SH.resultSeverity):
                assert graph.value(result, predicate) is not None, f"{path.name}: expected result without {predicate}"
    for path in VALID:
        graph = parse_file(path)
        assert not list(graph.subjects(RDF.type, SH.ValidationResult)), f"{path.name} is meant to conform"


def _constraint_shapes(shapes: Graph) -> set[URIRef]:
    """Shapes that report results of their own: property shapes, and node shapes with node-level constraints."""
    node_level = {SH.nodeKind, SH["class"], SH["or"], SH.sparql, SH.pattern, SH["in"], SH.datatype}
    found = set(shapes.subjects(RDF.type, SH.PropertyShape))
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if any((shape, p, None) in shapes for p in node_level):
            found.add(shape)
    return {s for s in found if isinstance(s, URIRef)}


def test_every_shape_has_an_invalid_fixture(shapes):
    expected = set()
    for path in INVALID:
        expected |= set(parse_file(path).objects(None, SH.sourceShape))
    missing = sorted(str(s) for s in _constraint_shapes(shapes) - expected)
    assert not missing, f"shapes without an invalid fixture: {missing}"


def test_every_shape_is_exercised_by_a_valid_fixture(shapes):
    """Each property shape's path has a value in some valid fixture, and each node-level check has a focus node."""
    valid = Graph()
    for path in VALID:
        valid += parse_file(path)
    used = set(valid.predicates())
    unused = sorted(
        str(shape) for shape in shapes.subjects(RDF.type, SH.PropertyShape) if shapes.value(shape, SH.path) not in used
    )
    assert not unused, f"property shapes whose path no valid fixture uses: {unused}"
    types = set(valid.objects(None, RDF.type))
    for shape in _constraint_shapes(shapes) - set(shapes.subjects(RDF.type, SH.PropertyShape)):
        targets = set(shapes.objects(shape, SH.targetClass)) | set(shapes.objects(shape, SH.targetSubjectsOf))
        assert targets & (types | used), f"{shape}: no valid fixture has a focus node for it"


def test_the_instances_conform(kg):
    report = kg.validate()
    assert report.conforms, report.to_text()


# --- The shapes against the ontology: closed lists and enumerated subproperties cannot drift apart.

def _scheme_members(ontology: Graph, scheme: URIRef) -> set[URIRef]:
    return set(ontology.subjects(SKOS.inScheme, scheme)) | set(ontology.subjects(SKOS.topConceptOf, scheme))


def _sh_in(shapes: Graph, shape: URIRef) -> set:
    from rdflib.collection import Collection

    return set(Collection(shapes, shapes.value(shape, SH["in"])))


@pytest.mark.parametrize(
    "shape, scheme",
    [
        ("OrganisationShape-organisationType", "OrganisationTypeScheme"),
        ("ActorShape-region", "RegionScheme"),
        ("ProjectShape-governanceModel", "GovernanceModelScheme"),
        ("LicenseShape-licenseCategory", "LicenseCategoryScheme"),
        ("CollaborationShape-collaborationKind", "CollaborationKindScheme"),
    ],
)
def test_closed_lists_match_the_ontology_schemes(shapes, ontology, shape, scheme):
    members = _scheme_members(ontology, OSAI[scheme])
    assert members, f"the ontology has no concepts in osai:{scheme}"
    assert _sh_in(shapes, SHAPES[shape]) == members


@pytest.mark.parametrize("shape", ["CollaborationShape-atStage", "FindingShape-atStage"])
def test_stage_lists_match_the_lifecycle_stages(shapes, ontology, shape):
    stages = set(ontology.subjects(RDF.type, OSAI.LifecycleStage))
    assert stages == {OSAI.PreTraining, OSAI.PostTraining, OSAI.PostRelease}
    assert _sh_in(shapes, SHAPES[shape]) == stages


def _derivation_properties(ontology: Graph) -> set[URIRef]:
    found = {OSAI.derivedFrom}
    while True:
        more = {s for o in found for s in ontology.subjects(RDFS.subPropertyOf, o)} - found
        if not more:
            return found
        found |= more


@pytest.mark.parametrize("shape", ["DerivationKindShape", "DerivationCycleShape"])
def test_derivation_targets_list_every_subproperty(shapes, ontology, shape):
    expected = _derivation_properties(ontology)
    assert len(expected) > 1, "the ontology declares no subproperty of osai:derivedFrom"
    assert set(shapes.objects(SHAPES[shape], SH.targetSubjectsOf)) == expected


def test_derivation_chain_path_lists_every_subproperty(shapes, ontology):
    query = str(shapes.value(SHAPES["DerivationCycleShape-acyclic"], SH.select))
    path = re.search(r"\?value \(([^)]*)\)\*", query).group(1)
    listed = {OSAI[name.removeprefix("osai:")] for name in path.split("|")}
    assert listed == _derivation_properties(ontology)


def test_every_class_the_instances_use_has_a_shape(shapes, ontology):
    """Each class with instances is targeted by a node shape, directly or through a superclass."""
    targeted = set(shapes.objects(None, SH.targetClass))
    instances = Graph()
    for graph in load_instance_files().values():
        instances += graph
    for cls in sorted(set(instances.objects(None, RDF.type))):
        supers = {cls} | set(ontology.transitive_objects(cls, RDFS.subClassOf))
        assert supers & targeted, f"no shape targets {cls} or a superclass"


def test_shapes_reach_only_terms_the_ontology_declares(shapes, ontology):
    """A typo in a shape (osai:developedby) silently checks nothing: every osai: term must exist."""
    terms = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(OSAI))}
    for query in shapes.objects(None, SH.select):
        terms |= {OSAI[name] for name in re.findall(r"osai:(\w+)", str(query))}
    declared = set(ontology.subjects())
    assert sorted(str(t) for t in terms - declared) == []

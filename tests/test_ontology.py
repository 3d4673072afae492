"""The ontology's contract: the terms every helper uses exist, typed, labelled and defined."""
import tomllib
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from osaikg.load import load_ontology
from osaikg.namespaces import ONTOLOGY_IRI, OSAI

ROOT = Path(__file__).resolve().parents[1]

CLASSES = """Actor Organisation Project Person Artefact Model ModelFamily Dataset Software ComputeResource Benchmark
Application License LifecycleStage Collaboration Finding Challenge OnRamp StageSummary Study OpennessAssessment
UncertainClaim GovernanceModel OrganisationType CollaborationKind LicenseCategory Region""".split()
OBJECT_PROPERTIES = """developedBy maintainedBy contributedTo memberOf ledBy fundedBy spunOutOf derivedFrom fineTunedFrom
continuedPretrainingFrom adapterOf quantizedFrom mergedFrom distilledFrom rebuiltFrom inFamily trainedOn pretrainedOn
postTrainedOn evaluatedOn trainedWith usedCompute operatedBy license licenseCategory usesModel deployedBy participant
atStage collaborationKind concerns reportedBy governanceModel organisationType region hasCase mentions author
affiliatedWith assessedArtefact assessedBy component opennessStatus""".split()
DATA_PROPERTIES = "releaseDate parameterCount country language evidence gated spdxId uncertaintyNote".split()
ANNOTATION_PROPERTIES = "claimSubject claimPredicate claimObject".split()
SCHEMES = {
    "CollaborationKindScheme": """DataBuildingAndSharing ComputePartnership FrameworkCodeContribution TrustedWeightSharing
        PostTrainingDataRelease DerivativeDevelopment CommunityFeedback Benchmarking DistributionAndDiscovery
        RegionalAdaptation FollowUpProject KnowledgeSharing""".split(),
    "GovernanceModelScheme": """SingleCompany MultiCompany SingleInstitute MultiOrganisational
        NonProfitSponsoredGrassroots CompanySponsoredGrassroots""".split(),
    "OrganisationTypeScheme": "NonProfitOrGrassroots PublicResearchOrPublicBody SmallOrMediumEnterprise LargeEnterprise".split(),
    "LicenseCategoryScheme": "Permissive Copyleft ResponsibleAI CustomCommunity NonCommercial Proprietary".split(),
    "RegionScheme": "Africa Asia Europe NorthAmerica SouthAmerica Oceania".split(),
    "LifecycleStageScheme": "PreTraining PostTraining PostRelease".split(),
}
SCHEME_CLASS = {
    "CollaborationKindScheme": "CollaborationKind", "GovernanceModelScheme": "GovernanceModel",
    "OrganisationTypeScheme": "OrganisationType", "LicenseCategoryScheme": "LicenseCategory",
    "RegionScheme": "Region", "LifecycleStageScheme": "LifecycleStage",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def edit_file() -> Graph:
    return Graph().parse(ROOT / "ontology" / "osaikg.ttl")


def test_version_iri_matches_the_package_version(edit_file):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    ontology = URIRef(ONTOLOGY_IRI)
    assert list(edit_file.subjects(RDF.type, OWL.Ontology)) == [ontology]
    assert edit_file.value(ontology, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
    assert edit_file.value(ontology, OWL.versionInfo) == Literal(version)


def test_header_has_title_description_licence_and_creator(edit_file):
    ontology = URIRef(ONTOLOGY_IRI)
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator):
        assert edit_file.value(ontology, prop) is not None, prop
    assert edit_file.value(ontology, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def _terms():
    yield from ((name, OWL.Class) for name in CLASSES)
    yield from ((name, OWL.ObjectProperty) for name in OBJECT_PROPERTIES)
    yield from ((name, OWL.DatatypeProperty) for name in DATA_PROPERTIES)
    yield from ((name, OWL.AnnotationProperty) for name in ANNOTATION_PROPERTIES)


@pytest.mark.parametrize("name,kind", list(_terms()))
def test_contract_term_is_declared_labelled_and_defined(edit_file, name, kind):
    term = OSAI[name]
    assert (term, RDF.type, kind) in edit_file
    labels = list(edit_file.objects(term, RDFS.label))
    assert len(labels) == 1 and labels[0].language == "en"
    definitions = list(edit_file.objects(term, SKOS.definition))
    assert len(definitions) == 1 and definitions[0].language == "en"
    assert (term, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) in edit_file


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_concept_schemes_hold_their_concepts(edit_file, scheme):
    for name in SCHEMES[scheme]:
        concept = OSAI[name]
        assert (concept, RDF.type, SKOS.Concept) in edit_file, name
        assert (concept, RDF.type, OSAI[SCHEME_CLASS[scheme]]) in edit_file, name
        assert (concept, SKOS.inScheme, OSAI[scheme]) in edit_file, name


def test_lifecycle_stage_has_exactly_three_members(edit_file):
    (one_of,) = [
        node for node in edit_file.objects(OSAI.LifecycleStage, OWL.equivalentClass) if edit_file.value(node, OWL.oneOf)
    ]
    members = list(Collection(edit_file, edit_file.value(one_of, OWL.oneOf)))
    assert members == [OSAI.PreTraining, OSAI.PostTraining, OSAI.PostRelease]


def test_uncertain_claims_do_not_assert_their_fact(edit_file):
    # Annotation properties carry no logical commitment: the claim's subject gets no type, no domain.
    for name in ANNOTATION_PROPERTIES:
        assert (OSAI[name], RDF.type, OWL.ObjectProperty) not in edit_file


def test_no_xsd_date_in_owl_ranges(onto):
    from rdflib.namespace import XSD

    assert not list(onto.subjects(RDFS.range, XSD.date))


def test_imports_are_declared_terms_only(onto):
    """The merged ontology carries both files; dcterms and skos documentation terms stay annotation properties."""
    for prop in (DCTERMS.license, DCTERMS.source, SKOS.definition):
        assert set(onto.objects(prop, RDF.type)) == {OWL.AnnotationProperty}

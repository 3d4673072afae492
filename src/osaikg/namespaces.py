"""Every namespace the project uses, declared once.

Other modules import from here; Turtle files bind the same prefixes (see ``PREFIXES``)
so that canonical output always uses one prefix table.
"""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

OSAI = Namespace("https://w3id.org/osaikg/ontology#")
"""The ontology's terms (classes, properties, concepts)."""

ONTOLOGY_IRI = "https://w3id.org/osaikg/ontology"

ID = Namespace("https://w3id.org/osaikg/id/")
"""Instances: https://w3id.org/osaikg/id/<kind>/<slug>, one prefix per kind (``KINDS``)."""

KINDS = (
    "organisation", "project", "person", "model", "family", "dataset", "software", "compute",
    "benchmark", "application", "license", "collaboration", "finding", "study", "assessment", "claim",
)
"""Kinds of instance IRI. Turtle cannot write ``id:model/bloom`` (no '/' in a prefixed name),
so each kind has its prefix: ``model:bloom`` is <https://w3id.org/osaikg/id/model/bloom>."""
INSTANCE_PREFIXES: dict[str, Namespace] = {kind: Namespace(f"{ID}{kind}/") for kind in KINDS}

SHAPES = Namespace("https://w3id.org/osaikg/shapes#")
GRAPH = Namespace("https://w3id.org/osaikg/graph/")
"""Named graphs: one per source (curated instances, each importer)."""

ORG = Namespace("http://www.w3.org/ns/org#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 (rdflib's DCAT is DCAT 2 only)
SCHEMA = Namespace("https://schema.org/")
SPDX = Namespace("https://spdx.org/licenses/")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX_TERMS = Namespace("http://spdx.org/rdf/terms#")  # checksums in DCAT (``spdx:`` above is the licence list)
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
MEDIA_TYPE = Namespace("https://www.iana.org/assignments/media-types/")
"""IANA media types as IRIs, for ``dcat:mediaType`` (no prefix: ``text/turtle`` has a '/')."""
RELEASE = Namespace("https://w3id.org/osaikg/")
"""The release: the dataset ``RELEASE.dataset`` and its files under ``RELEASE['dist/']``."""
DASH = Namespace("http://datashapes.org/dash#")
VANN = Namespace("http://purl.org/vocab/vann/")
FAIR4ML = Namespace("https://w3id.org/fair4ml#")
WD = Namespace("http://www.wikidata.org/entity/")  # Wikidata items and property entities (alignments)

PREFIXES: dict[str, Namespace] = {
    "osai": OSAI,
    "id": ID,
    "shapes": SHAPES,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "sh": SH,
    "skos": SKOS,
    "xsd": XSD,
    "org": ORG,
    "dcat": DCAT,
    "schema": SCHEMA,
    "spdx": SPDX,
    "void": VOID,
    "spdxt": SPDX_TERMS,
    "sd": SD,
    "dash": DASH,
    "vann": VANN,
    "fair4ml": FAIR4ML,
    "wd": WD,
    **INSTANCE_PREFIXES,
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefix table on an rdflib graph, replacing rdflib's defaults."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)

"""Offline resolution of ``owl:imports`` through ``ontology/catalog-v001.xml``.

Protégé reads the same catalog, so the editor and the build see the same imported files.
rdflib ignores both catalogs and imports, hence this resolver.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL

from .errors import InputError
from .parse import parse_file

CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"


def read_catalog(catalog: Path) -> dict[str, Path]:
    """Map each import IRI named in the catalog to its local file."""
    if not catalog.is_file():
        return {}
    try:
        root = ET.parse(catalog).getroot()
    except ET.ParseError as err:
        raise InputError(catalog, f"catalog is not well-formed XML: {err}", line=err.position[0])
    return {
        uri.attrib["name"]: (catalog.parent / uri.attrib["uri"]).resolve()
        for uri in root.iter(f"{CATALOG_NS}uri")
    }


def load_with_imports(edit_file: Path, catalog: Path, graph: Graph) -> list[Path]:
    """Parse ``edit_file`` and, recursively, every file it imports, into ``graph``.

    Returns the files read. An import the catalog does not map is an error: the build never fetches.
    """
    mapping = read_catalog(catalog)
    seen: set[Path] = set()
    pending = [edit_file.resolve()]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        part = parse_file(path)
        for imported in part.objects(None, OWL.imports):
            target = mapping.get(str(imported)) or mapping.get(str(imported).rstrip("#/"))
            if target is None:
                raise InputError(path, f"owl:imports <{imported}> is not mapped to a local file in {catalog.name}")
            pending.append(target)
        graph += part
    return sorted(seen)

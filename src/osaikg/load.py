"""Stage 1, load: read the ontology (with its imports), the shapes and the instances.

Everything is read through :mod:`osaikg.parse`; nothing is fetched from the network.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from . import paths
from .catalog import load_with_imports
from .parse import parse_file
from .store import memory_graph


@dataclass
class Sources:
    """The project's sources as read from disk, one graph per kind, and each instance file apart."""

    ontology: Graph
    shapes: Graph
    instance_files: dict[Path, Graph] = field(default_factory=dict)

    @property
    def instances(self) -> Graph:
        merged = memory_graph()
        for graph in self.instance_files.values():
            merged += graph
        return merged


def load_ontology(ontology_dir: Path | None = None) -> Graph:
    """The TBox: the edit file ``osaikg.ttl`` and everything it imports, resolved by the catalog."""
    ontology_dir = ontology_dir or paths.ontology_dir()
    graph = memory_graph()
    load_with_imports(ontology_dir / "osaikg.ttl", ontology_dir / "catalog-v001.xml", graph)
    return graph


def load_shapes(files: list[Path] | None = None) -> Graph:
    graph = memory_graph()
    for path in files if files is not None else paths.turtle_files(paths.shapes_dir()):
        parse_file(path, graph)
    return graph


def load_instance_files(files: list[Path] | None = None) -> dict[Path, Graph]:
    files = files if files is not None else paths.turtle_files(paths.instances_dir())
    return {Path(path): parse_file(path, memory_graph()) for path in files}


def load_sources(instance_files: list[Path] | None = None) -> Sources:
    return Sources(ontology=load_ontology(), shapes=load_shapes(), instance_files=load_instance_files(instance_files))

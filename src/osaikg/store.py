"""The triple store behind the rdflib Graph API: chosen here, and only here.

Oxigraph (through oxrdflib) parses and queries 10-40x faster than rdflib's memory store on this
machine (shared/research/performance-baselines.md). pySHACL, on the other hand, is faster on
rdflib's memory store, so validation copies into :func:`memory_graph`. To swap the engine, change
:func:`new_dataset`.
"""
from rdflib import Dataset, Graph

from .namespaces import bind_prefixes

STORE = "Oxigraph"


def new_dataset() -> Dataset:
    """An empty dataset whose default graph is the union of its named graphs."""
    dataset = Dataset(store=STORE, default_union=True)
    bind_prefixes(dataset)
    return dataset


def memory_graph() -> Graph:
    """A plain in-memory rdflib graph (for pySHACL, owlready2 export and serialisation)."""
    graph = Graph()
    bind_prefixes(graph)
    return graph

"""Stage 2, check: OWL 2 DL consistency of the ontology with HermiT (through owlready2).

HermiT runs over the TBox (and, optionally, a small ABox), never over imported bulk data:
it is out of reach beyond a few hundred individuals (shared/research/performance-baselines.md).
owlready2 cannot read Turtle, so the graph is handed over as N-Triples.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL

from .errors import OsaikgError


@dataclass
class ConsistencyReport:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def java_available() -> bool:
    return shutil.which("java") is not None


def check_consistency(graph: Graph) -> ConsistencyReport:
    """Run HermiT over ``graph``; report inconsistency and unsatisfiable classes."""
    if not java_available():
        raise OsaikgError("HermiT needs a Java runtime: install one (make build does: apt-get install default-jre-headless)")
    import owlready2  # imported here: it starts slowly and only this stage needs it

    with tempfile.TemporaryDirectory(prefix="osaikg-hermit-") as tmp:
        nt = Path(tmp) / "ontology.nt"
        # The imports are already merged into ``graph``; owlready2 would try to download them.
        merged = Graph()
        merged += (t for t in graph if t[1] != OWL.imports)
        merged.serialize(destination=nt, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(nt.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as err:
            return ConsistencyReport(consistent=False, message=str(err) or "HermiT: the ontology is inconsistent")
        except owlready2.OwlReadyJavaError as err:
            raise OsaikgError(f"HermiT failed: {str(err).strip().splitlines()[-1] if str(err).strip() else err}")
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
        world.close()
    return ConsistencyReport(consistent=True, unsatisfiable=unsatisfiable)

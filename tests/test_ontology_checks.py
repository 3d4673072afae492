"""The ROBOT-report-like QC checks (queries/checks/*.rq): zero rows on the ontology, and each one
reports its bad example (tests/data/checks/<check>.ttl), so no check passes by being unable to fail."""
from pathlib import Path

import pytest
from rdflib import Graph

from osaikg.ontology_checks import check_store, checks, ontology_with_alignments, run_check

BAD = Path(__file__).parent / "data" / "checks"
CHECKS = checks()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return check_store(ontology_with_alignments())


def test_every_check_has_a_bad_example():
    assert len(CHECKS) >= 15
    assert sorted(CHECKS) == sorted(p.stem for p in BAD.glob("*.ttl"))


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_passes_on_the_ontology(ontology, name):
    assert run_check(CHECKS[name], ontology) == []


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_catches_its_bad_example(name):
    bad = Graph().parse(BAD / f"{name}.ttl")
    assert run_check(CHECKS[name], bad), f"{name} found nothing in its bad example"

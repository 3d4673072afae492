"""The OWL API (Protégé's own parser, Debian libowlapi-java) loads the ontology and each alignment
through their catalogs and finds them in the OWL 2 DL profile; and it does report a file that is not."""
import shutil
from pathlib import Path

import pytest

from osaikg.owl_profile import check_profile

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
BAD = Path(__file__).parent / "data" / "owl_profile_bad.ttl"

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="the OWL API needs Java")


@pytest.fixture(scope="module")
def report():
    """One JVM for every file: the core with its catalog, each alignment with its catalog, the bad example."""
    alignments = sorted((ONTOLOGY / "alignments").glob("*.ttl"))
    files = [(ONTOLOGY / "osaikg.ttl", ONTOLOGY / "catalog-v001.xml")]
    files += [(path, ONTOLOGY / "alignments" / "catalog-v001.xml") for path in alignments]
    files += [(BAD, None)]
    return check_profile(files)


def _problems(report, path: Path) -> list[str]:
    return [line.split("\t", 1)[1] for line in report.problems if line.split("\t", 1)[0] == str(path)]


def test_ontology_is_owl2_dl_for_the_owl_api(report):
    assert _problems(report, ONTOLOGY / "osaikg.ttl") == []
    # The imports closure came from the catalog: the edit file and external_terms.ttl.
    assert f"{ONTOLOGY / 'osaikg.ttl'}: 2 ontologies in the imports closure" in report.log


def test_alignments_are_owl2_dl_for_the_owl_api(report):
    for path in sorted((ONTOLOGY / "alignments").glob("*.ttl")):
        assert _problems(report, path) == [], path.name
        assert f"{path}: 3 ontologies in the imports closure" in report.log


def test_profile_check_reports_what_is_not_owl2_dl(report):
    kinds = sorted(problem.split(":", 1)[0] for problem in _problems(report, BAD))
    assert kinds == ["IllegalPunning", "UseOfNonSimplePropertyInCardinalityRestriction",
                     "UseOfUndeclaredClass", "UseOfUndeclaredDatatype"]
    assert report.status == 1

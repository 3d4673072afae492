"""The query commands end to end, as a user runs them, on a copy of the project whose instances are
the query fixtures (tests/queries/, facts from seed-paper-notes.md; lines cited in test_queries.py)."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

FIXTURES = Path(__file__).parent / "queries"
NASTY = 'x" } # {\n\'\'\' """ }\nSELECT * WHERE { ?s ?p ?o }'


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """OSAIKG_HOME: the real ontology, shapes and queries; the fixtures as instances."""
    home = tmp_path_factory.mktemp("home")
    for part in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / part, home / part)
    (home / "instances").mkdir()
    for name in ("ontology-stub.ttl", "study-slice.ttl", "lineage-diamond.ttl"):
        shutil.copy(FIXTURES / name, home / "instances" / name)
    return home


def osaikg(home, *args, seed="0"):
    exe = Path(sys.executable).parent / "osaikg"
    env = dict(os.environ, OSAIKG_HOME=str(home), PYTHONHASHSEED=seed)
    return subprocess.run([str(exe), *args], cwd=home, capture_output=True, text=True, env=env, timeout=300)


def test_descendants_with_depth_as_csv(home):
    result = osaikg(home, "query", "descendants", "--param", "root=family:llama", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["label"], r["depth"]) for r in rows][-1] == ("Llama3 8B CPT Sahabat-AI v1", "4")
    assert rows[-1]["kind"] == "https://w3id.org/osaikg/ontology#continuedPretrainingFrom"


def test_json_answer_types_the_depth(home):
    result = osaikg(home, "query", "ancestors", "-p", "model=Bielik-7B-Instruct-v0.1", "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"][-1] == "depth"
    [binding] = data["results"]["bindings"]
    assert binding["depth"] == {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert binding["label"]["value"] == "Bielik-7B-v0.1"


def test_query_file_with_a_parameter(home, tmp_path):
    path = tmp_path / "my.rq"
    path.write_text(
        "# title: Datasets a model was trained on\n"
        "# param: model — the model (iri, example: BLOOM)\n"
        "PREFIX osai: <https://w3id.org/osaikg/ontology#>\n"
        "SELECT ?model ?dataset WHERE { ?model osai:pretrainedOn ?dataset }\n"
    )
    result = osaikg(home, "query", "--file", str(path), "-p", "model=Lugha-Llama-8B-wura", "-f", "tsv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "model\tdataset",
        "https://w3id.org/osaikg/id/model/lugha-llama-8b-wura\thttps://w3id.org/osaikg/id/dataset/wura",
    ]


def test_wrong_parameter_is_exit_2_naming_the_parameters(home):
    result = osaikg(home, "query", "collaborations", "-p", "stag=PreTraining")
    assert result.returncode == 2
    assert "has no parameter stag" in result.stderr
    assert "stage — only collaborations at this stage" in result.stderr and "kind — only collaborations of this kind" in result.stderr
    assert "Traceback" not in result.stderr
    result = osaikg(home, "query", "ancestors")
    assert result.returncode == 2 and "needs parameter model" in result.stderr


def test_nasty_value_gives_no_rows_and_no_error(home):
    result = osaikg(home, "query", "facts-about", "--param", f"resource={NASTY}", "--format", "tsv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["resource\tdirection\tproperty\tvalue\tvalueLabel\tgraph\tsources"]


def test_table_wraps_long_cells_to_the_width(home):
    result = osaikg(home, "query", "challenges-and-on-ramps", "-p", "stage=osai:PostRelease", "-f", "table", "--width", "100")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[-1] == "(2 rows)"
    # the first row's evidence, read down its column, is the whole quote (notes:223)
    start, end = lines[0].index("evidence"), lines[0].index("sources")
    first_row = lines[2: lines.index("")]
    assert " ".join(line[start:end].strip() for line in first_row).strip() == (
        "I cannot apply for the Llama license because my identity says that I'm in mainland China")
    unwrapped = osaikg(home, "query", "challenges-and-on-ramps", "-p", "stage=osai:PostRelease", "-f", "table")
    assert len(unwrapped.stdout.splitlines()) == 5  # header, rule, 2 rows, count: no wrapping in a pipe


def test_same_graph_same_bytes_across_processes(home):
    # lists (GROUP_CONCAT) and row order must not depend on the process's hash seed
    for name in ("collaborations", "collaborating-pairs"):
        first = osaikg(home, "query", name, "-f", "csv", seed="1").stdout
        assert first.count("\n") > 1
        assert osaikg(home, "query", name, "-f", "csv", seed="2").stdout == first, name


def test_queries_lists_every_query_with_parameters(home):
    result = osaikg(home, "queries")
    assert result.returncode == 0
    assert "descendants\n    Descendants of a model or model family\n    --param root — the model or model family (iri, example: family:llama)" in result.stdout
    assert "--param kind — only collaborations of this kind (iri, optional, example: osai:ComputePartnership)" in result.stdout
    assert result.stdout.count("\n    ") >= len(list((ROOT / "queries").glob("*.rq")))


# --- examples/ ------------------------------------------------------------------------------------

def example(home, script, *args):
    env = dict(os.environ, OSAIKG_HOME=str(home))
    return subprocess.run([sys.executable, str(ROOT / "examples" / script), *args], cwd=home,
                          capture_output=True, text=True, env=env, timeout=300)


def test_example_spin_outs(home):
    # notes:179: BigCode came out of BigScience
    result = example(home, "spin_outs.py", "BigScience")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "BigCode came out of BigScience Workshop (generation 1 after BigScience)\n"
    assert example(home, "spin_outs.py", "BigCode").stdout == "BigCode came out of BigScience Workshop (1 generation back)\n"


def test_example_lineage_shows_the_tree_and_licence_changes(home):
    # notes:117, 433-434: Bielik-7B-Instruct-v0.1 (CC-BY-NC-4.0) fine-tuned from Bielik-7B-v0.1 (Apache-2.0)
    result = example(home, "lineage.py", "Bielik-7B-v0.1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Descendants of Bielik-7B-v0.1: 1",
        "  Bielik-7B-Instruct-v0.1  (fineTunedFrom Bielik-7B-v0.1)",
        "licence changes: Bielik-7B-v0.1 (Apache License 2.0) -> Bielik-7B-Instruct-v0.1 (CC BY-NC 4.0)",
    ]
    # notes:415-416, 425: four generations below the Llama family, one licence throughout
    lines = example(home, "lineage.py", "family:llama").stdout.splitlines()
    assert lines[0] == "Descendants of family:llama: 6"
    assert "        Llama3 8B CPT Sahabat-AI v1  (continuedPretrainingFrom Llama3 8B CPT SEA-LIONv2.1 Instruct)" in lines
    assert not [line for line in lines if line.startswith("licence changes")]


def test_example_collaboration_by_stage(home):
    result = example(home, "collaboration_by_stage.py")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["osai:PostRelease", "osai:DistributionAndDiscovery", "1"]
    assert "EleutherAI — Hugging Face: 1 (DistributionAndDiscovery)" in lines  # notes:215


def _serve_available():
    exe = Path(sys.executable).parent / "osaikg"
    return subprocess.run([str(exe), "serve", "--help"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _serve_available(), reason="`osaikg serve` is not on this branch yet")
def test_example_sparql_endpoint_with_sparqlwrapper(endpoint):
    # A standard client against `osaikg serve` over the real release (conftest.endpoint).
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "sparql_endpoint.py"), f"{endpoint}/sparql"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  PreTraining    ROOTS: 1" in lines  # notes 4.1: BLOOM trained on ROOTS
    assert "  BLOOM: BigScience RAIL License v1.0" in lines  # notes 1.3: BLOOM's licence

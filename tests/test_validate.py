"""`osaikg validate` reports, end to end: text, JSON and Turtle, colours, exit codes, shape hygiene."""
from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from conftest import ROOT, run_cli

REPORTS = Path(__file__).parent / "shapes" / "reports"
BROKEN = REPORTS / "broken.ttl"
WARNINGS_ONLY = REPORTS / "warnings-only.ttl"
OSAIKG = str(Path(sys.executable).parent / "osaikg")


@pytest.fixture(scope="module")
def broken():
    """The broken file's report in each format (one run each: the command takes seconds)."""
    return {fmt: run_cli("validate", "--format", fmt, str(BROKEN)) for fmt in ("text", "json", "turtle")}


def test_text_report_groups_by_file_then_focus_node_in_line_order(broken):
    result = broken["text"]
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == str(BROKEN)
    focus_lines = [line for line in lines if line.startswith("  line ")]
    assert focus_lines == [
        "  line 11: Report organisation <https://w3id.org/osaikg/id/organisation/report-org>",
        "  line 16: Unlicensed model <https://w3id.org/osaikg/id/model/report-unlicensed>",
        "  line 21: Broken model <https://w3id.org/osaikg/id/model/report-broken>",
    ]
    broken = "\n".join(lines[lines.index(focus_lines[2]):])
    assert "    Violation: osai:developedBy names an actor" in broken
    assert "      path: osai:developedBy\n      value: dataset:report-data\n" in broken
    assert "      constraint: sh:ClassConstraintComponent (shape shapes:ArtefactShape-developedBy)" in broken
    assert '      value: "France"' in result.stdout  # the offending literal, as written
    assert "    Warning: A model should name its licence" in result.stdout
    assert lines[-1] == "Does not conform: 2 violations, 1 warning, 0 infos."


def test_json_report_parses_and_locates_every_result(broken):
    result = broken["json"]
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert report["counts"] == {"Violation": 2, "Warning": 1, "Info": 0}
    by_shape = {r["source_shape"]: r for r in report["results"]}
    assert set(by_shape) == {"shapes:ActorShape-country", "shapes:ArtefactShape-developedBy", "shapes:ModelShape-license"}
    country = by_shape["shapes:ActorShape-country"]
    assert country == {
        "severity": "Violation",
        "focus_node": "https://w3id.org/osaikg/id/organisation/report-org",
        "focus_label": "Report organisation",
        "path": "osai:country",
        "value": '"France"',
        "message": country["message"],
        "source_shape": "shapes:ActorShape-country",
        "constraint": "sh:PatternConstraintComponent",
        "file": str(BROKEN),
        "line": 11,
    }
    assert "ISO 3166-1 alpha-2" in country["message"]


def test_turtle_report_is_the_standard_shacl_report_of_the_given_file(broken):
    result = broken["turtle"]
    assert result.returncode == 1
    graph = Graph().parse(data=result.stdout, format="turtle")
    [report] = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    results = list(graph.objects(report, SH.result))
    assert len(results) == 3
    focus_nodes = {graph.value(r, SH.focusNode) for r in results}
    assert focus_nodes == {URIRef(f"https://w3id.org/osaikg/id/{n}") for n in
                           ("organisation/report-org", "model/report-unlicensed", "model/report-broken")}
    assert {graph.value(r, SH.resultSeverity) for r in results} == {SH.Violation, SH.Warning}
    assert all(graph.value(r, SH.sourceShape) is not None for r in results)


def test_warnings_alone_exit_0(cli):
    result = cli("validate", str(WARNINGS_ONLY))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "Conforms: 0 violations, 1 warning, 0 infos."
    report = json.loads(cli("validate", "--format", "json", str(WARNINGS_ONLY)).stdout)
    assert report["conforms"] is True and report["counts"]["Warning"] == 1


def _run_on_a_terminal(*args: str, env: dict) -> str:
    """Run osaikg with its stdout on a pseudo-terminal, as a curator's shell would."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([OSAIKG, *args], stdout=slave, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(master)
    return b"".join(chunks).decode("utf-8")


def test_colour_only_on_a_terminal_and_never_with_no_color(broken):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    coloured = _run_on_a_terminal("validate", str(BROKEN), env=env)
    assert "\033[1;31mViolation\033[0m" in coloured
    assert "\033[1;33mWarning\033[0m" in coloured
    plain = _run_on_a_terminal("validate", str(BROKEN), env={**env, "NO_COLOR": "1"})
    assert "\033[" not in plain and "Violation: osai:developedBy" in plain
    assert "\033[" not in broken["text"].stdout  # piped


# --- Shape hygiene, through the command: broken shapes stop validation with exit 2.

@pytest.fixture
def project_with_shapes(tmp_path):
    """A project folder (OSAIKG_HOME) with the real ontology and shapes, no instances, and room for a bad shape."""
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    shutil.copytree(ROOT / "shapes", tmp_path / "shapes")
    (tmp_path / "instances").mkdir()
    return tmp_path


def _osaikg(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "OSAIKG_HOME": str(home)}
    return subprocess.run([OSAIKG, *args], capture_output=True, text=True, env=env, timeout=300)


WRONG_NAMESPACE = """@prefix osai: <https://w3id.org/osaikg/ontology#> .
@prefix sh: <https://www.w3.org/ns/shacl#> .
@prefix shapes: <https://w3id.org/osaikg/shapes#> .

shapes:HttpsShape a sh:NodeShape ;
    sh:targetClass osai:Model ;
    sh:property shapes:HttpsShape-label .
"""

NESTED_QUANTIFIER = """@prefix osai: <https://w3id.org/osaikg/ontology#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix shapes: <https://w3id.org/osaikg/shapes#> .

shapes:SlowShape a sh:NodeShape ;
    sh:targetClass osai:Model ;
    sh:property shapes:SlowShape-spdx .

shapes:SlowShape-spdx a sh:PropertyShape ;
    sh:path osai:spdxId ;
    sh:name "slow" ;
    sh:pattern "^(a+)+$" ;
    sh:severity sh:Violation ;
    sh:message "Never finishes on aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" .
"""


def test_validate_refuses_shapes_in_the_wrong_shacl_namespace(project_with_shapes):
    bad = project_with_shapes / "shapes" / "https.ttl"
    bad.write_text(WRONG_NAMESPACE)
    result = _osaikg(project_with_shapes, "validate")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{bad}:5: shapes:HttpsShape: uses https://www.w3.org/ns/shacl#NodeShape" in result.stderr
    assert "the namespace is http://www.w3.org/ns/shacl#" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_refuses_a_nested_quantifier(project_with_shapes):
    bad = project_with_shapes / "shapes" / "slow.ttl"
    bad.write_text(NESTED_QUANTIFIER)
    result = _osaikg(project_with_shapes, "validate")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{bad}:9: shapes:SlowShape-spdx: sh:pattern '^(a+)+$' has a nested quantifier" in result.stderr


def test_build_checks_shape_hygiene_too(project_with_shapes, tmp_path):
    (project_with_shapes / "shapes" / "slow.ttl").write_text(NESTED_QUANTIFIER)
    result = _osaikg(project_with_shapes, "build", "--no-reason", "--out", str(tmp_path / "dist"))
    assert result.returncode == 2
    assert "nested quantifier" in result.stderr
    assert not (tmp_path / "dist").exists()

"""The osaikg command end to end on the real slice of the graph (BigScience, BLOOM, BigCode)."""
import json

from conftest import DATA


def test_query_spun_out_of_bigscience_prints_bigcode(cli):
    result = cli("query", "spun-out-of", "--param", "project=BigScience", "--format", "table")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["project", "spinout", "label"]
    assert any("BigCode" in line and "project:bigcode" in line for line in lines[2:])
    assert lines[-1] == "(1 row)"


def test_query_json_is_sparql_results_json(cli):
    result = cli("query", "spun-out-of", "--param", "project=BigScience", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["project", "spinout", "label"]
    [binding] = data["results"]["bindings"]
    assert binding["spinout"] == {"type": "uri", "value": "https://w3id.org/osaikg/id/project/bigcode"}
    assert binding["label"]["value"] == "BigCode"


def test_query_accepts_an_iri_or_a_prefixed_name(cli):
    for value in ("https://w3id.org/osaikg/id/project/bigscience", "project:bigscience", "bigscience workshop"):
        result = cli("query", "spun-out-of", "--param", f"project={value}", "--format", "csv")
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[1].endswith(",BigCode"), value


def test_query_without_its_parameter_is_a_usage_error_naming_the_parameters(cli):
    result = cli("query", "spun-out-of")
    assert result.returncode == 2
    assert "needs parameter project" in result.stderr
    assert "project — the parent project" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_query_and_unknown_parameter(cli):
    result = cli("query", "no-such-query")
    assert result.returncode == 2 and "known queries: " in result.stderr and "spun-out-of" in result.stderr
    result = cli("query", "spun-out-of", "--param", "projekt=BigScience")
    assert result.returncode == 2 and "has no parameter projekt" in result.stderr


def test_queries_lists_titles_and_parameters(cli):
    result = cli("queries")
    assert result.returncode == 0
    assert "spun-out-of\n    Projects that spun out of a project" in result.stdout
    assert "--param project — the parent project (iri, example: BigScience)" in result.stdout


def test_validate_project_instances_conforms(cli):
    result = cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Conforms: 0 violations" in result.stdout


def test_validate_file_with_violation_names_file_focus_node_and_constraint(cli):
    path = DATA / "model_without_developer.ttl"
    result = cli("validate", str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert str(path) in out
    assert "line 8: Orphan model <https://w3id.org/osaikg/id/model/orphan>" in out
    assert "path: osai:developedBy" in out
    assert "sh:MinCountConstraintComponent (shape shapes:ModelShape-developedBy)" in out
    assert "Does not conform: 1 violation" in out


def test_validate_json_report_parses(cli):
    result = cli("validate", "--format", "json", str(DATA / "model_without_developer.ttl"))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    [violation] = report["results"]
    assert violation["focus_node"] == "https://w3id.org/osaikg/id/model/orphan"
    assert violation["line"] == 8
    assert violation["source_shape"] == "shapes:ModelShape-developedBy"


def test_validate_syntax_error_exits_2_with_file_and_line(cli):
    path = DATA / "syntax_error.ttl"
    result = cli("validate", str(path))
    assert result.returncode == 2
    assert f"{path}:6: turtle syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_stats_counts_the_slice(cli, kg):
    # The curated data grows (issue 5): compare with the instances actually loaded, not fixed numbers.
    from rdflib.namespace import RDF

    from osaikg.namespaces import OSAI

    result = cli("stats")
    assert result.returncode == 0
    for name in ("Project", "Model"):
        count = len(set(kg.instances.subjects(RDF.type, OSAI[name])))
        assert count >= 2
        assert f"{count:>6}  osai:{name}" in result.stdout


def test_usage_error_exits_2(cli):
    assert cli("no-such-command").returncode == 2
    assert cli("query", "--format", "yaml", "spun-out-of").returncode == 2

"""Model lineage on a fixture forest whose answers were worked out by hand (tests/data/analytics/lineage.ttl)."""
import pytest

from analytics_support import fixture_home, fixture_kg, run_osaikg
from osaikg.analyze import lineage
from osaikg.errors import InvalidDataError, QueryError

MODEL = "https://w3id.org/osaikg/id/model/"


@pytest.fixture(scope="module")
def kg():
    return fixture_kg("lineage.ttl")


@pytest.fixture(scope="module")
def forest(kg):
    return lineage.build_forest(kg)


@pytest.fixture(scope="module")
def numbers(forest):
    return lineage.measure(forest)


def test_forest_holds_models_only_and_follows_subproperties_through_the_ontology(forest):
    # M One is linked by ex:customTunedFrom ⊑ osai:fineTunedFrom ⊑ osai:derivedFrom; datasets and "Alone" stay out.
    edges = {(forest.label(p), forest.label(c)) for p, c in forest.graph.edges}
    assert edges == {("Base One", "FT One"), ("Base One", "FT Two"), ("FT One", "Q One"), ("FT Two", "M One"),
                     ("Base Two", "D Two"), ("Base Two", "U Two")}


def test_depth_fan_out_and_descendants(numbers):
    models = {m["label"]: m for m in numbers["models"]}
    assert {k: m["depth"] for k, m in models.items()} == {
        "Base One": 0, "FT One": 1, "FT Two": 1, "Q One": 2, "M One": 2, "Base Two": 0, "D Two": 1, "U Two": 1}
    assert models["Base One"]["fan_out"] == 2 and models["FT Two"]["fan_out"] == 1 and models["Q One"]["fan_out"] == 0
    assert models["Base One"]["descendants"] == 4
    assert [(m["label"], m["descendants"]) for m in numbers["most_derived"]] == [("Base One", 4), ("Base Two", 2)]
    assert numbers["summary"]["max_depth"] == 2 and numbers["summary"]["trees"] == 2


def test_licence_changes_along_each_edge(numbers):
    change = {(e["parent_label"], e["child_label"]): (e["licence_change"], e["category_change"]) for e in numbers["edges"]}
    assert change == {
        ("Base One", "FT One"): ("same", ""),
        ("Base One", "FT Two"): ("changed", "Permissive → Non-commercial"),
        ("FT One", "Q One"): ("unknown", ""),  # Q One records no licence
        ("FT Two", "M One"): ("changed", "Non-commercial → Permissive"),
        ("Base Two", "D Two"): ("same", ""),
        ("Base Two", "U Two"): ("changed", "Custom community licence → Permissive"),
    }


def test_uncertain_claims_are_kept_and_marked(numbers):
    [u_two] = [e for e in numbers["edges"] if e["child_label"] == "U Two"]
    assert u_two["uncertain"] is True
    assert u_two["child_licences"] == ["Perm Licence (uncertain)"]
    assert sum(e["uncertain"] for e in numbers["edges"]) == 1


def test_tree_family_and_sizes(numbers):
    assert [(t["family"], t["roots"], t["models"], t["depth"], t["licence_changes"]) for t in numbers["trees"]] == [
        ("Family One", ["Base One"], 5, 2, 2), ("", ["Base Two"], 3, 1, 1)]


def test_terminal_tree_shows_the_branches_through_a_model(kg, forest):
    text = lineage.render_tree(forest, lineage.resolve_model(kg, "ft two"), "FT Two")
    assert text.splitlines() == [
        "Base One  [Perm Licence]",
        "└── FT Two  [NC Licence]  ◀  (fine-tuned from; licence changed)",
        "    └── M One  [Perm Licence]  (custom-tuned from; licence changed)",
    ]


def test_a_cycle_is_invalid_data_naming_the_models():
    with pytest.raises(InvalidDataError, match=r"cycle.*(X|Y)"):
        lineage.build_forest(fixture_kg("lineage_cycle.ttl"))


def test_unknown_model_is_a_query_error(kg):
    with pytest.raises(QueryError, match="no model or model family named 'Nobody'"):
        lineage.resolve_model(kg, "Nobody")


def test_cli_lineage_prints_the_tree_and_fails_cleanly(tmp_path):
    home = fixture_home(tmp_path, "lineage.ttl")
    result = run_osaikg("lineage", "model:base-one", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Base One  [Perm Licence]  ◀"
    assert "│   └── Q One  [licence not recorded]  (quantized from; licence change unknown)" in result.stdout
    missing = run_osaikg("lineage", "Nobody", home=home)
    assert missing.returncode == 2 and "no model or model family named 'Nobody'" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_cli_lineage_of_a_cycle_exits_1(tmp_path):
    result = run_osaikg("lineage", "X", home=fixture_home(tmp_path, "lineage_cycle.ttl"))
    assert result.returncode == 1 and "cycle" in result.stderr and "Traceback" not in result.stderr

"""Shape hygiene (osaikg.shape_hygiene): the project's shapes are clean, and each kind of mistake is caught."""
from __future__ import annotations

import pytest

from osaikg.shape_hygiene import ShapeHygieneError, check_files, ensure_clean, nested_quantifier

PREFIXES = """@prefix osai: <https://w3id.org/osaikg/ontology#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix shapes: <https://w3id.org/osaikg/shapes#> .
"""


def _problems(tmp_path, text: str, name: str = "bad.ttl"):
    path = tmp_path / name
    path.write_text(PREFIXES + text)
    return path, [str(p) for p in check_files([path])]


def test_the_project_shapes_are_clean():
    assert check_files() == []
    ensure_clean()


def test_wrong_shacl_namespace_is_named_with_file_line_and_shape(tmp_path):
    path, problems = _problems(tmp_path, """@prefix shs: <https://www.w3.org/ns/shacl#> .
shapes:HttpsShape a shs:NodeShape ;
    shs:targetClass osai:Model .
""")
    assert f"{path}:5: shapes:HttpsShape: uses https://www.w3.org/ns/shacl#NodeShape, which is not SHACL" in problems[0]
    assert any("https://www.w3.org/ns/shacl#targetClass" in p for p in problems)


@pytest.mark.parametrize("pattern", ["^(a+)+$", "^(a*)*$", "(x|y+)+", "^([a-z]{2,8})*$", "((ab)+)+"])
def test_nested_quantifiers_are_unsafe(pattern):
    assert "nested quantifier" in nested_quantifier(pattern)


@pytest.mark.parametrize("pattern", ["^https?://", "^(ab)+$", "^[A-Za-z]{2,3}(-[A-Za-z0-9-]*[A-Za-z0-9])?$", "^(FR|GB|DE)$", "^(a+)?$"])
def test_safe_patterns_pass(pattern):
    assert nested_quantifier(pattern) is None


def test_a_pattern_that_is_no_regex_is_reported():
    assert "not a valid regular expression" in nested_quantifier("[a-")


def test_nested_quantifier_in_a_shapes_file(tmp_path):
    path, problems = _problems(tmp_path, """
shapes:SlowShape-x a sh:PropertyShape ;
    sh:path osai:spdxId ;
    sh:name "x" ;
    sh:pattern "^(a+)+$" ;
    sh:severity sh:Violation ;
    sh:message "x" .
""")
    assert problems == [f"{path}:5: shapes:SlowShape-x: sh:pattern '^(a+)+$' has a nested quantifier (a quantifier "
                        "inside a repeated group): a repeated group that itself contains a quantifier backtracks exponentially"]


def test_shacl_for_shacl_rejects_a_malformed_shape(tmp_path):
    path, problems = _problems(tmp_path, """
shapes:CountShape-x a sh:PropertyShape ;
    sh:path osai:developedBy ;
    sh:name "x" ;
    sh:minCount "one" ;
    sh:severity sh:Violation ;
    sh:message "x" .
""")
    assert len(problems) == 1 and problems[0].startswith(f"{path}:5: shapes:CountShape-x: SHACL-for-SHACL:")
    assert "sh:minCount" in problems[0]


def test_property_shapes_need_an_iri_name_message_and_severity(tmp_path):
    path, problems = _problems(tmp_path, """
shapes:LooseShape a sh:NodeShape ;
    sh:targetClass osai:Model ;
    sh:property [ sh:path osai:license ; sh:minCount 1 ], shapes:LooseShape-x .

shapes:LooseShape-x a sh:PropertyShape ;
    sh:path osai:developedBy ;
    sh:minCount 1 .
""")
    assert f"{path}:5: shapes:LooseShape: has a blank-node property shape: give it an IRI (shapes:<NodeShape>-<property>)" in problems
    for missing in ("sh:name", "sh:message", "sh:severity"):
        assert f"{path}:9: shapes:LooseShape-x: has no {missing}" in problems


def test_ensure_clean_raises_an_error_listing_the_problems(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(PREFIXES + '@prefix shs: <https://www.w3.org/ns/shacl#> .\nshapes:X a shs:NodeShape .\n')
    with pytest.raises(ShapeHygieneError) as err:
        ensure_clean([path])
    assert err.value.exit_code == 2
    assert str(err.value).startswith("the shapes are not well formed (1 problem):\n")
    assert f"{path}:5: shapes:X" in str(err.value)

"""``osaikg fmt``: canonical Turtle, deterministic, graph-preserving, and a Protégé save comes back clean."""
import random
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from osaikg.fmt import default_paths, format_file, format_graph, turtle_files

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


def test_ontology_files_are_canonical(cli):
    result = cli("fmt", "--check", "ontology")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", turtle_files(default_paths()), ids=lambda p: str(p.relative_to(ROOT)))
def test_fmt_keeps_the_graph_and_is_a_fixed_point(path, tmp_path):
    text = format_file(path)
    assert isomorphic(Graph().parse(data=text, format="turtle"), Graph().parse(path))
    again = tmp_path / path.name
    again.write_text(text, encoding="utf-8")
    assert format_file(again) == text


def test_protege_rdfxml_round_trip_is_restored_byte_for_byte(cli, tmp_path):
    """Protégé saves through the OWL API: other layout, other order, fresh blank nodes, no comments.
    Simulate it with an RDF/XML round trip, save the result as Turtle, and let fmt bring it back."""
    home = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", home)
    edit_file = home / "osaikg.ttl"
    canonical = edit_file.read_bytes()
    xml = Graph().parse(edit_file).serialize(format="xml")
    saved = Graph().parse(data=xml, format="xml").serialize(format="turtle")
    edit_file.write_text(saved, encoding="utf-8")
    assert edit_file.read_bytes() != canonical

    check = cli("fmt", "--check", str(home))
    assert check.returncode == 1
    assert str(edit_file) in check.stdout
    assert edit_file.read_text(encoding="utf-8") == saved  # --check writes nothing

    result = cli("fmt", str(home))
    assert result.returncode == 0, result.stderr
    assert edit_file.read_bytes() == canonical


def test_output_does_not_depend_on_triple_order_or_blank_node_ids():
    graph = Graph().parse(ROOT / "ontology" / "osaikg.ttl")
    triples = list(graph)
    random.Random(7).shuffle(triples)
    relabel: dict[BNode, BNode] = {}
    shuffled = Graph()
    for s, p, o in triples:
        s = relabel.setdefault(s, BNode()) if isinstance(s, BNode) else s
        o = relabel.setdefault(o, BNode()) if isinstance(o, BNode) else o
        shuffled.add((s, p, o))
    assert format_graph(shuffled) == format_graph(graph)


def test_form_details(tmp_path):
    source = tmp_path / "example.ttl"
    source.write_text(
        "# Kept: the leading comment block.\n"
        "@prefix ex: <http://example.org/> .\n"
        "@prefix osai: <https://w3id.org/osaikg/ontology#> .\n"
        "@prefix unused: <http://unused.example/> .\n"
        "# dropped: a comment in the body\n"
        "osai:b osai:p \"x\"^^<http://www.w3.org/2001/XMLSchema#string> ; a osai:C .\n"
        "osai:a osai:q _:shared . osai:c osai:q _:shared . _:shared osai:r ( 1 2 ) .\n",
        encoding="utf-8",
    )
    text = format_file(source)
    assert text.startswith("# Kept: the leading comment block.\n\n@prefix osai:")
    assert "unused" not in text and "dropped" not in text and "ex:" not in text
    assert '"x" ;' in text or '"x" .' in text  # xsd:string written as a plain literal
    assert text.index("osai:a\n") < text.index("osai:b\n") < text.index("osai:c\n")
    assert "( 1 2 )" in text
    # A blank node used twice keeps a label, derived from its content, so still deterministic.
    graph = Graph().parse(data=text, format="turtle")
    osai = "https://w3id.org/osaikg/ontology#"
    shared = {o for o in graph.objects(None, URIRef(osai + "q"))}
    assert len(shared) == 1 and isinstance(shared.pop(), BNode)
    assert (URIRef(osai + "b"), URIRef(osai + "p"), Literal("x")) in graph
    assert len(graph) == len(Graph().parse(source))


def test_syntax_error_names_file_and_line(cli):
    result = cli("fmt", "--check", str(DATA / "syntax_error.ttl"))
    assert result.returncode == 2
    assert "syntax_error.ttl:" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_is_a_usage_error(cli, tmp_path):
    result = cli("fmt", str(tmp_path / "nowhere.ttl"))
    assert result.returncode == 2
    assert "nowhere.ttl" in result.stderr

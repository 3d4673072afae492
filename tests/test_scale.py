"""The fast path (osaikg.scale) gives the same answers as the plain stack (pySHACL, rdflib).

Timings live in benchmarks/; these tests only compare results.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from osaikg.errors import InputError
from osaikg.importers import run_import
from osaikg.load import load_ontology, load_shapes
from osaikg.namespaces import GRAPH
from osaikg.parse import parse_file
from osaikg.scale import DERIVATION_PROPERTIES, FastStore, compile_shapes, lineage, lineage_query, validate_store
from osaikg.store import memory_graph
from osaikg.validate import validate_graph

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "scale"
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402
import stage  # noqa: E402


def key(result, compare_message: bool) -> tuple:
    """What must agree between the engines. Blank nodes have engine-specific ids; messages are compared
    whenever the shape writes its own (the default texts are each engine's own)."""
    focus = "_:b" if result.focus_node.startswith("_:") else result.focus_node
    fields = (result.severity, focus, result.path, result.value, result.source_shape, result.constraint)
    return tuple(str(f) for f in fields) + ((result.message,) if compare_message else ())


def assert_same(plain, fast, data: Graph | None = None) -> None:
    own_messages = not any(" constraint not met" in r.message for r in fast.results)
    expected = Counter(key(r, own_messages) for r in plain.results)
    got = Counter(key(r, own_messages) for r in fast.results)
    assert got == expected, {"only pySHACL": sorted(expected - got), "only fast": sorted(got - expected)}
    assert fast.conforms == plain.conforms
    # A focus node with several labels is shown by any one of them (pySHACL's pick is arbitrary).
    labels = {r.focus_node: r.focus_label for r in plain.results}
    for r in fast.results:
        if data is not None and "://" in r.focus_node:
            assert (r.focus_label is None) == (labels[r.focus_node] is None)
            if r.focus_label is not None:
                assert r.focus_label in {str(o) for o in data.objects(URIRef(r.focus_node), RDFS.label)}


def fast_report(data: Graph, shapes: Graph, ontology: Graph, data_file: Path | None = None):
    store = FastStore()
    store.add_graph(ontology, str(GRAPH.ontology))
    if data_file is not None:
        store.load(data_file, graph=str(GRAPH.curated))
    else:
        store.add_graph(data, str(GRAPH.curated))
    return validate_store(store, shapes, ontology, data_graph=lambda: data)


@pytest.fixture(scope="module")
def project():
    return load_ontology(), load_shapes()


# -------------------------------------------------------------------------------------------- SHACL


@pytest.mark.parametrize("from_file", [False, True], ids=["copied-from-rdflib", "bulk-loaded-file"])
def test_every_compiled_feature_gives_pyshacl_results(from_file):
    shapes = parse_file(FIXTURE / "shapes.ttl", memory_graph())
    ontology = parse_file(FIXTURE / "ontology.ttl", memory_graph())
    data = parse_file(FIXTURE / "data.ttl", memory_graph())
    plain = validate_graph(data, shapes, ontology)
    fast = fast_report(data, shapes, ontology, FIXTURE / "data.ttl" if from_file else None)
    assert len(plain.results) > 40  # the fixture breaks many constraints on purpose
    assert_same(plain, fast, data)


def test_uncompiled_shapes_are_left_to_pyshacl_and_say_why():
    compiled = compile_shapes(parse_file(FIXTURE / "shapes.ttl", memory_graph()))
    fallback = {str(shape).rsplit("/", 1)[-1]: why for shape, why in compiled.fallback}
    assert set(fallback) == {"ClosedShape"}
    assert "sh:closed" in fallback["ClosedShape"]
    assert {str(s).rsplit("/", 1)[-1] for s in compiled.units} == {
        "GadgetShape", "MakerShape", "NoCycleShape", "OwnedShape", "Person", "SelfShape", "ThingShape",
    }


def shapes_fixtures() -> list[Path]:
    """Every data file the shapes suite validates (tests/shapes/ once it exists) and tests/data/*.ttl."""
    files = sorted((ROOT / "tests" / "shapes").rglob("*.ttl")) if (ROOT / "tests" / "shapes").is_dir() else []
    return files + sorted(p for p in DATA.glob("*.ttl") if p.name != "syntax_error.ttl")


@pytest.mark.parametrize("path", shapes_fixtures(), ids=lambda p: str(p.relative_to(ROOT)))
def test_project_shapes_give_pyshacl_results_on_each_fixture(project, path):
    ontology, shapes = project
    try:
        data = parse_file(path, memory_graph())
    except InputError:
        pytest.skip("a fixture of unreadable input")
    assert_same(validate_graph(data, shapes, ontology), fast_report(data, shapes, ontology), data)


def test_project_shapes_give_pyshacl_results_on_the_curated_graph(kg):
    plain = validate_graph(kg.instances, kg.shapes, kg.ontology)
    assert_same(plain, fast_report(kg.instances, kg.shapes, kg.ontology), kg.instances)


def test_bad_input_is_an_input_error_with_its_line(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text('<https://example.org/a> <https://example.org/p> "x" .\n<https://example.org/a> <p> .\n')
    with pytest.raises(InputError) as err:
        FastStore().load(bad)
    assert err.value.line == 2 and "bad.nq" in str(err.value)
    with pytest.raises(InputError):
        FastStore().load(tmp_path / "missing.nt")


# -------------------------------------------------------------------------------------------- Hub data


@pytest.fixture(scope="module")
def hub(tmp_path_factory, project):
    """2,000 generated Hub models through the project's importer and the plain stack's, loaded into both engines."""
    import json

    work = tmp_path_factory.mktemp("hub")
    generate.generate(2000, work / "models.csv", json.loads((ROOT / "benchmarks" / "distributions.json").read_text()))
    run_import("hf", work / "models.csv", out=work / "models.nq")
    stage.plain_import(work / "models.csv", work / "models.nt")
    ontology, shapes = project
    store = FastStore()
    store.add_graph(ontology, str(GRAPH.ontology))
    store.load(work / "models.nq")
    graph = Graph()
    graph.parse(work / "models.nt", format="nt")
    expected = json.loads((work / "models.expected.json").read_text())
    return work, store, graph, ontology, shapes, expected


def test_streaming_import_writes_the_plain_importers_triples(hub):
    _work, store, graph, *_ = hub
    streamed = store.to_rdflib(stage.IMPORT_GRAPH)
    assert len(graph) > 10_000
    assert isomorphic(streamed, graph)


def test_hub_validation_is_the_same(hub):
    _work, store, graph, ontology, shapes, _ = hub
    plain = validate_graph(graph + ontology, shapes, ontology)
    fast = validate_store(store, shapes, ontology)
    assert plain.results  # generated models without a licence draw warnings
    assert_same(plain, fast, graph)


def test_lineage_is_the_same_and_the_generators_count(hub):
    _work, store, graph, *_, expected = hub
    base = stage.base_model(expected)
    fast = lineage(store, base)
    properties = sorted({str(p) for top in DERIVATION_PROPERTIES for p in graph.transitive_subjects(RDFS.subPropertyOf, top)})
    plain = {str(row[0]) for row in graph.query(lineage_query(properties, base))}
    assert fast == plain
    assert len(fast) == expected["descendants"] > 10


def test_aggregate_counts_are_the_same_and_the_generators(hub):
    _work, store, graph, *_, expected = hub
    fast = [(r[0].value if r[0] else None, r[1].value if r[1] else None, r[2].value) for r in store.select(stage.aggregate_query())]
    plain = [(str(r[0]) if r[0] else None, str(r[1]) if r[1] else None, r[2].toPython()) for r in graph.query(stage.aggregate_query())]
    assert stage.aggregate_rows(fast) == stage.aggregate_rows(plain) == stage.expected_aggregate(expected)


def test_dump_is_isomorphic_and_deterministic(hub, tmp_path):
    work, store, graph, *_ = hub
    first = store.dump(tmp_path / "a.ttl", graph=stage.IMPORT_GRAPH)
    again = FastStore()
    again.load(work / "models.nq")
    second = again.dump(tmp_path / "b.ttl", graph=stage.IMPORT_GRAPH)
    assert first.read_bytes() == second.read_bytes()
    dumped = Graph()
    dumped.parse(first, format="turtle")
    assert isomorphic(dumped, graph)
    store.dump(tmp_path / "all.nq.gz")
    reloaded = FastStore()
    reloaded.load(tmp_path / "all.nq.gz")
    assert len(reloaded) == len(store)


def test_on_disk_store_keeps_the_graph_between_processes(hub, tmp_path):
    work, *_ = hub
    disk = FastStore(tmp_path / "store")
    disk.load(work / "models.nq")
    n = len(disk)
    del disk
    assert len(FastStore(tmp_path / "store")) == n


# -------------------------------------------------------------------------------------------- CLI


@pytest.mark.parametrize("files", [[], [str(DATA / "model_without_developer.ttl")]], ids=["curated", "with-a-file"])
def test_validate_fast_prints_the_same_report(cli, files):
    plain = cli("validate", "--format", "json", *files)
    fast = cli("validate", "--fast", "--format", "json", *files)
    assert (fast.returncode, fast.stdout) == (plain.returncode, plain.stdout)
    assert fast.returncode in (0, 1) and fast.stderr == ""


def test_validate_fast_refuses_a_turtle_report(cli):
    result = cli("validate", "--fast", "--format", "turtle")
    assert result.returncode == 2 and "--fast" in result.stderr

"""Hostile input never crashes the tools, reaches the network or leaks files.

Each test reproduces a failure mode measured on this machine (shared/research/publishing-and-security.md,
part B) and fails without the project's guard.
"""
import http.server
import json
import os
import resource
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT
from osaikg import QueryError
from osaikg.errors import InputError
from osaikg.parse import parse_bytes, parse_file

HERE = Path(__file__).parent / "security"


class CountingServer:
    """A loopback HTTP server that counts the requests reaching it."""

    def __init__(self):
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.requests.append(self.path)
                body = b'{"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    srv = CountingServer()
    yield srv
    srv.close()


def _limited(max_bytes: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))

    return apply


def test_billion_laughs_is_refused_quickly_in_a_memory_limited_process():
    # Unguarded, rdflib spins for minutes and pyoxigraph expands it to 9 GB (B0 rows 1-2).
    exe = Path(sys.executable).parent / "osaikg"
    result = subprocess.run(
        [str(exe), "validate", str(HERE / "billion_laughs.rdf")],
        capture_output=True, text=True, timeout=60, preexec_fn=_limited(2 * 1024**3), cwd=ROOT,
    )
    assert result.returncode == 2, result.stderr
    assert "billion_laughs.rdf:3: XML entity declarations are refused" in result.stderr
    assert "Traceback" not in result.stderr


def test_external_entity_is_refused():
    with pytest.raises(InputError, match="entity declarations are refused") as err:
        parse_file(HERE / "external_entity.rdf")
    assert err.value.line == 2


def test_plain_rdfxml_still_parses():
    data = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/osaikg/id/model/ok"><rdfs:label>ok</rdfs:label></rdf:Description>
</rdf:RDF>"""
    assert len(parse_bytes(data, "ok.rdf", "xml")) == 1


@pytest.mark.parametrize("context", ["{server}/context.jsonld", "file:///etc/passwd", "file://{here}/security/ctx.jsonld"])
def test_jsonld_contexts_are_never_fetched(server, context, tmp_path):
    context = context.format(server=server.url, here=Path(__file__).parent)
    doc = {"@context": context, "@id": "https://w3id.org/osaikg/id/model/x", "label": "x"}
    nested = {"@context": {"@import": context}, "@id": "https://w3id.org/osaikg/id/model/y"}
    for i, payload in enumerate((doc, nested, [doc], {"@graph": [doc]})):
        path = tmp_path / f"doc{i}.jsonld"
        path.write_text(json.dumps(payload))
        with pytest.raises(InputError, match="is not bundled with osaikg"):
            parse_file(path)
    assert server.requests == []


def test_sparql_service_from_and_load_never_reach_the_network(kg, server):
    attempts = [
        f"SELECT * WHERE {{ SERVICE <{server.url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{server.url}/sparql> {{ ?s ?p ?o }} }} }}",
        f"SELECT * FROM <{server.url}/data.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{server.url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{server.url}/data.ttl>",
        "INSERT DATA { <https://w3id.org/osaikg/id/model/x> <https://w3id.org/osaikg/ontology#p> 1 }",
        "CLEAR ALL",
    ]
    for text in attempts:
        with pytest.raises(QueryError, match="refused"):
            kg.sparql(text)
    assert server.requests == []
    assert len(kg.query("spun-out-of", project="BigScience")) == 1  # the graph is intact


@pytest.mark.parametrize("depth", [150, 2000, 100_000])
def test_deeply_nested_queries_are_refused_and_the_process_survives(kg, depth):
    # 100k parentheses crash pyoxigraph with SIGSEGV; 2000 overflow the Oxigraph server's stack (B0 rows 10-11).
    text = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * depth + "true" + ")" * depth + ") }"
    with pytest.raises(QueryError, match="nests brackets|longer than"):
        kg.sparql(text)
    assert len(kg.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1")) == 1


INJECTIONS = [
    '" } ; DROP ALL ; #',
    "x\" || true) } #",
    "BigScience\" } UNION { ?s ?p ?o } #",
    "<https://w3id.org/osaikg/id/project/bigscience>",
    "'''\n} SERVICE <http://127.0.0.1:1/> {\n'''",
    "{{}} \\\" \\u0022 # \n\r\t",
    "project:bigscience> . ?x ?y ?z . <a",
    "\x00\x1f",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_query_parameters_are_values_not_query_text(kg, value):
    rows = kg.query("spun-out-of", project=value)
    assert len(rows) == 0
    assert len(kg.query("spun-out-of", project="BigScience")) == 1  # nothing was changed


def test_query_timeout_is_an_error_not_a_partial_result(tmp_path):
    heavy = tmp_path / "heavy.rq"
    heavy.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }\n")
    env = dict(os.environ, OSAIKG_QUERY_TIMEOUT="1")
    exe = Path(sys.executable).parent / "osaikg"
    result = subprocess.run([str(exe), "query", "--file", str(heavy), "-f", "json"], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    assert "took longer than 1 s" in result.stderr, result.stderr
    assert result.stdout == ""


def test_result_cap_is_an_error_not_a_truncated_answer(monkeypatch, kg):
    monkeypatch.setenv("OSAIKG_MAX_ROWS", "3")
    with pytest.raises(QueryError, match="more than 3 rows"):
        kg.sparql("SELECT * WHERE { ?s ?p ?o }")
    assert len(kg.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 3")) == 3


def test_validation_has_a_time_limit():
    env = dict(os.environ, OSAIKG_VALIDATION_TIMEOUT="0.001")
    exe = Path(sys.executable).parent / "osaikg"
    result = subprocess.run([str(exe), "validate"], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    assert "SHACL validation took longer than" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "data",
    [b"@base <", b"@p/-exa", b'<a:b> <a:c> "x"@en0 .', b"@prefix : <http://x/> . :a :b (" * 3, b"\xff\xfe\x00", b"[" * 5000],
)
def test_turtle_parser_failures_are_one_error_type(data):
    # rdflib raises IndexError / ValueError / RecursionError on some of these (B0 rows 12, 19).
    with pytest.raises(InputError):
        parse_bytes(data, "fuzz.ttl", "turtle")


def test_the_network_guard_blocks_non_loopback_addresses():
    # The audit hook runs before any packet is sent; sys.audit triggers it without a real socket.
    with pytest.raises(ConnectionRefusedError, match="network blocked"):
        sys.audit("socket.connect", None, ("192.0.2.1", 80))
    with pytest.raises(ConnectionRefusedError, match="network blocked"):
        socket.getaddrinfo("pypi.org", 443)
    sys.audit("socket.connect", None, ("127.0.0.1", 80))  # loopback stays allowed


def test_the_network_guard_is_active_in_subprocesses():
    code = "import socket\ntry:\n    socket.getaddrinfo('pypi.org', 443)\nexcept ConnectionRefusedError as e:\n    print('blocked', e)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("blocked network blocked in tests")

"""`osaikg serve`: a standard client (SPARQLWrapper) against the real gateway and Oxigraph engine."""
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, POST, TSV, XML, SPARQLWrapper

from conftest import start_server, stop_server
from osaikg.namespaces import DCTERMS, ID, OSAI, RDFS, VOID
from osaikg.serve import Gateway, Limits

BLOOM = ID["model/bloom"]
DEVELOPERS = """PREFIX osai: <https://w3id.org/osaikg/ontology#>
SELECT ?developer WHERE { <https://w3id.org/osaikg/id/model/bloom> osai:developedBy ?developer }"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def fetch(url: str, accept: str | None = None, data: bytes | None = None, content_type: str | None = None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    headers = {}
    if accept:
        headers["Accept"] = accept
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def sparql(endpoint: str, query: str, fmt=JSON, method=None):
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client.query().convert()


def triple_count(endpoint: str) -> int:
    return int(sparql(endpoint, COUNT)["results"]["bindings"][0]["n"]["value"])


def test_sparqlwrapper_select_in_every_results_format(endpoint):
    data = sparql(endpoint, DEVELOPERS)
    assert [b["developer"]["value"] for b in data["results"]["bindings"]] == [str(ID["project/bigscience"])]
    posted = sparql(endpoint, DEVELOPERS, method=POST)
    assert posted == data
    xml = sparql(endpoint, DEVELOPERS, XML)  # an xml.dom document
    assert [u.firstChild.data for u in xml.getElementsByTagName("uri")] == [str(ID["project/bigscience"])]
    csv = sparql(endpoint, DEVELOPERS, CSV).decode()
    assert csv.splitlines() == ["developer", str(ID["project/bigscience"])]
    tsv = sparql(endpoint, DEVELOPERS, TSV).decode()
    assert tsv.splitlines() == ["?developer", f"<{ID['project/bigscience']}>"]


def test_default_graph_is_the_union_and_graphs_are_named(endpoint, release):
    data = sparql(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    graphs = [b["g"]["value"] for b in data["results"]["bindings"]]
    assert "https://w3id.org/osaikg/graph/curated" in graphs and "https://w3id.org/osaikg/graph/ontology" in graphs
    void = Graph().parse(release / "void.ttl")
    assert triple_count(endpoint) == int(void.value(URIRef("https://w3id.org/osaikg/dataset"), VOID.triples))


def test_ask_and_construct(endpoint):
    assert sparql(endpoint, f"ASK {{ <{BLOOM}> a <{OSAI.Model}> }}")["boolean"] is True
    status, headers, body = fetch(
        f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": f"CONSTRUCT WHERE {{ <{BLOOM}> ?p ?o }}"}),
        accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert (BLOOM, OSAI.developedBy, ID["project/bigscience"]) in graph


@pytest.mark.parametrize("media,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                       ("application/n-triples", "nt")])
def test_resource_iri_in_rdf_formats(endpoint, media, fmt):
    status, headers, body = fetch(f"{endpoint}/id/model/bloom", accept=media)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media
    assert headers["Vary"] == "Accept"
    assert 'rel="alternate"' in headers["Link"]
    graph = Graph().parse(data=body, format=fmt)
    assert (BLOOM, OSAI.developedBy, ID["project/bigscience"]) in graph
    assert (BLOOM, DCTERMS.source, URIRef("https://huggingface.co/blog/bloom")) in graph
    assert str(graph.value(BLOOM, RDFS.label)) == "BLOOM"


def test_resource_iri_as_html_and_suffix_overrides(endpoint):
    status, headers, body = fetch(f"{endpoint}/id/model/bloom", accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and headers["Vary"] == "Accept"
    page = body.decode()
    assert "<h1>BLOOM</h1>" in page and 'type="application/ld+json"' in page
    assert "BigScience Workshop" in page  # the developer, by label
    status, headers, body = fetch(f"{endpoint}/id/model/bloom.ttl", accept="text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    status, _, body = fetch(f"{endpoint}/id/model/no-such-model", accept="text/turtle")
    assert status == 404
    status, _, _ = fetch(f"{endpoint}/id/model/bloom", accept="image/png")
    assert status == 406


def test_well_known_void_and_files(endpoint):
    status, headers, body = fetch(f"{endpoint}/.well-known/void")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    void = Graph().parse(data=body, format="turtle")
    assert (URIRef("https://w3id.org/osaikg/dataset"), None, VOID.Dataset) in void
    status, _, body = fetch(f"{endpoint}/")
    assert status == 200 and b"Open Source AI Knowledge Graph" in body
    status, _, _ = fetch(f"{endpoint}/osaikg.nq.gz")
    assert status == 200
    status, _, _ = fetch(f"{endpoint}/%2e%2e/%2e%2e/etc/passwd")
    assert status == 404
    status, headers, body = fetch(f"{endpoint}/sparql", accept="text/turtle")  # service description
    assert status == 200 and b"sd:SPARQL11Query" in body


def test_refused_queries_leave_the_server_up(endpoint):
    before = triple_count(endpoint)
    deep = "SELECT * WHERE { FILTER(" + "(" * 2000 + "1" + ")" * 2000 + ") }"  # kills a bare Oxigraph server
    refused = [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
        ("SELECT * WHERE { ?s ?p ?o OPTIONAL { { SELECT * WHERE { SERVICE <http://127.0.0.1:9/q> { ?a ?b ?c } } } } }",
         403, "SERVICE"),
        ("INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }", 403, "updates"),
        ("LOAD <http://127.0.0.1:9/data.ttl>", 403, "updates"),
        ("DROP ALL", 403, "updates"),
        ("SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }", 403, "FROM"),
        ("SELECT * FROM NAMED <http://127.0.0.1:9/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }", 403, "FROM"),
        (deep, 400, "nests brackets"),
        ("SELECT * WHERE { FILTER(" + "(" * 60 + "1" + ")" * 60 + ") }", 400, "nest"),
        ("SELECT * WHERE { ?s ?p ?o } # " + "x" * 20_000, 413, "bytes long"),
        ("SELECT * WHERE { ?s ?p }", 400, "syntax"),
    ]
    for query, status_wanted, message in refused:
        status, _, body = fetch(f"{endpoint}/sparql", data=query.encode(), content_type="application/sparql-query")
        assert status == status_wanted, (query[:80], body[:200])
        assert message in body.decode(), body
        assert triple_count(endpoint) == before  # still up, and unchanged
    # Updates by the other doors of the protocol.
    status, _, _ = fetch(f"{endpoint}/sparql", data=b"INSERT DATA { <a:a> <a:a> <a:a> }",
                         content_type="application/sparql-update")
    assert status == 403
    status, _, _ = fetch(f"{endpoint}/sparql", data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                         content_type="application/x-www-form-urlencoded")
    assert status == 403
    status, _, _ = fetch(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": deep}))
    assert status in (400, 414)
    with pytest.raises(Exception):
        sparql(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }")
    assert triple_count(endpoint) == before


def test_timeout_and_row_cap_are_errors_not_partial_results(release):
    process, base = start_server(release, "--timeout", "1", "--max-rows", "5")
    try:
        cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        for accept in ("application/sparql-results+json", "text/csv"):
            status, _, body = fetch(f"{base}/sparql", accept=accept, data=cross.encode(),
                                    content_type="application/sparql-query")
            assert status == 504, body
            assert b"did not finish within 1 s" in body or b"cut short" in body
        status, _, body = fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o } LIMIT 6"}))
        assert status == 400 and b"at most 5" in body
        status, _, body = fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o } LIMIT 5"}))
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    finally:
        stop_server(process)


def test_gateway_restarts_a_dead_engine(release):
    gateway = Gateway(release, 0, Limits(timeout_s=5))
    thread = threading.Thread(target=gateway.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{gateway.server_address[1]}"
    try:
        before = triple_count(base)
        gateway.engine.process.kill()
        gateway.engine.process.wait()
        assert triple_count(base) == before
    finally:
        gateway.shutdown()
        gateway.server_close()
    assert gateway.engine.process.poll() is not None  # closing the gateway stops its engine


def test_serve_without_a_release_is_a_clear_error(cli, tmp_path):
    done = cli("serve", "--port", "7878", "--dist", str(tmp_path / "nothing"))
    assert done.returncode == 2
    assert "osaikg.nq.gz: no such file; run 'osaikg build' first" in done.stderr and "Traceback" not in done.stderr


def test_service_description_does_not_echo_a_forged_host(endpoint):
    request = urllib.request.Request(f"{endpoint}/sparql", headers={"Accept": "text/turtle", "Host": "x> <y> <z"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read().decode()
    assert "x> <y>" not in body
    Graph().parse(data=body, format="turtle")  # still well-formed

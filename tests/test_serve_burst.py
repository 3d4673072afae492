"""The endpoint under a bounded burst of concurrent queries on loopback (issue 11).

At most BURST requests, WORKERS at a time, each with a 60 s client timeout: every answer is correct,
every hostile query is refused, and the server answers normally afterwards.
"""
import json
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from osaikg.namespaces import ID

BURST = 120
WORKERS = 12

DEVELOPER = """PREFIX osai: <https://w3id.org/osaikg/ontology#>
SELECT ?developer WHERE { <https://w3id.org/osaikg/id/model/bloom> osai:developedBy ?developer }"""
SPUN_OUT = """PREFIX osai: <https://w3id.org/osaikg/ontology#>
ASK { <https://w3id.org/osaikg/id/project/bigcode> osai:spunOutOf <https://w3id.org/osaikg/id/project/bigscience> }"""
HOSTILE = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 2000 + "true" + ")" * 2000 + ") }",
    "DROP ALL",
]


def ask(endpoint: str, query: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"{endpoint}/sparql", data=body, headers={
        "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def check(endpoint: str, i: int) -> str:
    kind = i % 5
    if kind in (0, 1):
        status, body = ask(endpoint, DEVELOPER)
        assert status == 200, body
        values = [b["developer"]["value"] for b in json.loads(body)["results"]["bindings"]]
        assert values == [str(ID["project/bigscience"])]  # notes 4.1: BLOOM by the BigScience Workshop
    elif kind in (2, 3):
        status, body = ask(endpoint, SPUN_OUT)
        assert status == 200, body
        assert json.loads(body)["boolean"] is True  # notes 2.4: BigCode came out of BigScience
    else:
        status, body = ask(endpoint, HOSTILE[i % len(HOSTILE)])
        assert 400 <= status < 500, (status, body)
    return "ok"


def test_a_burst_of_concurrent_queries_gets_correct_answers_and_the_server_survives(endpoint):
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(lambda i: check(endpoint, i), range(BURST)))
    assert outcomes == ["ok"] * BURST
    status, body = ask(endpoint, DEVELOPER)
    assert status == 200 and str(ID["project/bigscience"]).encode() in body

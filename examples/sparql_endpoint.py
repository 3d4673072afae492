"""Ask the published SPARQL endpoint with a standard client (SPARQLWrapper), no osaikg needed.

    osaikg build && osaikg serve &                  # the endpoint over dist/, http://127.0.0.1:7878/sparql
    pip install SPARQLWrapper                       # or: pip install -e '.[examples]'
    python examples/sparql_endpoint.py [ENDPOINT]

Runs the named query queries/datasets-by-stage.rq as it is (any SPARQL 1.1 engine can), and one
question written here: the models trained from scratch (no recorded base) and their licences.
"""
import sys
from pathlib import Path

from SPARQLWrapper import JSON, SPARQLWrapper

ENDPOINT = "http://127.0.0.1:7878/sparql"
QUERIES = Path(__file__).resolve().parents[1] / "queries"

FROM_SCRATCH = """
PREFIX osai: <https://w3id.org/osaikg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?license WHERE {
  ?model a osai:Model ; rdfs:label ?label .
  OPTIONAL { ?model osai:license/rdfs:label ?license }
  FILTER NOT EXISTS { ?model ?kind ?base . ?kind rdfs:subPropertyOf* osai:derivedFrom }
}
ORDER BY ?label
"""


def ask(endpoint: str, query: str) -> list[dict]:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    return [{k: v["value"] for k, v in b.items()} for b in result["results"]["bindings"]]


def main(endpoint: str = ENDPOINT) -> None:
    print("Datasets by number of models trained on them, per stage:")
    for row in ask(endpoint, (QUERIES / "datasets-by-stage.rq").read_text(encoding="utf-8")):
        print(f"  {row['stage'].rsplit('#', 1)[-1]:14} {row.get('label', row['dataset'])}: {row['models']}")
    print("Models with no recorded base (trained from scratch), with their licences:")
    for row in ask(endpoint, FROM_SCRATCH):
        print(f"  {row['label']}: {row.get('license', 'licence not recorded')}")


if __name__ == "__main__":
    main(*sys.argv[1:])

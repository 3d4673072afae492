"""``osaikg publish --to URL``: push every named graph of a release to a SPARQL 1.1 Graph Store.

Reads the release's ``osaikg.nq.gz`` and sends each named graph with one
``PUT URL?graph=<graph IRI>`` (Graph Store HTTP Protocol, N-Triples body), which replaces that
graph on the server and leaves the others alone. Works with any GSP endpoint: Oxigraph (``/store``),
Fuseki (``/ds/data``), GraphDB (``/repositories/R/rdf-graphs/service``), Virtuoso
(``/sparql-graph-crud-auth``). Credentials, when the store needs them, come from the environment
(``OSAIKG_GSP_USER``, ``OSAIKG_GSP_PASSWORD``: HTTP basic auth), never from the command line.
"""
from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Callable

import pyoxigraph

from .errors import InputError, OsaikgError
from .serve import DUMP


def graphs_of(dump: Path) -> dict[str, list]:
    """The triples of each named graph of an N-Quads dump (gzip or not), by graph IRI."""
    import gzip

    if not dump.is_file():
        raise InputError(dump, "no such file; run 'osaikg build' first (or give --dist)")
    opener = gzip.open if dump.suffix == ".gz" else open
    graphs: dict[str, list] = defaultdict(list)
    try:
        with opener(dump, "rb") as handle:
            for quad in pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.N_QUADS):
                if isinstance(quad.graph_name, pyoxigraph.NamedNode):
                    graphs[quad.graph_name.value].append(quad.triple)
    except SyntaxError as err:
        raise InputError(dump, f"N-Quads syntax error: {err}", line=getattr(err, "lineno", None)) from None
    except (OSError, EOFError) as err:
        raise InputError(dump, f"cannot read: {err}") from None
    return dict(sorted(graphs.items()))


def _put(url: str, graph: str, body: bytes, timeout: float) -> int:
    target = url + ("&" if urllib.parse.urlsplit(url).query else "?") + urllib.parse.urlencode({"graph": graph})
    request = urllib.request.Request(target, data=body, method="PUT", headers={"Content-Type": "application/n-triples"})
    user, password = os.environ.get("OSAIKG_GSP_USER"), os.environ.get("OSAIKG_GSP_PASSWORD")
    if user:
        token = base64.b64encode(f"{user}:{password or ''}".encode("utf-8")).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as err:
        detail = err.read(500).decode("utf-8", "replace").strip()
        raise OsaikgError(f"{url}: PUT of graph <{graph}> refused with HTTP {err.code} {err.reason}: {detail}") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise OsaikgError(f"{url}: cannot reach the graph store: {reason}") from None


def publish_to(url: str, dist: Path, log: Callable[[str], None] = print, timeout: float = 300) -> dict[str, int]:
    """PUT every named graph of ``dist``'s N-Quads dump to the Graph Store at ``url``; triples per graph."""
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise OsaikgError(f"--to takes the http(s) URL of a Graph Store endpoint, not {url!r}")
    counts = {}
    for graph, triples in graphs_of(Path(dist) / DUMP).items():
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        status = _put(url, graph, body, timeout)
        counts[graph] = len(triples)
        log(f"  <{graph}>: {len(triples)} triples (HTTP {status})")
    return counts

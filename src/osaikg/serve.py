"""The endpoint behind ``osaikg serve``: a real SPARQL engine behind a small gateway, on 127.0.0.1.

The engine is the Oxigraph server (the ``oxigraph`` binary from PyPI), loaded with the release's
``osaikg.nq.gz`` and run read-only with the union of the named graphs as default graph. It is
never exposed: it listens on a private loopback port and every request goes through the gateway,
which closes the holes measured in shared/research/publishing-and-security.md:

- Oxigraph always allows ``SERVICE`` and ``LOAD``: the gateway parses every query (rdflib's parser)
  and refuses ``SERVICE``, updates, and ``FROM``/``FROM NAMED``/``default-graph-uri`` naming graphs
  the release does not hold;
- ~2000 nested parentheses kill the Oxigraph server: the gateway caps the query's length and its
  bracket nesting (counted lexically, before any parser runs), and restarts the engine if it dies;
- on timeout Oxigraph sends ``200`` with a truncated body: the gateway asks for JSON or N-Triples,
  parses the whole answer strictly, and reports a timeout as ``504`` (never partial results);
- there is no row limit in Oxigraph: the gateway refuses results over ``Limits.max_rows``.

Besides ``/sparql`` (SPARQL 1.1 Protocol: GET, POST form and POST direct; JSON, XML, CSV, TSV; a
query page for browsers), it serves resource IRIs at their own paths (``/id/...``, negotiated:
Turtle, JSON-LD, N-Triples, HTML), ``/.well-known/void``, and the release's files.
"""
from __future__ import annotations

import http.client
import json
import math
import mimetypes
import re
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pyoxigraph

from .errors import OsaikgError
from .limits import limit
from .namespaces import ID

ASSETS = Path(__file__).parent / "assets"
DUMP = "osaikg.nq.gz"
HOST = "127.0.0.1"

RESULTS_FORMATS = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}
FORMAT_PARAM = {  # ?format= / ?output= overrides, as many SPARQL clients send them
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
    "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml",
}
RESOURCE_FORMATS = {  # /id/... suffix -> media type
    "ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples", "html": "text/html",
}
CANCELLED = b"The SPARQL operation has been cancelled"
"""What Oxigraph 0.5 appends to a 200 response when its timeout fires."""


@dataclass(frozen=True)
class Limits:
    """What one query may ask of the endpoint (defaults: the OSAIKG_* limits of SECURITY.md)."""

    max_query_bytes: int = field(default_factory=lambda: int(limit("MAX_QUERY_BYTES")))
    max_depth: int = field(default_factory=lambda: int(limit("MAX_NESTING")))
    timeout_s: int = field(default_factory=lambda: max(1, math.ceil(limit("QUERY_TIMEOUT"))))
    max_rows: int = field(default_factory=lambda: int(limit("MAX_ROWS")))  # rows, or triples of a CONSTRUCT
    max_result_bytes: int = 64 * 2**20


class Refused(Exception):
    """A request the gateway answers with an error status (and the engine never sees)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# ------------------------------------------------------------------------------------------
# Checks made before the engine sees a query.

def check_query(text: str, limits: Limits) -> str:
    """Refuse what the endpoint does not run; return the query form (SelectQuery, ConstructQuery…).

    The project's query guard (:mod:`osaikg.sparql_guard`) refuses SERVICE, FROM/FROM NAMED and
    updates; length and nesting are checked here first, with this endpoint's limits and statuses.
    """
    from .errors import QueryError
    from .sparql_guard import QueryRefused, check_query as guard, nesting_depth

    size = len(text.encode("utf-8"))
    if size > limits.max_query_bytes:
        raise Refused(413, f"the query is {size} bytes long; this endpoint takes at most {limits.max_query_bytes}")
    depth = nesting_depth(text)
    if depth > limits.max_depth:
        raise Refused(400, f"the query nests brackets {depth} deep; this endpoint allows at most {limits.max_depth}")
    try:
        tree = guard(text, name="query")
    except QueryError as err:
        # Forbidden (SERVICE, FROM, updates) is 403; anything else the guard rejects is a bad request.
        raise Refused(403 if isinstance(err, QueryRefused) else 400, str(err)) from None
    return tree[1].name


# ------------------------------------------------------------------------------------------
# The engine.


def oxigraph_binary() -> str:
    """The ``oxigraph`` command installed beside this Python (the PyPI ``oxigraph`` package)."""
    found = shutil.which("oxigraph", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if not found:
        raise OsaikgError("the 'oxigraph' command is missing: pip install oxigraph (see requirements.lock)")
    return found


def _die_with_parent() -> None:
    """In the engine's process: ask Linux to stop it when the gateway dies, even by SIGKILL."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: Engine.close still stops it on a normal exit


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise OsaikgError(f"the SPARQL engine exited (code {process.returncode}) while starting")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise OsaikgError(f"nothing answers on {HOST}:{port} after {timeout:.0f} s")


class Engine:
    """An ``oxigraph serve-read-only`` process over a private copy of the release, restarted if it dies."""

    def __init__(self, dump: Path, limits: Limits):
        self.limits = limits
        self.binary = oxigraph_binary()
        self.workdir = Path(tempfile.mkdtemp(prefix="osaikg-serve-"))
        self.store = self.workdir / "store"
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.lock = threading.Lock()
        done = subprocess.run(
            [self.binary, "load", "-l", str(self.store), "-f", str(dump)], capture_output=True, text=True, timeout=3600
        )
        if done.returncode != 0:
            self.close()
            raise OsaikgError(f"{dump}: the SPARQL engine could not load it: {done.stderr.strip()[-500:]}")
        self.start()

    def start(self) -> None:
        self.port = free_port()
        log = open(self.workdir / "engine.log", "ab")  # noqa: SIM115 - handed to the child process
        self.process = subprocess.Popen(
            [self.binary, "serve-read-only", "-l", str(self.store), "-b", f"{HOST}:{self.port}",
             "--union-default-graph", "--timeout-s", str(self.limits.timeout_s)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, preexec_fn=_die_with_parent,
        )
        log.close()
        wait_for_port(self.port, process=self.process)

    def ensure_running(self) -> None:
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.start()

    def post(self, query: str, accept: str, params: list[tuple[str, str]] = ()) -> tuple[int, bytes]:
        """POST ``query`` to the engine; returns its status and body (at most the result-size cap + 1 byte)."""
        self.ensure_running()
        url = f"http://{HOST}:{self.port}/query"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(
            url, data=query.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.limits.timeout_s + 1) as response:  # its own deadline too
                return response.status, response.read(self.limits.max_result_bytes + 1)
        except urllib.error.HTTPError as err:
            return err.code, err.read(64_000)
        except (TimeoutError, socket.timeout):
            raise Refused(504, f"the query did not finish within {self.limits.timeout_s} s") from None
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError) as err:
            if self.process is not None and self.process.poll() is not None:
                self.ensure_running()
                raise Refused(503, "the SPARQL engine stopped while answering this query and was restarted") from None
            raise Refused(502, f"the SPARQL engine did not answer: {err}") from None

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


# ------------------------------------------------------------------------------------------
# Running a checked query and shaping its answer.


def negotiate(accept: str | None, offers: list[str], default: str) -> str | None:
    """The offer the ``Accept`` header prefers (q-values, then header order), ``default`` for none/``*/*``."""
    if not accept or not accept.strip():
        return default
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for parameter in fields[1:]:
            if parameter.startswith("q="):
                try:
                    q = float(parameter[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, position, media))
    for negative_q, _position, media in sorted(ranked):
        if negative_q >= 0:
            break
        if media == "*/*":
            return default
        if media.endswith("/*"):
            for offer in [default, *offers]:
                if offer.startswith(media[:-1]):
                    return offer
        if media in offers:
            return media
    return None


def run_query(engine: Engine, text: str, form: str, media: str, params: list[tuple[str, str]]) -> bytes:
    """The answer to a checked query, serialised as ``media``, or :class:`Refused`."""
    graph_form = form in ("ConstructQuery", "DescribeQuery")
    status, body = engine.post(text, "application/n-triples" if graph_form else "application/sparql-results+json", params)
    if status != 200:
        message = body.decode("utf-8", "replace").strip()[:2000]
        raise Refused(400 if status < 500 else 502, f"the SPARQL engine refused the query: {message}")
    if len(body) > engine.limits.max_result_bytes:
        raise Refused(400, f"the result is over {engine.limits.max_result_bytes} bytes; add a LIMIT")
    if CANCELLED in body:
        raise Refused(504, f"the query did not finish within {engine.limits.timeout_s} s")
    cap = engine.limits.max_rows
    try:
        if graph_form:
            triples = list(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES))
            if len(triples) > cap:
                raise Refused(400, f"the result has {len(triples)} triples; this endpoint returns at most {cap}: add a LIMIT")
            return pyoxigraph.serialize(triples, format=GRAPH_FORMATS[media])
        results = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
        if isinstance(results, pyoxigraph.QuerySolutions):
            rows = sum(1 for _ in results)
            if rows > cap:
                raise Refused(400, f"the result has {rows} rows; this endpoint returns at most {cap}: add a LIMIT")
            results = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
        if RESULTS_FORMATS[media] == pyoxigraph.QueryResultsFormat.JSON:
            return body
        return results.serialize(format=RESULTS_FORMATS[media])
    except SyntaxError:
        # A truncated answer: Oxigraph cut it short (timeout) or died mid-stream. Never pass it on.
        raise Refused(504, "the SPARQL engine's answer was cut short (time limit); no partial results are returned") from None
    except ValueError as err:
        raise Refused(406, f"this result cannot be given as {media}: {err}") from None


# ------------------------------------------------------------------------------------------
# The gateway.


class Gateway(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, dist: Path, port: int, limits: Limits | None = None):
        limits = limits or Limits()
        self.dist = Path(dist).resolve()
        dump = self.dist / DUMP
        if not dump.is_file():
            raise OsaikgError(f"{dump}: no such file; run 'osaikg build' first (or give --dist)")
        self.limits = limits
        self.engine = Engine(dump, limits)
        try:
            status, body = self.engine.post(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json"
            )
            self.graphs = {b["g"]["value"] for b in json.loads(body)["results"]["bindings"]}
            super().__init__((HOST, port), Handler)
        except BaseException:
            self.engine.close()
            raise

    def server_close(self) -> None:
        super().server_close()
        self.engine.close()


class Handler(BaseHTTPRequestHandler):
    server: Gateway
    server_version = "osaikg"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if os.environ.get("OSAIKG_SERVE_LOG"):
            super().log_message(format, *args)

    # --- responses ---

    def send(self, status: int, media: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
        self.send_header("Content-Type", media + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        if media == "text/html":
            self.send_header("Content-Security-Policy", "default-src 'self'; object-src 'none'; base-uri 'none'")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def fail(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        # The request body may be unread (refused before reading): do not reuse the connection.
        self.close_connection = True
        self.send(status, "text/plain", (message + "\n").encode("utf-8"), {**(headers or {}), "Connection": "close"})

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except Refused as err:
            self.fail(err.status, err.message, err.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as err:  # noqa: BLE001 - one bad request must not stop the server
            try:
                self.fail(500, f"internal error: {type(err).__name__}")
            except OSError:
                self.close_connection = True

    # --- methods ---

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        if path == "/sparql":
            params = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
            if any(name == "update" for name, _ in params):
                raise Refused(403, "updates are not allowed: this endpoint is read-only")
            if any(name == "query" for name, _ in params):
                return self.sparql(params)
            if negotiate(self.headers.get("Accept"), ["text/html", "text/turtle"], "text/turtle") == "text/html":
                return self.send(200, "text/html", (ASSETS / "query.html").read_bytes())
            return self.send(200, "text/turtle", self.service_description())
        if path == "/.well-known/void":
            return self.static(self.server.dist / "void.ttl", "text/turtle")
        if path.startswith("/id/"):
            return self.resource(path[len("/id/") :])
        if path in ("/", ""):
            return self.static(self.server.dist / "html" / "index.html")
        if path.startswith("/assets/") and (ASSETS / path[len("/assets/") :]).is_file() and "/" not in path[8:]:
            return self.static(ASSETS / path[len("/assets/") :])
        for root in (self.server.dist / "html", self.server.dist):
            candidate = (root / path.lstrip("/")).resolve()
            if candidate.is_relative_to(self.server.dist) and candidate.is_file():
                return self.static(candidate)
        raise Refused(404, f"nothing at {path}")

    do_HEAD = do_GET

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            raise Refused(405, "only /sparql takes POST")
        length = self.headers.get("Content-Length")
        if length is None:
            raise Refused(411, "POST needs a Content-Length")
        if not length.isdigit() or int(length) > 4 * self.server.limits.max_query_bytes:
            self.close_connection = True
            raise Refused(413, f"the request body is over {4 * self.server.limits.max_query_bytes} bytes")
        body = self.rfile.read(int(length)).decode("utf-8", "replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        if media == "application/sparql-update":
            raise Refused(403, "updates are not allowed: this endpoint is read-only")
        if media == "application/sparql-query":
            params.append(("query", body))
        elif media == "application/x-www-form-urlencoded":
            params += urllib.parse.parse_qsl(body, keep_blank_values=True)
        else:
            raise Refused(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
        if any(name == "update" for name, _ in params):
            raise Refused(403, "updates are not allowed: this endpoint is read-only")
        return self.sparql(params)

    def do_PUT(self):
        raise Refused(405, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT

    def do_OPTIONS(self):
        self.send(204, "text/plain", b"", {"Allow": "GET, HEAD, POST, OPTIONS",
                                             "Access-Control-Allow-Headers": "Content-Type, Accept",
                                             "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS"})

    # --- SPARQL ---

    def sparql(self, params: list[tuple[str, str]]) -> None:
        queries = [value for name, value in params if name == "query"]
        if len(queries) != 1:
            raise Refused(400, "give exactly one 'query'")
        forwarded = []
        for name, value in params:
            if name in ("default-graph-uri", "named-graph-uri"):
                if value not in self.server.graphs:
                    raise Refused(403, f"{name} <{value}> names no graph of this dataset")
                forwarded.append((name, value))
        form = check_query(queries[0], self.server.limits)
        graph_form = form in ("ConstructQuery", "DescribeQuery")
        offers = list(GRAPH_FORMATS) if graph_form else list(RESULTS_FORMATS)
        override = next((FORMAT_PARAM.get(v.lower()) for n, v in params if n in ("format", "output")), None)
        media = override if override in offers else negotiate(self.headers.get("Accept"), offers, offers[0])
        if media is None:
            raise Refused(406, f"this query's results come as: {', '.join(offers)}")
        body = run_query(self.server.engine, queries[0], form, media, forwarded)
        self.send(200, media, body, {"Vary": "Accept"})

    def service_description(self) -> bytes:
        host = self.headers.get("Host") or ""
        if not re.fullmatch(r"[A-Za-z0-9.\-]+(:[0-9]+)?|\[[0-9A-Fa-f:.]+\](:[0-9]+)?", host):
            host = f"{HOST}:{self.server.server_address[1]}"  # a Host header is client input: never paste it raw
        endpoint = f"http://{host}/sparql"
        formats = " , ".join(
            f"<http://www.w3.org/ns/formats/{name}>"
            for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                         "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
        )
        graphs = "".join(
            f"        sd:namedGraph [ sd:name <{g}> ] ;\n" for g in sorted(self.server.graphs)
        )
        return (
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
            "@prefix void: <http://rdfs.org/ns/void#> .\n\n"
            f"<{endpoint}> a sd:Service ;\n"
            f"    sd:endpoint <{endpoint}> ;\n"
            "    sd:supportedLanguage sd:SPARQL11Query ;\n"
            "    sd:feature sd:UnionDefaultGraph ;\n"
            f"    sd:resultFormat {formats} ;\n"
            "    sd:defaultDataset [ a sd:Dataset ;\n"
            f"{graphs}"
            "        sd:defaultGraph [ a sd:Graph ] ] .\n"
        ).encode("utf-8")

    # --- resources and files ---

    def resource(self, rest: str) -> None:
        from .html import page_path

        forced = None
        stem, dot, suffix = rest.rpartition(".")
        if dot and suffix in RESOURCE_FORMATS:
            rest, forced = stem, RESOURCE_FORMATS[suffix]
        iri = f"{ID}{rest}"
        page = page_path(iri)
        if page is None:
            raise Refused(404, f"no resource at /id/{rest}")
        offers = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]
        media = forced or negotiate(self.headers.get("Accept"), offers, "text/html")
        if media is None:
            raise Refused(406, f"resources come as: {', '.join(offers)}", {"Vary": "Accept"})
        name = rest.rsplit("/", 1)[-1]
        headers = {
            "Vary": "Accept",
            "Link": ", ".join(f'<{name}.{ext}>; rel="alternate"; type="{mt}"' for ext, mt in RESOURCE_FORMATS.items()),
        }
        node = pyoxigraph.NamedNode(iri)  # validated by the page_path pattern above
        status, body = self.server.engine.post(
            f"CONSTRUCT {{ {node} ?p ?o }} WHERE {{ {node} ?p ?o }}", "application/n-triples"
        )
        if status != 200 or CANCELLED in body:
            raise Refused(502, "the SPARQL engine could not describe this resource")
        triples = list(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES))
        if not triples:
            raise Refused(404, f"the dataset says nothing about <{iri}>", headers)
        if media == "text/html":
            html_file = self.server.dist / "html" / page
            if not html_file.is_file():
                raise Refused(406, f"<{iri}> has no HTML page (only curated resources do); ask for text/turtle", headers)
            return self.send(200, "text/html", html_file.read_bytes(), headers)
        prefixes = {"osai": "https://w3id.org/osaikg/ontology#", "dcterms": "http://purl.org/dc/terms/",
                    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#"}
        fmt = GRAPH_FORMATS[media]
        body = pyoxigraph.serialize(triples, format=fmt, prefixes=prefixes if fmt == pyoxigraph.RdfFormat.TURTLE else None)
        return self.send(200, media, body, headers)

    def static(self, path: Path, media: str | None = None) -> None:
        if not path.is_file():
            raise Refused(404, f"{path.name} is not in this release")
        if media is None:
            suffix = path.suffix.lower()
            media = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                     ".gz": "application/gzip", ".owl": "application/rdf+xml", ".js": "text/javascript",
                     ".css": "text/css", ".html": "text/html"}.get(suffix) or mimetypes.guess_type(path.name)[0]
            media = media or "application/octet-stream"
        self.send(200, media, path.read_bytes())


def serve(dist: Path, port: int = 7878, limits: Limits | None = None, ready: Callable[[str], None] = print) -> None:
    """Serve the release in ``dist`` on http://127.0.0.1:PORT/ until interrupted."""
    import signal

    gateway = Gateway(dist, port, limits)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so that the engine is stopped below
    try:
        ready(f"serving {dist} at http://{HOST}:{gateway.server_address[1]}/ (SPARQL at /sparql); Ctrl-C stops")
        gateway.serve_forever()
    finally:
        gateway.server_close()

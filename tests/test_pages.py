"""Resource pages and the query page: static, offline, and what a person sees in headless Chromium."""
import json
import re
import shutil
import struct
import subprocess
import tempfile
import urllib.parse
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS

from osaikg.html import page_path
from osaikg.namespaces import GRAPH, ID, OSAI
from osaikg.publish import named_graphs

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "src" / "osaikg" / "assets"
SCREENSHOTS = ROOT / "dist" / "screenshots"  # for review; `make build` replaces dist/
HEADER_BLUE = (0x1F, 0x3A, 0x5F)  # header background in assets/style.css


class Links(HTMLParser):
    """Every src/href of a page, by tag, and its visible text."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.refs.append((tag, name, value))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(data.strip())


def parse(path_or_text) -> Links:
    links = Links()
    links.feed(path_or_text.read_text() if isinstance(path_or_text, Path) else path_or_text)
    return links


def test_a_page_for_every_curated_resource(release, kg):
    curated = named_graphs(kg.dataset)[str(GRAPH.curated)]
    resources = {s for s in curated.subjects() if isinstance(s, URIRef) and str(s).startswith(str(ID))}
    pages = {p.relative_to(release / "html").as_posix() for p in (release / "html" / "id").rglob("*.html")}
    assert pages == {page_path(r) for r in resources}
    index = parse(release / "html" / "index.html")
    for resource in resources:
        assert ("a", "href", page_path(resource)) in index.refs, resource


def test_resource_page_content(release):
    page = release / "html" / "id" / "project" / "bigscience.html"
    text = page.read_text()
    links = parse(page)
    assert "BigScience Workshop" in links.text
    # Incoming links: BLOOM is developed by BigScience; BigCode spun out of it.
    assert ("a", "href", "../model/bloom.html") in links.refs
    assert ("a", "href", "bigcode.html") in links.refs
    assert ("a", "href", "https://bigscience.huggingface.co/") in links.refs  # a source
    # The embedded JSON-LD is the resource's description.
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    embedded = Graph().parse(data=block, format="json-ld")
    subject = ID["project/bigscience"]
    assert str(embedded.value(subject, RDFS.label)) == "BigScience Workshop"
    assert (subject, DCTERMS.source, URIRef("https://bigscience.huggingface.co/")) in embedded
    assert (subject, OSAI.usedCompute, ID["compute/jean-zay"]) in embedded


def test_pages_load_nothing_from_elsewhere_and_links_resolve(release):
    pages = sorted((release / "html").rglob("*.html")) + [ASSETS / "query.html"]
    for page in pages:
        for tag, attr, value in parse(page).refs:
            external = value.startswith(("http:", "https:", "//"))
            if tag != "a":  # what the page loads (stylesheets, scripts, images) must be local
                assert not external, (page, tag, value)
            elif not external and not value.startswith("#") and page.parent != ASSETS:
                target = urllib.parse.unquote(value.split("#")[0])
                if target == "sparql":  # the query page exists only under `osaikg serve`
                    continue
                assert (page.parent / target).resolve().exists(), (page, value)
    css = (release / "html" / "assets" / "style.css").read_text() + (ASSETS / "query.js").read_text()
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css) and "import " not in css


# ------------------------------------------------------------------------------------------
# Headless Chromium: what a person sees.

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def chromium(url: str, *extra: str) -> str:
    exe = shutil.which("chromium")
    assert exe, "Debian's chromium is missing: run scripts/system-deps.sh (make test does)"
    with tempfile.TemporaryDirectory(prefix="osaikg-chromium-") as profile:
        done = subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def png_pixel(path: Path, x: int, y: int) -> tuple[int, int, int]:
    """One pixel of an 8-bit RGB(A) PNG, as Chromium writes them (no Pillow needed)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    idat = b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IDAT":
            idat += body
        else:
            chunks.setdefault(kind, body)
        pos += 12 + length
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    for row in range(y + 1):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            upper_left = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else upper_left)
                line[i] = (line[i] + predictor) & 255
        previous = line
    return tuple(previous[x * bpp : x * bpp + 3])


def test_resource_page_in_chromium_offline(release):
    url = (release / "html" / "id" / "model" / "bloom.html").as_uri()
    seen = parse(chromium(url, "--dump-dom"))
    assert "BLOOM" in seen.text and "BigScience Workshop" in seen.text and "Incoming links" in seen.text
    assert "Sources" in seen.text and "https://huggingface.co/blog/bloom" in seen.text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "resource-page.png"
    shot.unlink(missing_ok=True)
    chromium(url, f"--screenshot={shot}", "--window-size=1100,900")
    assert png_pixel(shot, 5, 5) == HEADER_BLUE  # the stylesheet loaded by its relative path, offline


def test_query_page_in_chromium_runs_a_query(endpoint):
    query = ("PREFIX osai: <https://w3id.org/osaikg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "SELECT ?model ?name ?developer WHERE {\n"
             "  VALUES ?model { <https://w3id.org/osaikg/id/model/bloom> <https://w3id.org/osaikg/id/model/starcoder> }\n"
             "  ?model rdfs:label ?name ; osai:developedBy ?d . ?d rdfs:label ?developer } ORDER BY ?name")
    url = f"{endpoint}/sparql#query=" + urllib.parse.quote(query)
    dom = chromium(url, "--dump-dom", "--virtual-time-budget=15000")
    seen = parse(dom)
    assert "2 rows" in " ".join(seen.text), seen.text
    cells = seen.text[seen.text.index("developer") :]
    assert cells[:7] == ["developer", str(ID["model/bloom"]), "BLOOM", "BigScience Workshop",
                         str(ID["model/starcoder"]), "StarCoder", "BigCode"], cells
    assert ("a", "href", "id/model/bloom") in seen.refs  # result IRIs link to their resource pages
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "query-page.png"
    shot.unlink(missing_ok=True)
    chromium(url, f"--screenshot={shot}", "--window-size=1100,900", "--virtual-time-budget=15000")
    assert png_pixel(shot, 5, 5) == HEADER_BLUE


def test_query_page_shows_a_refusal(endpoint):
    url = f"{endpoint}/sparql#query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    seen = parse(chromium(url, "--dump-dom", "--virtual-time-budget=15000"))
    assert any(t.startswith("Error 403") and "SERVICE" in t for t in seen.text), seen.text

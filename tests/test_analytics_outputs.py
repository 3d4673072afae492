"""``osaikg analyze`` output: every file, byte-identical on reruns, offline HTML, and part of the release."""
import csv
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analytics_support import fixture_home, fixture_kg, run_osaikg
from osaikg.analyze import publish_figures

EXPECTED = {
    "network": ["network.svg", "network.png", "network.json", "network-nodes.csv", "network-edges.csv", "network.html"],
    "lineage": ["lineage.svg", "lineage.png", "lineage.json", "lineage-edges.csv", "lineage-models.csv", "lineage.html"],
    "stages": ["stages.svg", "stages.png", "stages.json", "stages.csv", "stages.html"],
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two separate runs of ``osaikg analyze`` over the fixtures, into two folders."""
    base = tmp_path_factory.mktemp("analyze")
    home = fixture_home(base, "network.ttl", "lineage.ttl")
    outs = []
    for name in ("first", "second"):
        result = run_osaikg("analyze", "--out", str(base / name), home=home)
        assert result.returncode == 0, result.stderr
        outs.append(base / name)
    return outs


def test_analyze_writes_figures_html_and_numbers(runs):
    written = sorted(p.name for p in runs[0].iterdir())
    assert written == sorted(sum(EXPECTED.values(), []))
    assert runs[0].joinpath("network.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert runs[0].joinpath("lineage.svg").read_text().lstrip().startswith("<?xml")


def test_reruns_are_byte_identical(runs):
    for name in sum(EXPECTED.values(), []):
        assert runs[0].joinpath(name).read_bytes() == runs[1].joinpath(name).read_bytes(), name


def test_svg_carries_no_date_and_keeps_text_as_text(runs):
    svg = runs[0].joinpath("network.svg").read_text()
    assert "<dc:date>" not in svg
    assert ">Org C</text>" in svg or "Org C" in re.sub(r"<[^>]+>", "", svg)


def test_html_views_are_self_contained(runs):
    for name in ("network.html", "lineage.html", "stages.html"):
        page = runs[0].joinpath(name).read_text()
        assert "<svg" in page, name
        # nothing fetched: no external scripts, styles, images or fonts
        assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page), name
        assert "@import" not in page and "url(http" not in page, name
    network = runs[0].joinpath("network.html").read_text()
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', network, re.S).group(1))
    # every node and relation in the data points at an element of the inline SVG
    for item in data["nodes"] + data["edges"]:
        assert f'id="{item["gid"]}"' in network


def test_numbers_as_csv_and_json_agree(runs):
    with runs[0].joinpath("network-nodes.csv").open() as handle:
        rows = {r["label"]: r for r in csv.DictReader(handle)}
    assert rows["Org C"]["betweenness"] == "0.6" and rows["Org C"]["regions_bridged"] == "Asia; North America"
    stages = json.loads(runs[0].joinpath("stages.json").read_text())
    assert [s["stage_label"] for s in stages] == ["pre-training", "post-training", "post-release"]
    with runs[0].joinpath("stages.csv").open() as handle:
        assert [r["collaborations"] for r in csv.DictReader(handle)] == ["1", "1", "3"]


def test_analyze_one_analysis_and_bad_names(tmp_path):
    home = fixture_home(tmp_path, "network.ttl")
    result = run_osaikg("analyze", "stages", "--out", str(tmp_path / "out"), home=home)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(EXPECTED["stages"])
    bad = run_osaikg("analyze", "pictures", home=home)
    assert bad.returncode == 2 and "unknown analysis 'pictures'" in bad.stderr
    (tmp_path / "a-file").write_text("not a folder")
    blocked = run_osaikg("analyze", "stages", "--out", str(tmp_path / "a-file" / "out"), home=home)
    assert blocked.returncode == 2 and "cannot write the stages analysis" in blocked.stderr
    assert "Traceback" not in blocked.stderr


def test_publish_figures_writes_under_figures(tmp_path):
    files = publish_figures(fixture_kg("network.ttl", "lineage.ttl"), tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in files} == {f"figures/{n}" for n in sum(EXPECTED.values(), [])}
    assert all(p.is_file() for p in files)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _in_browser(page: Path, probe: str) -> dict:
    """Open ``page`` in headless Chromium with ``probe`` (JS) run after the page's own scripts; return its result."""
    copy = page.with_name("probe-" + page.name)
    text = page.read_text(encoding="utf-8")
    copy.write_text(text.replace("</body>", f"<script>{probe}</script></body>"), encoding="utf-8")
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", copy.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    match = re.search(r'data-result="([^"]*)"', result.stdout)
    assert match, result.stderr[-2000:]
    return json.loads(html.unescape(match.group(1)))


@pytest.mark.skipif(not CHROMIUM, reason="needs Chromium")
def test_network_view_highlights_and_filters_in_a_browser(runs):
    probe = """
    const c = data.nodes.find(n => n.label === 'Org C');
    document.getElementById(c.gid).dispatchEvent(new MouseEvent('mouseenter', {clientX: 5, clientY: 5}));
    const dimmed = document.querySelectorAll('.dim').length;
    const tipText = tip.textContent, tipShown = tip.style.display;
    document.getElementById(c.gid).dispatchEvent(new MouseEvent('mouseleave'));
    const box = document.querySelector('input[data-filter="post-release"]');
    box.checked = false; box.dispatchEvent(new Event('change'));
    const hidden = [...document.querySelectorAll('[id^="rel-"]')].filter(el => el.style.display === 'none').length;
    document.body.setAttribute('data-result', JSON.stringify({dimmed, tipText, tipShown, hidden}));
    """
    result = _in_browser(runs[0] / "network.html", probe)
    # Org C takes part in 3 of the 7 relations: the other 4 (curve and label each) are dimmed.
    assert result["dimmed"] == 8
    assert result["tipShown"] == "block" and "Org C" in result["tipText"] and "betweenness 0.6" in result["tipText"]
    # post-release collaborations: c3 (D–F) and c5 (E–F); the derivation D–F has its own box.
    assert result["hidden"] == 4


@pytest.mark.skipif(not CHROMIUM, reason="needs Chromium")
def test_lineage_view_finds_a_model_in_a_browser(runs):
    probe = """
    const box = document.getElementById('search');
    box.value = 'two'; box.dispatchEvent(new Event('input'));
    const shown = data.models.filter(m => m.gid && !document.getElementById(m.gid).classList.contains('dim')).map(m => m.label);
    document.body.setAttribute('data-result', JSON.stringify({shown}));
    """
    assert _in_browser(runs[0] / "lineage.html", probe)["shown"] == ["Base Two", "D Two", "FT Two", "U Two"]

"""The importers on small fixtures cut from the public datasets (tests/fixtures/import/<source>/).

Expected counts are computed here straight from the source files (YAML, CSV, JSON), independently
of the importers, and compared with what the importers report and write.
"""
import csv
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from osaikg.importers import DATA_FOLDERS, attribution, credits, run_import, run_live_import
from osaikg.importers.common import slug

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
OSAI = "https://w3id.org/osaikg/ontology#"
TAG = re.compile(r"^base_model:(?:(finetune|adapter|quantized|merge):)?(.+)$")


def name_key(name: str) -> str:
    return slug(name)  # the documented slug scheme: entities with the same slug are one entity


# --- counts computed from the source files --------------------------------------------------------

def expected_osai_index(folder: Path) -> dict:
    models, orgs, edges = 0, set(), 0
    for file in sorted((folder / "models").glob("*.yaml")):
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        models += 1
        if (data.get("org") or {}).get("name"):
            orgs.add(name_key(data["org"]["name"]))
            edges += 1
        edges += bool(data["system"].get("endmodellicense"))
        edges += sum(1 for value in data.values() if isinstance(value, dict) and value.get("class") in
                     ("open", "partial", "closed"))
    return {"models": models, "organisations": len(orgs), "edges": edges}


def expected_mot(folder: Path) -> dict:
    models, orgs, edges = 0, set(), 0
    for file in sorted((folder / "models").glob("*.yml")):
        release = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["release"]
        models += 1
        if release.get("producer"):
            orgs.add(name_key(release["producer"]))
            edges += 1
        edges += bool(((release.get("license") or {}).get("distribution") or {}).get("name"))
        edges += len(release.get("components") or [])
    return {"models": models, "organisations": len(orgs), "edges": edges}


def expected_epoch(folder: Path) -> dict:
    rows = [r for r in csv.DictReader(open(folder / "all_ai_models.csv", encoding="utf-8")) if r["Model"].strip()]
    names = {name_key(r["Model"]) for r in rows}
    orgs, edges = set(), set()
    for r in rows:
        model = name_key(r["Model"])
        for org in filter(None, (o.strip() for o in r["Organization"].split(","))):
            orgs.add(name_key(org))
            edges.add((model, "org", name_key(org)))
        for ds in filter(None, (d.strip() for d in r["Training dataset"].split(","))):
            if not ds.lower().startswith("unspecified"):
                edges.add((model, "data", name_key(ds)))
        base = r["Base model"].strip()
        if base and name_key(base) in names and name_key(base) != model:
            edges.add((model, "base", name_key(base)))
    return {"models": len(names), "organisations": len(orgs), "edges": len(edges)}


def hf_rows(folder: Path):
    catalog = folder / "warehouse" / "catalog" / "huggingface"
    for name in ("model_repos.csv", "top_models.csv", "tracked_models.csv"):
        yield from csv.DictReader(open(catalog / name, encoding="utf-8"))


def expected_hf(folder: Path) -> dict:
    models, owners, edges = set(), set(), set()

    def model(repo):
        models.add(repo.lower())
        if "/" in repo:
            owners.add(repo.split("/")[0].lower())
            edges.add((repo.lower(), "developedBy", repo.split("/")[0].lower()))

    for row in hf_rows(folder):
        repo = row["model_id"]
        model(repo)
        tags = [t for t in (row.get("tags") or "").split(",") if t]
        typed = {}
        generic = [row["base_model_id"]] if row.get("base_model_id") else []
        for tag in tags:
            match = TAG.match(tag)
            if match and match.group(1):
                typed[match.group(2).lower()] = match.group(1)
                model(match.group(2))
                edges.add((repo.lower(), match.group(1), match.group(2).lower()))
            elif match:
                generic.append(match.group(2))
            elif tag.startswith("dataset:"):
                edges.add((repo.lower(), "dataset", tag.lower()))
            elif tag.startswith("license:"):
                edges.add((repo.lower(), "license", tag.lower()))
        for base in generic:
            if base.lower() not in typed and base.lower() != repo.lower():
                model(base)
                edges.add((repo.lower(), "derivedFrom", base.lower()))
    return {"models": len(models), "organisations": len(owners), "edges": len(edges)}


def expected_data_provenance(folder: Path) -> dict:
    datasets, orgs, edges = 0, set(), set()
    for file in sorted((folder / "data_summaries").glob("[!_]*.json")):  # not _template.json
        for key, data in json.loads(file.read_text(encoding="utf-8")).items():
            datasets += 1
            ds = name_key(data["Unique Dataset Identifier"])
            for creator in data.get("Creators") or []:
                orgs.add(name_key(creator))
                edges.add((ds, "creator", name_key(creator)))
            for item in data.get("Licenses") or []:
                if item.get("License") and item["License"].lower() != "unspecified":
                    edges.add((ds, "licence", name_key(item["License"])))
            for generator in data.get("Model Generated") or []:
                edges.add((ds, "generator", name_key(generator)))
            for origin in data.get("Derived from Datasets") or []:
                if "huggingface.co/datasets/" in origin:
                    edges.add((ds, "derived", origin.split("huggingface.co/datasets/")[1].strip("/").lower()))
    return {"organisations": len(orgs), "edges": len(edges), "records": datasets}


EXPECTED = {"osai-index": expected_osai_index, "mot": expected_mot, "epoch": expected_epoch, "hf": expected_hf,
            "data-provenance": expected_data_provenance}


def check_counts(key: str, folder: Path, tmp_path: Path) -> None:
    result = run_import(key, folder, out=tmp_path / f"{key}.nq")
    expected = EXPECTED[key](folder)
    counts = result.counts
    got = {"models": counts.models, "organisations": counts.organisations, "edges": counts.edges,
           "records": counts.records - counts.skipped}
    assert {k: got[k] for k in expected} == expected
    # and the written file says the same
    store = ox.Store()
    store.load(path=str(tmp_path / f"{key}.nq"), format=ox.RdfFormat.N_QUADS)
    models = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(OSAI + "Model"))}
    assert len(models) == counts.models


@pytest.mark.parametrize("key", list(EXPECTED))
def test_counts_match_the_source_files(key, tmp_path):
    check_counts(key, FIXTURES / key, tmp_path)


@pytest.mark.skipif(not SHARED.is_dir(), reason="the full public data copy is not here")
@pytest.mark.parametrize("key", list(EXPECTED))
def test_counts_match_the_full_data(key, tmp_path):
    check_counts(key, SHARED / DATA_FOLDERS[key], tmp_path)  # a few seconds for all five


# --- output ---------------------------------------------------------------------------------------

def test_output_is_sorted_deterministic_and_in_the_source_graph(tmp_path):
    first = run_import("hf", FIXTURES / "hf", out=tmp_path / "a.nq")
    run_import("hf", FIXTURES / "hf", out=tmp_path / "b.nq")
    data = (tmp_path / "a.nq").read_bytes()
    assert data == (tmp_path / "b.nq").read_bytes()
    lines = data.decode("utf-8").splitlines()
    assert lines == sorted(set(lines)) and len(lines) == first.counts.triples
    assert all(line.endswith(" <https://w3id.org/osaikg/graph/import/hf> .") for line in lines)
    assert not list(tmp_path.glob(".tmp-*"))


def test_each_entity_has_one_label_even_when_records_spell_it_differently(tmp_path):
    run_import("epoch", FIXTURES / "epoch", out=tmp_path / "e.nq")
    labels = Counter(line.split(" ", 1)[0] for line in (tmp_path / "e.nq").read_text().splitlines()
                     if " <http://www.w3.org/2000/01/rdf-schema#label> " in line)
    assert max(labels.values()) == 1
    calm = "<https://w3id.org/osaikg/id/model/epoch/calm>"
    text = (tmp_path / "e.nq").read_text()
    assert f'{calm} <http://www.w3.org/2004/02/skos/core#altLabel> "CaLM"@en' in text  # CALM and CaLM: one model


def test_provenance_comes_from_the_readme_not_the_clock(tmp_path):
    run_import("mot", FIXTURES / "mot", out=tmp_path / "m.nq")
    store = ox.Store()
    store.load(path=str(tmp_path / "m.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(store.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?snapshot ?version ?date ?licence WHERE { GRAPH ?g {
          <https://w3id.org/osaikg/graph/import/mot> prov:wasDerivedFrom ?snapshot ; dcterms:license ?licence .
          ?snapshot dcat:version ?version ; dcterms:modified ?date } }"""))
    assert len(rows) == 1
    readme = (FIXTURES / "mot" / "README.md").read_text()
    commit, date = re.search(r"Commit: ([0-9a-f]{40}) \((\d{4}-\d{2}-\d{2})\)", readme).groups()
    assert rows[0]["version"].value == commit and rows[0]["date"].value == date
    assert rows[0]["licence"].value == "https://spdx.org/licenses/MIT"


def test_trig_output_holds_the_same_quads(tmp_path):
    run_import("osai-index", FIXTURES / "osai-index", out=tmp_path / "o.nq")
    run_import("osai-index", FIXTURES / "osai-index", out=tmp_path / "o.trig", fmt="trig")
    run_import("osai-index", FIXTURES / "osai-index", out=tmp_path / "again.trig", fmt="trig")
    assert (tmp_path / "o.trig").read_bytes() == (tmp_path / "again.trig").read_bytes()
    nq = set(ox.parse(path=str(tmp_path / "o.nq"), format=ox.RdfFormat.N_QUADS))
    trig = set(ox.parse(path=str(tmp_path / "o.trig"), format=ox.RdfFormat.TRIG))
    assert nq == trig and len(nq) > 600


# --- mapping --------------------------------------------------------------------------------------

def test_hf_base_model_tags_become_typed_derivations(tmp_path):
    run_import("hf", FIXTURES / "hf", out=tmp_path / "h.nq")
    text = (tmp_path / "h.nq").read_text()
    kinds = {"finetune": "fineTunedFrom", "adapter": "adapterOf", "quantized": "quantizedFrom", "merge": "mergedFrom"}
    seen = Counter()
    for row in hf_rows(FIXTURES / "hf"):
        for tag in (row.get("tags") or "").split(","):
            match = TAG.match(tag)
            if match and match.group(1):
                line = (f"<https://w3id.org/osaikg/id/model/hf/{row['model_id'].lower()}> <{OSAI}{kinds[match.group(1)]}> "
                        f"<https://w3id.org/osaikg/id/model/hf/{match.group(2).lower()}>")
                assert line in text
                seen[match.group(1)] += 1
    assert set(seen) == set(kinds)  # the fixture has all four relation kinds


def test_openness_judgements_keep_status_and_evidence(tmp_path):
    run_import("osai-index", FIXTURES / "osai-index", out=tmp_path / "o.nq")
    text = (tmp_path / "o.nq").read_text()
    data = yaml.safe_load((FIXTURES / "osai-index" / "models" / "bloomz.yaml").read_text())
    node = "<https://w3id.org/osaikg/id/assessment/osai-index/bloomz/licenses>"
    assert f"{node} <{OSAI}opennessStatus> <https://w3id.org/osaikg/id/status/osai-index/{data['licenses']['class']}>" in text
    assert f"{node} <{OSAI}assessedBy> <https://w3id.org/osaikg/id/project/european-open-source-ai-index>" in text
    assert json.dumps(data["licenses"]["notes"]) in text  # the notes, verbatim, as evidence


# --- bad records ----------------------------------------------------------------------------------

def test_a_bad_record_is_reported_skipped_and_counted(tmp_path):
    folder = tmp_path / "osai-index"
    shutil.copytree(FIXTURES / "osai-index", folder)
    (folder / "models" / "broken.yaml").write_text("system: [unclosed\n", encoding="utf-8")
    (folder / "models" / "nameless.yaml").write_text("system:\n  link: https://example.org\n", encoding="utf-8")
    clean = run_import("osai-index", FIXTURES / "osai-index", out=tmp_path / "clean.nq")
    result = run_import("osai-index", folder, out=tmp_path / "dirty.nq")
    assert result.counts.skipped == 2 and result.counts.records == clean.counts.records + 2
    assert sorted(Path(b.file).name for b in result.bad) == ["broken.yaml", "nameless.yaml"]
    assert any("system.name" in b.message for b in result.bad)
    assert (tmp_path / "dirty.nq").read_bytes() == (tmp_path / "clean.nq").read_bytes()


def test_bad_csv_rows_name_their_line(tmp_path):
    folder = tmp_path / "hf"
    shutil.copytree(FIXTURES / "hf", folder)
    catalog = folder / "warehouse" / "catalog" / "huggingface" / "model_repos.csv"
    with open(catalog, "a", encoding="utf-8") as handle:
        handle.write("not a repo id!,x,,,,,0,0\n")
    lines = catalog.read_text().count("\n")
    result = run_import("hf", folder)
    assert [(Path(b.file).name, b.where) for b in result.bad] == [("model_repos.csv", f"line {lines}")]


# --- CLI ------------------------------------------------------------------------------------------

def test_cli_import_writes_file_summary_and_report(cli, tmp_path):
    done = cli("import", "mot", str(FIXTURES / "mot"), "--out", str(tmp_path / "m.nq"), "--report", str(tmp_path / "r.md"))
    assert done.returncode == 0, done.stderr
    assert "import mot: 5 records (0 skipped), 5 models, 4 organisations" in done.stderr
    assert (tmp_path / "m.nq").stat().st_size > 0
    report = (tmp_path / "r.md").read_text()
    assert "# Reconciliation report" in report and "Unmatched" in report


def test_cli_import_usage_errors(cli, tmp_path):
    assert cli("import", "nosuch", "x").returncode == 2
    missing = cli("import", "epoch", str(tmp_path / "nothing"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr and "Traceback" not in missing.stderr
    assert cli("import", "epoch", "--live", "--author", "x").returncode == 2


# --- live Hugging Face mode, served from recorded responses at the HTTP layer ----------------------

def test_live_hf_import_reads_the_hub_api(tmp_path):
    import httpx2
    import huggingface_hub

    served = []

    def handler(request: "httpx2.Request") -> "httpx2.Response":
        served.append(str(request.url))
        if request.url.path == "/api/models" and request.url.params.get("author") == "Qwen":
            body = (FIXTURES / "hf-live" / "list_models_author_Qwen.json").read_text()
        elif request.url.path == "/api/models/MaziyarPanahi/Qwen3-0.6B-GGUF":
            body = (FIXTURES / "hf-live" / "model_info_MaziyarPanahi_Qwen3-0.6B-GGUF.json").read_text()
        else:
            return httpx2.Response(404, json={"error": f"not recorded: {request.url}"})
        return httpx2.Response(200, content=body.encode(), headers={"content-type": "application/json"})

    huggingface_hub.set_client_factory(lambda: httpx2.Client(transport=httpx2.MockTransport(handler)))
    try:
        result = run_live_import(["MaziyarPanahi/Qwen3-0.6B-GGUF"], author="Qwen", out=tmp_path / "live.nq")
    finally:
        from huggingface_hub.utils._http import default_client_factory

        huggingface_hub.set_client_factory(default_client_factory)
    assert result.counts.records == 3 and not result.bad
    assert all(url.startswith("https://huggingface.co/api/") for url in served), served  # nothing else is asked
    assert [url for url in served if "/api/models" in url] == [
        "https://huggingface.co/api/models?author=Qwen&expand=author&expand=tags",
        "https://huggingface.co/api/models/MaziyarPanahi/Qwen3-0.6B-GGUF?expand=author&expand=tags"]
    text = (tmp_path / "live.nq").read_text()
    assert (f"<https://w3id.org/osaikg/id/model/hf/maziyarpanahi/qwen3-0.6b-gguf> <{OSAI}quantizedFrom> "
            "<https://w3id.org/osaikg/id/model/hf/qwen/qwen3-0.6b>") in text
    assert "dcat#version" not in text  # live data has no snapshot commit, and no invented date


# --- credits --------------------------------------------------------------------------------------

def test_attribution_credits_every_source_with_its_licence():
    text = attribution()
    for credit in credits():
        assert credit["title"] in text and credit["licence_name"] in text
    assert "doi:10.5281/zenodo.15386042" in text and "https://osai-index.eu/" in text  # CC BY: the Index's wording
    assert "Epoch AI, 'Data on AI Models'" in text
    assert "Copyright 2024 The Model Openness Tool Authors" in text  # MIT: the notice travels with the data


def test_cli_validate_reports_what_the_source_lacks_without_failing(cli, tmp_path):
    rows = [r for r in csv.DictReader(open(FIXTURES / "epoch" / "all_ai_models.csv", encoding="utf-8"))
            if r["Model"].strip()]
    without_developer = {name_key(r["Model"]) for r in rows if not r["Organization"].strip()}
    done = cli("import", "epoch", str(FIXTURES / "epoch"), "--out", str(tmp_path / "e.nq"), "--validate")
    assert done.returncode == 0, done.stderr
    assert f"{len(without_developer)} x Violation: osai:developedBy" in done.stderr


def test_hf_json_lines_give_the_same_graph_as_the_csv(tmp_path):
    catalog = FIXTURES / "hf" / "warehouse" / "catalog" / "huggingface"
    rows = list(csv.DictReader(open(catalog / "top_models.csv", encoding="utf-8")))
    with open(tmp_path / "models.jsonl", "w", encoding="utf-8") as handle:
        for row in rows:  # the Hub API's shape: id, author, tags as a list
            handle.write(json.dumps({"id": row["model_id"], "author": row["author"], "tags": row["tags"].split(",")}) + "\n")
        handle.write("{not json\n")
    from_csv = run_import("hf", catalog / "top_models.csv", out=tmp_path / "csv.nq")
    from_jsonl = run_import("hf", tmp_path / "models.jsonl", out=tmp_path / "jsonl.nq")
    assert (tmp_path / "csv.nq").read_bytes() == (tmp_path / "jsonl.nq").read_bytes()
    assert from_jsonl.counts.models == from_csv.counts.models > 0
    assert [(b.where, b.message.split(":")[0]) for b in from_jsonl.bad] == [(f"line {len(rows) + 1}", "not JSON")]

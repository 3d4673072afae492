"""Ecosystem analytics: the collaboration network, model lineage and the cathedral-to-bazaar index by stage.

Everything is read through the named queries of ``queries/analytics/`` (:mod:`.sources`), computed with
networkx (:mod:`.network`, :mod:`.lineage`, :mod:`.stages`), drawn with matplotlib (:mod:`.figures`) and
written as SVG, PNG, an offline interactive HTML view (:mod:`.html`) and the numbers as CSV and JSON::

    from osaikg import KnowledgeGraph
    from osaikg.analyze import write_analyses
    write_analyses(KnowledgeGraph.load(), Path("figures"))
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..errors import OsaikgError
from ..kg import KnowledgeGraph
from ..publish import write_atomic

ANALYSES = ("network", "lineage", "stages")


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                         for v in (row.get(c) for c in columns)])
    write_atomic(path, buffer.getvalue().encode("utf-8"))
    return path


def write_json(path: Path, data) -> Path:
    write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    return path


def write_network(kg: KnowledgeGraph, out: Path) -> list[Path]:
    from . import figures, html, network
    from .vocabulary import STAGES

    metrics = network.measure(network.build_network(kg))
    s = metrics.summary
    title = (f"Collaboration network: {_n(s['nodes'], 'organisation or project', 'organisations and projects')}, "
             f"{_n(s['links'], 'link')} ({_n(s['collaborations'], 'collaboration')}, {_n(s['derivations'], 'derivation')})")
    fig, ids = figures.draw_network(metrics, title)
    files = figures.save(fig, out / "network")
    data = metrics.to_json()
    for node in data["nodes"]:
        node["gid"] = ids["nodes"][node["iri"]]
    for edge, gid in zip(data["edges"], ids["edges"]):
        edge["gid"] = gid
    files.append(write_json(out / "network.json", data))
    files.append(write_csv(out / "network-nodes.csv", [
        "iri", "label", "kind", "case", "mentioned", "organisation_type_label", "region_label", "countries", "degree",
        "relations", "betweenness", "community", "cross_region_links", "regions_bridged"], data["nodes"]))
    files.append(write_csv(out / "network-edges.csv", [
        "source", "target", "source_label", "target_label", "relation", "via", "via_label", "stage_label", "kind_labels",
        "uncertain"], data["edges"]))
    sections = (
        "<h2>Organisations that bridge regions</h2>"
        + html.table([("label", "organisation"), ("region", "region"), ("regions_bridged", "linked to"),
                      ("betweenness", "betweenness")], data["bridges"])
        + "<h2>Organisations</h2>"
        + html.table([("label", "organisation"), ("organisation_type_label", "type"), ("region_label", "region"),
                      ("degree", "degree"), ("relations", "relations"), ("betweenness", "betweenness"),
                      ("community", "community")], data["nodes"])
    )
    intro = ("Organisations joined when they take part in the same collaboration or when one's artefact derives from "
             "the other's. Colours follow the organisation types of the talk's map; grey: mentioned in the study only; "
             "pale: other actors the graph's collaborations and derivations bring in.")
    stage_labels = [figures.stage_label(st) for st in STAGES]
    if any(e["relation"] == "collaboration" and not e["stage"] for e in data["edges"]):
        stage_labels.append(figures.stage_label(""))
    files.append(_write(out / "network.html", html.page(
        "Collaboration network", intro, figures.svg_bytes(fig), data, html.NETWORK_JS,
        html.network_controls(stage_labels, any(e["relation"] == "derivation" for e in data["edges"])), sections)))
    return files


def write_lineage(kg: KnowledgeGraph, out: Path) -> list[Path]:
    from . import figures, html, lineage

    forest = lineage.build_forest(kg)
    data = lineage.measure(forest)
    s = data["summary"]
    title = (f"Model lineage: {_n(s['models'], 'model')} in {_n(s['trees'], 'tree')}, "
             f"{_n(s['licence_changes'], 'licence change')}")
    fig, ids = figures.draw_lineage(forest, title)
    files = figures.save(fig, out / "lineage")
    for model in data["models"]:
        model["gid"] = ids["nodes"].get(model["iri"], "")
    edge_ids = iter(ids["edges"])
    drawn = {(e.parent, e.child) for e in forest.edges if e.parent in ids["nodes"] and e.child in ids["nodes"]}
    for edge in data["edges"]:
        edge["gid"] = next(edge_ids) if (edge["parent"], edge["child"]) in drawn else ""
    files.append(write_json(out / "lineage.json", data))
    files.append(write_csv(out / "lineage-edges.csv", [
        "parent", "child", "parent_label", "child_label", "kind_labels", "uncertain", "parent_licences",
        "child_licences", "licence_change", "category_change"], data["edges"]))
    files.append(write_csv(out / "lineage-models.csv", [
        "iri", "label", "family", "licences", "licence_category", "depth", "fan_out", "descendants", "bases"],
        data["models"]))
    sections = (
        "<h2>Most-derived base models</h2>"
        + html.table([("label", "base model"), ("descendants", "models derived from it"), ("fan_out", "direct")],
                     data["most_derived"])
        + "<h2>Licence changes along derivations</h2>"
        + html.table([("parent_label", "base"), ("child_label", "derived"), ("kind_labels", "how"),
                      ("parent_licences", "base licence"), ("child_licences", "derived licence"),
                      ("category_change", "category change")], [e for e in data["edges"] if e["licence_change"] == "changed"])
        + "<h2>Trees</h2>"
        + html.table([("family", "family"), ("roots", "base models"), ("models", "models"), ("depth", "depth"),
                      ("max_fan_out", "max fan-out"), ("licence_changes", "licence changes")], data["trees"])
    )
    intro = "Which model was derived from which, how, and whether the licence changed along the way."
    files.append(_write(out / "lineage.html", html.page(
        "Model lineage", intro, figures.svg_bytes(fig), data, html.LINEAGE_JS, html.lineage_controls(), sections)))
    return files


def write_stages(kg: KnowledgeGraph, out: Path) -> list[Path]:
    from . import figures, html, stages

    rows = stages.stage_index(kg)
    fig = figures.draw_stages(rows)
    files = figures.save(fig, out / "stages")
    data = [r.to_json() for r in rows]
    files.append(write_json(out / "stages.json", data))
    files.append(write_csv(out / "stages.csv", list(stages.COLUMNS), [
        {**d, "kinds": [f"{k}: {n}" for k, n in d["kinds"].items()]} for d in data]))
    intro = ("For each lifecycle stage: collaborations recorded, distinct participants, share of participations from "
             "outside the collaboration's lead, and density of the co-participation network "
             "(see docs/cathedral-bazaar-index.md in the repository for the definition and its limits).")
    sections = "<h2>The numbers</h2>" + html.table([(c, c.replace("_", " ")) for c in stages.COLUMNS if c != "stage"], [
        {**d, "kinds": [f"{k}: {n}" for k, n in d["kinds"].items()]} for d in data])
    files.append(_write(out / "stages.html", html.page(
        "Cathedral-to-bazaar index by stage", intro, figures.svg_bytes(fig), data, "", "", sections)))
    return files


WRITERS = {"network": write_network, "lineage": write_lineage, "stages": write_stages}


def write_analyses(kg: KnowledgeGraph, out: Path, names=ANALYSES) -> list[Path]:
    """Run the named analyses (all by default) and write their files under ``out``."""
    files: list[Path] = []
    for name in names:
        try:
            files += WRITERS[name](kg, Path(out))
        except OSError as err:  # an output folder that cannot be written: the user's to fix, not a crash
            raise OsaikgError(f"{err.filename or out}: cannot write the {name} analysis: {err.strerror}") from None
    return files


def publish_figures(kg: KnowledgeGraph, out: Path) -> list[Path]:
    """The analyses of a release, under ``out/figures/`` (called from ``build.publish_all``)."""
    return write_analyses(kg, Path(out) / "figures")


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _write(path: Path, data: bytes) -> Path:
    write_atomic(path, data)
    return path

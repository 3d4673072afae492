"""Drawing the analyses with matplotlib (Agg, no pyplot state) into byte-identical SVG and PNG files.

Determinism: layouts are computed here without randomness; the SVG writer gets a fixed hash salt and no
date or creator metadata, the PNG writer no software metadata; text stays text in the SVG (``svg.fonttype
none``) so the interactive HTML view can show it and search engines can read it.
"""
from __future__ import annotations

import io
import math
import textwrap
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: no display, the same raster everywhere

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Patch  # noqa: E402

from ..publish import write_atomic  # noqa: E402
from .vocabulary import (  # noqa: E402
    DERIVATION_COLOUR, LICENCE_CATEGORIES, OFF_MAP, ORGANISATION_TYPES, REGION_ANCHORS, STAGE_COLOURS, STAGES,
    TYPE_NOT_RECORDED, region_label, stage_label,
)

RC = {
    "svg.hashsalt": "osaikg",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "path.simplify": True,
}
PNG_DPI = 110
INK = "#222222"


@contextmanager
def style():
    with matplotlib.rc_context(RC):
        yield


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def svg_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with style():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def png_bytes(fig: Figure) -> bytes:
    """The figure as a PNG of at most 128 colours: a third of the size, no visible loss on flat charts and text."""
    from PIL import Image

    buffer = io.BytesIO()
    with style():
        fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None}, facecolor="white")
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    small = image.quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def save(fig: Figure, base: Path) -> list[Path]:
    """Write ``base``.svg and ``base``.png; returns both paths."""
    paths = [base.with_suffix(".svg"), base.with_suffix(".png")]
    write_atomic(paths[0], svg_bytes(fig))
    write_atomic(paths[1], png_bytes(fig))
    return paths


# --- collaboration network ------------------------------------------------------------------------

NODE_RADIUS = 0.16
EDGE_FONT = 7.0


def network_layout(nodes: list[dict]) -> dict[str, tuple[float, float]]:
    """Each region's actors in a cluster, the clusters arranged roughly as the regions lie on a world map.

    Within a cluster, actors sit on a ring (on a sunflower spiral when there are many) in label order, cases
    first; the map arrangement is stretched just enough that no two clusters overlap. No randomness.
    """
    by_region: dict[str, list[dict]] = {}
    for node in nodes:
        by_region.setdefault(_region_key(node), []).append(node)
    unplaced = sorted(by_region.pop("", []), key=lambda n: (not n["case"], n["label"].lower()))
    spacing = NODE_RADIUS * 2.8
    offsets: dict[str, list[tuple[float, float]]] = {}
    radius: dict[str, float] = {}
    for region, members in by_region.items():
        n = len(members)
        if n == 1:
            points = [(0.0, 0.0)]
        elif n <= 9:
            ring = max(spacing / (2 * math.sin(math.pi / n)), spacing * 0.6)
            points = [(ring * math.cos(math.pi / 2 - 2 * math.pi * i / n), ring * math.sin(math.pi / 2 - 2 * math.pi * i / n))
                      for i in range(n)]
        else:
            golden = math.pi * (3 - math.sqrt(5))
            points = [(spacing * 0.62 * math.sqrt(i + 0.5) * math.cos(i * golden),
                       spacing * 0.62 * math.sqrt(i + 0.5) * math.sin(i * golden)) for i in range(n)]
        offsets[region] = points
        radius[region] = max(math.hypot(x, y) for x, y in points) + NODE_RADIUS
    # stretch the map until every pair of clusters is apart by the sum of their radii and a margin
    stretch = 1.0
    regions = sorted(by_region)
    for i, a in enumerate(regions):
        for b in regions[i + 1:]:
            (xa, ya), (xb, yb) = REGION_ANCHORS[a], REGION_ANCHORS[b]
            stretch = max(stretch, (radius[a] + radius[b] + 0.25) / math.hypot(xa - xb, ya - yb))
    positions = {}
    for region, members in by_region.items():
        ax, ay = REGION_ANCHORS[region]
        members = sorted(members, key=lambda n: (not n["case"], n["label"].lower()))
        for node, (dx, dy) in zip(members, offsets[region]):
            positions[node["iri"]] = (ax * stretch + dx, ay * stretch + dy)
    # actors with no recorded region: rows under the map, not on it
    if unplaced:
        xs = [p[0] for p in positions.values()] or [0.0]
        left, right = min(xs), max(xs)
        per_row = max(1, min(len(unplaced), int((right - left) / spacing) + 1))
        step = (right - left) / (per_row - 1) if per_row > 1 else 0.0
        top = min((p[1] for p in positions.values()), default=0.0) - NODE_RADIUS * 2 - 0.45
        for i, node in enumerate(unplaced):
            row, col = divmod(i, per_row)
            in_row = min(per_row, len(unplaced) - row * per_row)
            shift = (per_row - in_row) * step / 2  # a short last row is centred
            positions[node["iri"]] = (left + shift + col * step, top - row * spacing * 0.95)
    return positions


def _label_point(a, b, rad, centres, placed, size) -> tuple[float, float]:
    """Where on the curve a relation's label goes: its middle, or the nearest point where the label's box
    (half-width and half-height ``size``) is clear of nodes and of labels already placed (the middle when
    no point is).

    The curve is matplotlib's arc3: a quadratic Bézier whose control point lies ``rad`` times the chord's
    length off its middle (the axes have equal aspect, so data coordinates bend the same way as the display).
    """
    (xa, ya), (xb, yb) = a, b
    hw, hh = size
    cx, cy = (xa + xb) / 2 + rad * (yb - ya), (ya + yb) / 2 - rad * (xb - xa)
    points = []
    for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.2, 0.8):
        x = (1 - t) ** 2 * xa + 2 * t * (1 - t) * cx + t ** 2 * xb
        y = (1 - t) ** 2 * ya + 2 * t * (1 - t) * cy + t ** 2 * yb
        points.append((x, y))
        clear_of_nodes = all(abs(x - px) > NODE_RADIUS + hw or abs(y - py) > NODE_RADIUS + hh for px, py in centres)
        clear_of_labels = all(abs(x - lx) > hw + lw or abs(y - ly) > hh + lh for lx, ly, lw, lh in placed)
        if clear_of_nodes and clear_of_labels:
            return x, y
    return points[0]


def _region_key(node: dict) -> str:
    return node["region"] if node["region"] in REGION_ANCHORS else ""


def draw_network(metrics, title: str) -> tuple[Figure, dict]:
    """The network figure and the element ids (SVG gids) the HTML view attaches its behaviour to."""
    nodes, edges = metrics.nodes, metrics.edges
    positions = network_layout(nodes)
    xs = [p[0] for p in positions.values()] or [-1.0, 1.0]
    ys = [p[1] for p in positions.values()] or [-0.6, 0.6]
    pad = NODE_RADIUS + 0.12
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad + 0.2  # room for region names
    width, top, bottom = 16.0, 0.7, 1.25  # inches: title above, legend below
    height = 0.98 * width * (y1 - y0) / (x1 - x0) + top + bottom
    fig = new_figure(width, height)
    with style():
        ax = fig.add_axes((0.01, bottom / height, 0.98, 1 - (top + bottom) / height))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        ax.axis("off")
        ax.set_title(title, fontsize=15, fontweight="bold", color=INK)
        ids = {"nodes": {}, "edges": []}
        if not nodes:
            ax.text(0.5, 0.5, "No organisations or collaborations are recorded.", transform=ax.transAxes, ha="center",
                    fontsize=12, color="#555555")

        # region names; edge labels keep clear of them
        placed: list[tuple[float, float, float, float]] = []
        unit = (x1 - x0) / (0.98 * width)  # data units per inch
        for region in sorted({_region_key(n) for n in nodes}):
            members = [positions[n["iri"]] for n in nodes if _region_key(n) == region]
            name_y = max(p[1] for p in members) + NODE_RADIUS + 0.07
            cx = sum(p[0] for p in members) / len(members)
            ax.text(cx, name_y, region_label(region or None).upper(), ha="center", va="bottom", fontsize=11,
                    color="#8a8a8a", fontweight="bold", zorder=3.5,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
            name_w, name_h = len(region_label(region or None)) * 11 * 0.7 / 72 * unit, 11 * 1.4 / 72 * unit
            placed.append((cx, name_y + name_h / 2, name_w / 2, name_h / 2))

        # links: one curve per pair, relation, stage and kind (counted "×n"), bent apart when a pair has several
        nodes_by_iri = {n["iri"]: n for n in nodes}
        groups: dict[tuple, list[int]] = {}
        for i, edge in enumerate(edges):
            key = (edge["source"], edge["target"], edge["relation"], edge["stage"], tuple(edge["kind_labels"]), edge["uncertain"])
            groups.setdefault(key, []).append(i)
        per_pair: dict[tuple[str, str], int] = {}
        pair_total: dict[tuple[str, str], int] = {}
        for key in groups:
            pair_total[key[:2]] = pair_total.get(key[:2], 0) + 1
        ids["edges"] = [""] * len(edges)
        char_w, line_h = EDGE_FONT * 0.56 / 72 * unit, EDGE_FONT * 1.25 / 72 * unit
        for g, (key, members) in enumerate(groups.items()):
            source, target, relation, stage, kind_labels, uncertain = key
            k = per_pair.get((source, target), 0)
            per_pair[(source, target)] = k + 1
            total = pair_total[(source, target)]
            (xa, ya), (xb, yb) = positions[source], positions[target]
            if (xa, ya) > (xb, yb):  # always drawn left to right, so that long links bow downwards, like arcs on a map
                (xa, ya), (xb, yb) = (xb, yb), (xa, ya)
            across = _region_key(nodes_by_iri[source]) != _region_key(nodes_by_iri[target])
            rad = 0.12 * (k - (total - 1) / 2) + (0.22 if across else 0.08)
            derivation = relation == "derivation"
            colour = DERIVATION_COLOUR if derivation else STAGE_COLOURS.get(stage, STAGE_COLOURS[""])
            gid = f"rel-{g}"
            patch = FancyArrowPatch(
                (xa, ya), (xb, yb), connectionstyle=f"arc3,rad={rad:.3f}", arrowstyle="-", color=colour,
                linewidth=1.4 + 0.4 * min(len(members), 4), linestyle=(0, (4, 2.5)) if derivation else "-", alpha=0.85,
                zorder=2, shrinkA=0, shrinkB=0,
            )
            patch.set_gid(gid)
            ax.add_patch(patch)
            text = ", ".join(_short_kind(k) for k in kind_labels) or relation
            text += (" (uncertain)" if uncertain else "") + (f" ×{len(members)}" if len(members) > 1 else "")
            lines = textwrap.wrap(text, 22)
            size = (max(len(line) for line in lines) * char_w / 2, len(lines) * line_h / 2)
            mx, my = _label_point((xa, ya), (xb, yb), rad, positions.values(), placed, size)
            placed.append((mx, my, *size))
            label = ax.text(mx, my, "\n".join(lines), ha="center", va="center", fontsize=EDGE_FONT,
                            color=colour, zorder=3,  # under the nodes: an organisation's name wins
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
            label.set_gid(f"{gid}-label")
            for i in members:
                ids["edges"][i] = gid

        for i, node in enumerate(nodes):
            x, y = positions[node["iri"]]
            fill = ORGANISATION_TYPES[node["palette"]][0]
            circle = Circle((x, y), NODE_RADIUS, facecolor=fill, edgecolor=INK if node["case"] else "#777777",
                            linewidth=1.6 if node["case"] else 1.1, linestyle="-" if node["case"] else (0, (3, 2)), zorder=4)
            gid = f"node-{i}"
            circle.set_gid(gid)
            ax.add_patch(circle)
            lines = textwrap.wrap(node["label"], 12, break_long_words=False)
            if len(lines) > 4:  # a long name: smaller type, wider lines, rather than cut it
                lines = textwrap.wrap(node["label"], 16, break_long_words=False)
            ax.text(x, y, "\n".join(lines), ha="center", va="center", fontsize=8.5 if len(lines) <= 4 else 6.5,
                    color=INK, fontweight="bold" if node["case"] else "normal", zorder=5).set_gid(f"{gid}-label")
            ids["nodes"][node["iri"]] = gid

        handles = [Patch(facecolor=ORGANISATION_TYPES[key][0], edgecolor=INK, label=ORGANISATION_TYPES[key][1])
                   for key in ORGANISATION_TYPES
                   if key not in (TYPE_NOT_RECORDED, OFF_MAP) or any(n["palette"] == key for n in nodes)]
        handles += [Line2D([], [], color=STAGE_COLOURS[s], linewidth=2.2, label=f"collaboration, {stage_label(s)}") for s in STAGES]
        if any(e["relation"] == "collaboration" and not e["stage"] for e in edges):
            handles.append(Line2D([], [], color=STAGE_COLOURS[""], linewidth=2.2, label="collaboration, no stage recorded"))
        handles.append(Line2D([], [], color=DERIVATION_COLOUR, linewidth=2.2, linestyle=(0, (4, 2.5)),
                              label="derivation between their artefacts"))
        handles.append(Patch(facecolor="white", edgecolor=INK, linewidth=1.6, label="case of the study (solid border)"))
        handles.append(Patch(facecolor="white", edgecolor="#777777", linestyle="--", label="not a case (dashed border)"))
        fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=9, frameon=True, bbox_to_anchor=(0.5, 0.005),
                   title="Colours: organisation type as in the talk's legend; lines: stage and kind of collaboration",
                   title_fontsize=9.5)
    return fig, ids


# --- lineage --------------------------------------------------------------------------------------

LINEAGE_MAX_MODELS = 160
"""Above this many models the figure shows the largest trees only (the CSV and JSON have them all)."""
CHANGE_COLOURS = {"same": "#555555", "changed": "#d62828", "unknown": "#aaaaaa"}


def lineage_layout(forest, members: list[str]) -> dict[str, tuple[float, float]]:
    """A tidy left-to-right tree: x is the depth, leaves get consecutive rows, parents sit beside their children."""
    depths = forest.depths()
    placed: dict[str, tuple[float, float]] = {}
    row = [0.0]

    def place(iri: str) -> float:
        if iri in placed:
            return placed[iri][1]
        kids = [k for k in forest.children(iri) if k in members and k not in placed and _first_parent(forest, k) == iri]
        if not kids:
            y = row[0]
            row[0] += 1
        else:
            ys = [place(k) for k in kids]
            y = (ys[0] + ys[-1]) / 2
        placed[iri] = (float(depths[iri]), y)
        return y

    for root in forest.roots_of(members):
        place(root)
    for iri in members:  # reachable only through a second parent: already placed above, but be safe
        place(iri)
    return placed


def _short_kind(label: str) -> str:
    """'fine-tuned from' → 'fine-tuned': the arrow already says from what."""
    return label[:-5] if label.endswith(" from") else label


def _first_parent(forest, iri: str) -> str | None:
    parents = forest.by_label(forest.graph.predecessors(iri))
    return parents[0] if parents else None


def draw_lineage(forest, title: str) -> tuple[Figure, dict]:
    """The lineage figure and the SVG ids of its elements."""
    trees, count = [], 0
    for members in forest.trees():
        if count and count + len(members) > LINEAGE_MAX_MODELS:
            break
        trees.append(members)
        count += len(members)
    # trees grouped by the family of their base model, largest family first: one heading per family
    family_of = {id(t): forest.graph.nodes[forest.roots_of(t)[0]]["family"] or forest.label(forest.roots_of(t)[0])
                 for t in trees}
    sizes: dict[str, int] = {}
    for t in trees:
        sizes[family_of[id(t)]] = sizes.get(family_of[id(t)], 0) + len(t)
    trees.sort(key=lambda t: (-sizes[family_of[id(t)]], family_of[id(t)].lower(), -len(t)))
    layouts, headings, offset, previous = [], [], 0.0, None
    for members in trees:
        family = family_of[id(members)]
        if family != previous:
            offset += 0.9 if previous is not None else 0.0
            headings.append((family, offset))
            previous = family
        layout = lineage_layout(forest, members)
        rows = max(y for _x, y in layout.values()) + 1
        layouts.append(({n: (x, offset + y) for n, (x, y) in layout.items()}, offset, rows))
        offset += rows + 0.35
    total_rows = max(offset - 0.35, 1.0)
    max_depth = max((x for layout, _o, _r in layouts for x, _y in layout.values()), default=0)
    col_w, box_w, box_h = 4.6, 3.0, 0.62
    width = max(10.0, max_depth * col_w + box_w + 1.0)
    height = max(3.5, total_rows * 0.42 + 2.2)
    fig = new_figure(width, height)
    ids = {"nodes": {}, "edges": []}
    with style():
        ax = fig.add_axes((0.01, 1.25 / height, 0.98, 1 - 1.85 / height))
        ax.set_xlim(-box_w / 2 - 0.15, max_depth * col_w + box_w / 2 + 0.15)
        ax.set_ylim(total_rows - 0.4, -0.8)
        ax.axis("off")
        skipped = len(forest.trees()) - len(trees)
        more = f" (the {len(trees)} largest of {len(trees) + skipped} trees)" if skipped else ""
        ax.set_title(title + more, fontsize=14, fontweight="bold", color=INK)
        edge_of = {(e.parent, e.child): e for e in forest.edges}
        if not layouts:
            ax.text(0.5, 0.5, "No derivations between models are recorded.", transform=ax.transAxes, ha="center",
                    fontsize=12, color="#555555")
        for name, top in headings:
            ax.text(-box_w / 2, top - 0.55, name, fontsize=10.5, fontweight="bold", color="#444444", va="center")
        for layout, top, _rows in layouts:
            for (parent, child), edge in edge_of.items():
                if parent not in layout or child not in layout:
                    continue
                (px, py), (cx, cy) = layout[parent], layout[child]
                start, end = (px * col_w + box_w / 2, py), (cx * col_w - box_w / 2, cy)
                gid = f"edge-{len(ids['edges'])}"
                arrow = FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, linewidth=1.4,
                                        color=CHANGE_COLOURS[edge.licence_change], zorder=2,
                                        linestyle=(0, (3, 2)) if edge.uncertain else "-",
                                        connectionstyle="arc3,rad=0.0", shrinkA=0, shrinkB=1)
                arrow.set_gid(gid)
                ax.add_patch(arrow)
                # labelled near the derived model, where arrows fanning out of one base no longer overlap
                text = ", ".join(_short_kind(k) for k in edge.kind_labels) + ("?" if edge.uncertain else "")
                ax.text(end[0] - 0.08, end[1] - 0.06, text, fontsize=6.5, ha="right", va="bottom", color=CHANGE_COLOURS[edge.licence_change], zorder=3,
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85))
                ids["edges"].append(gid)
            for iri, (x, y) in layout.items():
                data = forest.graph.nodes[iri]
                fill = LICENCE_CATEGORIES.get(data["category"], LICENCE_CATEGORIES[""])[0]
                gid = f"model-{len(ids['nodes'])}"
                box = FancyBboxPatch((x * col_w - box_w / 2, y - box_h / 2), box_w, box_h, boxstyle="round,pad=0.02",
                                     facecolor=fill, edgecolor=INK, linewidth=1.0, zorder=4)
                box.set_gid(gid)
                ax.add_patch(box)
                label = textwrap.shorten(data["label"], 44, placeholder="…")
                licence = textwrap.shorten(", ".join(data["licence_labels"]) or "licence not recorded", 50, placeholder="…")
                ax.text(x * col_w, y - 0.08, label, ha="center", va="center", fontsize=8 if len(label) <= 32 else 6.8,
                        fontweight="bold", color=INK, zorder=5)
                ax.text(x * col_w, y + 0.17, licence, ha="center", va="center", fontsize=6.3, color="#333333", zorder=5)
                ids["nodes"][iri] = gid
        used = sorted({forest.graph.nodes[n]["category"] for layout, _o, _r in layouts for n in layout},
                      key=lambda c: list(LICENCE_CATEGORIES).index(c) if c in LICENCE_CATEGORIES else 99)
        handles = [Patch(facecolor=LICENCE_CATEGORIES.get(c, LICENCE_CATEGORIES[""])[0], edgecolor=INK,
                         label=LICENCE_CATEGORIES.get(c, ("", "Several or other licence categories"))[1]) for c in used]
        handles += [
            Line2D([], [], color=CHANGE_COLOURS["same"], linewidth=2, label="same licence as its base"),
            Line2D([], [], color=CHANGE_COLOURS["changed"], linewidth=2, label="licence changed"),
            Line2D([], [], color=CHANGE_COLOURS["unknown"], linewidth=2, label="licence of one side not recorded"),
            Line2D([], [], color=INK, linewidth=1.5, linestyle=(0, (3, 2)), label="derivation stated as uncertain"),
        ]
        fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=8.5, frameon=True, bbox_to_anchor=(0.5, 0.01),
                   title="Box colour: licence category; arrows: base → derived model, labelled by kind of derivation",
                   title_fontsize=9)
    return fig, ids


# --- cathedral-to-bazaar index --------------------------------------------------------------------

def draw_stages(rows: list) -> Figure:
    """Four panels, one per component of the index, with the three stages side by side in lifecycle order."""
    fig = new_figure(13, 4.6)
    # each bar says what it is made of, so that a share of 100 % from two participations reads as such
    def links_possible(r) -> int:
        return r.participants * (r.participants - 1) // 2

    panels = [
        ("collaborations", "Collaborations recorded", lambda r: f"{r.collaborations}"),
        ("participants", "Distinct participants", lambda r: f"{r.participants}"),
        ("share_outside_lead", "Share of participations outside\nthe lead (outside/lead known)",
         lambda r: f"{r.share_outside_lead:.0%}\n({r.participations_outside_lead}/{r.participations_with_lead_known})"),
        ("density", "Density of co-participation\nnetwork (links/possible)",
         lambda r: f"{r.density:.2f}\n({r.co_participation_links}/{links_possible(r)})"),
    ]
    with style():
        fig.suptitle("Cathedral-to-bazaar index by lifecycle stage", fontsize=14, fontweight="bold", color=INK)
        labels = [r.stage_label.replace("-", "-\n", 1) for r in rows]
        colours = [STAGE_COLOURS.get(r.stage, STAGE_COLOURS[""]) for r in rows]
        for i, (field, title, describe) in enumerate(panels):
            ax = fig.add_subplot(1, 4, i + 1)
            values = [getattr(r, field) for r in rows]
            heights = [v if v is not None else 0 for v in values]
            bars = ax.bar(range(len(rows)), heights, color=colours, edgecolor=INK, linewidth=0.8)
            for bar, value, row in zip(bars, values, rows):
                text = "n/a" if value is None else describe(row)
                ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom",
                            xytext=(0, 3), textcoords="offset points", fontsize=9, color=INK)
            ax.set_xticks(range(len(rows)), labels, fontsize=9.5)
            ax.set_title(title, fontsize=11, color=INK)
            top = max([h for h in heights] + [1 if field in ("share_outside_lead", "density") else 0])
            ax.set_ylim(0, (top or 1) * 1.25)
            ax.spines[["top", "right"]].set_visible(False)
            ax.tick_params(axis="y", labelsize=8.5)
        fig.text(0.5, 0.015, "Towards the bazaar: more collaborations, more participants, a larger share outside the lead, "
                 "lower density. See docs/cathedral-bazaar-index.md.", ha="center", fontsize=9, color="#444444")
        fig.subplots_adjust(left=0.05, right=0.99, top=0.80, bottom=0.16, wspace=0.35)
    return fig

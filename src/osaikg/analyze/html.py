"""Interactive HTML views that work offline: one self-contained file each (inline SVG, CSS, JS and data; no CDN).

The SVG is the same matplotlib figure as the SVG file; its elements carry ids (``set_gid``) that the
inline script uses to show details on hover and to filter relations. The data rides along as JSON in a
``<script type="application/json">`` block, escaped so that no value can close the element.
"""
from __future__ import annotations

import html
import json

STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.2em;color:#222;background:#fff}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:1.5em}
#figure svg{width:100%;height:auto;max-width:1800px;border:1px solid #ddd}
#tip{position:fixed;pointer-events:none;background:#fffff5;border:1px solid #999;padding:.4em .6em;font-size:.85em;
     max-width:28em;display:none;box-shadow:2px 2px 6px rgba(0,0,0,.2);z-index:10}
table{border-collapse:collapse;font-size:.85em} td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
th{background:#f2f2f2} .controls label{margin-right:1em} .dim{opacity:.12} .hl path{stroke-width:3.5px}
.num{text-align:right}
"""

TOOLTIP_JS = """
const data = JSON.parse(document.getElementById('data').textContent);
const tip = document.getElementById('tip');
function esc(s){return String(s).replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));}
function show(ev, lines){tip.innerHTML = lines.map(esc).join('<br>'); tip.style.display='block'; move(ev);}
function move(ev){tip.style.left=(ev.clientX+14)+'px'; tip.style.top=(ev.clientY+14)+'px';}
function hide(){tip.style.display='none';}
function hook(id, lines, enter, leave){
  for (const suffix of ['', '-label']) {
    const el = document.getElementById(id + suffix); if (!el) continue;
    el.style.cursor = 'pointer';
    el.addEventListener('mouseenter', ev => {show(ev, lines); if (enter) enter();});
    el.addEventListener('mousemove', move);
    el.addEventListener('mouseleave', () => {hide(); if (leave) leave();});
  }
}
"""

NETWORK_JS = """
const relsOf = {}, byGid = {};
data.edges.forEach(e => { for (const end of [e.source, e.target]) (relsOf[end] = relsOf[end] || []).push(e.gid);
                          (byGid[e.gid] = byGid[e.gid] || []).push(e); });
const allRels = Object.keys(byGid);
function dimExcept(keep){ allRels.forEach(g => { for (const s of ['', '-label']) {
  const el = document.getElementById(g + s); if (el) el.classList.toggle('dim', !keep.has(g)); } }); }
data.nodes.forEach(n => hook(n.gid, [n.label, (n.case ? 'case of the study' : n.mentioned ? 'mentioned by the study' : "not on the talk's map") + ' · ' + (n.organisation_type_label || 'type not recorded'),
  'region: ' + n.region_label + (n.countries.length ? ' (' + n.countries.join(', ') + ')' : ''),
  'degree ' + n.degree + ' · relations ' + n.relations + ' · betweenness ' + n.betweenness + ' · community ' + n.community,
  n.regions_bridged.length ? 'bridges to: ' + n.regions_bridged.join(', ') : 'bridges no region', n.iri],
  () => dimExcept(new Set(relsOf[n.iri] || [])), () => dimExcept(new Set(allRels))));
Object.entries(byGid).forEach(([gid, es]) => hook(gid, [es[0].source_label + ' — ' + es[0].target_label,
  es[0].relation + ', ' + es[0].stage_label + ': ' + (es[0].kind_labels.join(', ') || 'kind not recorded') + (es[0].uncertain ? ' (uncertain)' : '')]
  .concat(es.map(e => '· ' + e.via_label))));
document.querySelectorAll('input[data-filter]').forEach(box => box.addEventListener('change', () => {
  const on = new Set([...document.querySelectorAll('input[data-filter]:checked')].map(b => b.dataset.filter));
  data.edges.forEach(e => { const key = e.relation === 'derivation' ? 'derivation' : e.stage_label;
    for (const s of ['', '-label']) { const el = document.getElementById(e.gid + s); if (el) el.style.display = on.has(key) ? '' : 'none'; } });
}));
"""

LINEAGE_JS = """
data.models.forEach(m => { if (!m.gid) return; hook(m.gid, [m.label, 'licence: ' + (m.licences.join(', ') || 'not recorded'),
  'depth ' + m.depth + ' · fan-out ' + m.fan_out + ' · descendants ' + m.descendants,
  m.bases.length ? 'derived from: ' + m.bases.join(', ') : 'a base model', m.iri]); });
data.edges.forEach(e => { if (!e.gid) return; hook(e.gid, [e.parent_label + ' → ' + e.child_label,
  (e.kind_labels.join(', ')) + (e.uncertain ? ' (uncertain claim)' : ''),
  'licence: ' + e.licence_change + (e.category_change ? ' (' + e.category_change + ')' : ''),
  (e.parent_licences.join(', ') || '?') + ' → ' + (e.child_licences.join(', ') || '?')]); });
const search = document.getElementById('search');
search.addEventListener('input', () => { const q = search.value.trim().toLowerCase();
  data.models.forEach(m => { if (!m.gid) return; const el = document.getElementById(m.gid);
    if (el) el.classList.toggle('dim', q !== '' && !m.label.toLowerCase().includes(q)); }); });
"""


def _inline_svg(svg: bytes) -> str:
    text = svg.decode("utf-8")
    return text[text.index("<svg"):]


def _json_block(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def table(columns: list[tuple[str, str]], rows: list[dict]) -> str:
    """An HTML table of ``rows`` (dicts), ``columns`` as (key, heading); lists are joined, numbers right-aligned."""
    head = "".join(f"<th>{html.escape(h)}</th>" for _k, h in columns)
    body = []
    for row in rows:
        cells = []
        for key, _h in columns:
            value = row.get(key)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            shown = "" if value is None else str(value)
            cells.append(f"<td{' class=num' if numeric else ''}>{html.escape(shown)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def page(title: str, intro: str, svg: bytes, data, script: str, controls: str = "", sections: str = "") -> bytes:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><p>{intro}</p>",
        f'<div class="controls">{controls}</div>' if controls else "",
        f'<div id="figure">{_inline_svg(svg)}</div><div id="tip"></div>',
        sections,
        f'<script type="application/json" id="data">{_json_block(data)}</script>',
        f"<script>{TOOLTIP_JS}{script}</script>" if script else "",
        "</body></html>\n",
    ]
    return "".join(parts).encode("utf-8")


def network_controls(stage_labels: list[str], has_derivations: bool) -> str:
    boxes = [f'<label><input type="checkbox" checked data-filter="{html.escape(s)}"> {html.escape(s)}</label>'
             for s in stage_labels]
    if has_derivations:
        boxes.append('<label><input type="checkbox" checked data-filter="derivation"> derivations</label>')
    return "Show relations: " + "".join(boxes) + " · hover an organisation to see its links and numbers"


def lineage_controls() -> str:
    return '<label>Find a model: <input id="search" type="search" placeholder="label"></label> · hover a model or arrow for details'

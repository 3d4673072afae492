"""Importers of the public AI-ecosystem datasets, one module per source.

    from osaikg.importers import run_import
    result = run_import("osai-index", Path("../shared/data/osai-index"), out=Path("osai-index.nq"))
    print(result.counts.summary())

Each source lands in its own named graph, ``GRAPH["import/<source>"]``, described with PROV-O and
DCAT (see :func:`common.provenance`). Output is sorted, de-duplicated N-Quads (or TriG made from
them), written atomically.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from . import data_provenance, epoch, hf, mot, osai_index
from ..publish import atomic_output
from .common import ImportResult, Record, SourceInfo, read_snapshot, require_path, sorted_quads

IMPORTERS = {
    "osai-index": osai_index,
    "mot": mot,
    "epoch": epoch,
    "hf": hf,
    "data-provenance": data_provenance,
}
"""Source key → importer module."""

DATA_FOLDERS = {
    "osai-index": "osai-index",
    "mot": "model_openness_tool",
    "epoch": "epoch-ai-models",
    "hf": "os-ai-map",
    "data-provenance": "data-provenance-collection",
}
"""Source key → its folder in the shared data copy (``../shared/data``)."""

FORMATS = ("nq", "trig")


def source_info(key: str, path: Path) -> SourceInfo:
    """The source's description, with commit and date read from the data README when there is one."""
    module = importer(key)
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    return read_snapshot(module.SOURCE, folder)


def importer(key: str):
    try:
        return IMPORTERS[key]
    except KeyError:
        raise InputError(key, f"unknown source (known: {', '.join(IMPORTERS)})") from None


def quads(key: str, path: Path, result: ImportResult | None = None) -> Iterator[str]:
    """Sorted N-Quads lines of one source; counts and bad records accumulate in ``result``."""
    path = require_path(path, f"{key} data")
    result = result or ImportResult(source_info(key, path))
    return sorted_quads(importer(key), path, result)


def run_import(key: str, path: Path, out: Path | None = None, fmt: str = "nq", output=None) -> ImportResult:
    """Import one source from ``path``; write ``out`` (or the binary stream ``output``) unless both are None."""
    path = require_path(path, f"{key} data")
    result = ImportResult(source_info(key, path))
    return _write(importer(key), path, result, out, fmt, output)


def run_live_import(repo_ids: Iterable[str] = (), author: str | None = None, out: Path | None = None,
                    fmt: str = "nq", output=None, api=None) -> ImportResult:
    """Import models from the live Hugging Face Hub (the only importer that uses the network)."""
    records = list(hf.live_records(repo_ids, author, api))

    class Live:  # the hf importer, reading the records fetched above
        SOURCE = hf.LIVE_SOURCE
        triples = staticmethod(hf.triples)

        @staticmethod
        def records(_path) -> list[Record]:
            return records

    return _write(Live, Path("https://huggingface.co"), ImportResult(hf.LIVE_SOURCE), out, fmt, output)


def _write(module, path: Path, result: ImportResult, out: Path | None, fmt: str, output) -> ImportResult:
    if fmt not in FORMATS:
        raise InputError(fmt, f"unknown output format (known: {', '.join(FORMATS)})")
    lines = sorted_quads(module, path, result)
    if out is not None:
        with atomic_output(out) as handle:
            _emit(lines, fmt, handle)
        result.out = Path(out)
    elif output is not None:
        _emit(lines, fmt, output)
    else:
        for _ in lines:
            pass  # count only
    return result


def _emit(lines: Iterator[str], fmt: str, handle) -> None:
    if fmt == "nq":
        for line in lines:
            handle.write(line.encode("utf-8"))
        return
    import pyoxigraph as ox

    from ..namespaces import PREFIXES

    # TriG from the sorted quads, in their order: deterministic, and still streaming.
    parsed = ox.parse(LineStream(lines), format=ox.RdfFormat.N_QUADS)
    ox.serialize(parsed, handle, format=ox.RdfFormat.TRIG,
                 prefixes={prefix: str(namespace) for prefix, namespace in PREFIXES.items()})


class LineStream:
    """A read()-able byte stream over text lines (what pyoxigraph.parse takes)."""

    def __init__(self, lines: Iterator[str]):
        self.lines = lines
        self.pending = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.pending) < size:
            line = next(self.lines, None)
            if line is None:
                break
            self.pending += line.encode("utf-8")
        if size < 0:
            data, self.pending = self.pending, b""
        else:
            data, self.pending = self.pending[:size], self.pending[size:]
        return data


def attribution() -> str:
    """The ATTRIBUTION section of a published dump: one credit per imported source, as its licence asks."""
    lines = ["## Attribution", "",
             "This release includes data imported from these sources, each in its own named graph:", ""]
    for key, module in IMPORTERS.items():
        source = module.SOURCE
        version = f", commit {source.commit} ({source.date})" if source.commit else ""
        lines.append(f"- **{source.title}** (graph `https://w3id.org/osaikg/graph/import/{key}`): {source.repository}"
                     f"{version}. Licence: {source.licence_name} ({source.licence}). Credit: {source.attribution}")
    return "\n".join(lines) + "\n"


def credits() -> list[dict]:
    """The same credits as data (for void.ttl or a web page): key, title, licence, attribution, version."""
    return [{"key": key, "graph": f"https://w3id.org/osaikg/graph/import/{key}", "title": m.SOURCE.title,
             "repository": m.SOURCE.repository, "commit": m.SOURCE.commit, "date": m.SOURCE.date,
             "licence": m.SOURCE.licence, "licence_name": m.SOURCE.licence_name, "attribution": m.SOURCE.attribution}
            for key, m in IMPORTERS.items()]


__all__ = ["IMPORTERS", "DATA_FOLDERS", "ImportResult", "run_import", "run_live_import", "quads", "attribution",
           "credits", "source_info"]

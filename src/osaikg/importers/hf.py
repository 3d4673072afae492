"""Hugging Face Hub model metadata → models, their namespaces, licences, training datasets and
typed derivations from ``base_model:`` tags.

Inputs: a CSV in the format of os-ai-map's ``warehouse/catalog/huggingface/*_models.csv`` /
``model_repos.csv`` (columns ``model_id``, ``author``, ``tags`` and/or ``base_model_id``), a folder
holding such files, a JSON-lines export (one Hub API model object per line: ``id`` or ``modelId``,
``author``, ``tags``), or the live Hub through ``huggingface_hub`` (:func:`live_records`).

A ``base_model:<relation>:<repo>`` tag gives the relation kind: finetune → ``osai:fineTunedFrom``,
adapter → ``osai:adapterOf``, quantized → ``osai:quantizedFrom``, merge → ``osai:mergedFrom``; a bare
``base_model:<repo>`` tag (or the ``base_model_id`` column) says only ``osai:derivedFrom``, and is
dropped when a typed tag names the same repo. Hub namespaces are typed ``osai:Actor``: a namespace can
be a user or an organisation and the metadata does not say which.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import quote

from ..errors import InputError
from .common import O, BadRecord, Description, Record, SourceInfo, described, entity, text

SOURCE = SourceInfo(
    key="hf",
    title="Hugging Face Hub model metadata (os-ai-map catalog snapshot)",
    repository="https://github.com/currentai-org/os-ai-map",
    commit="57cbce241931b8948ba0d035019226cc0db49faa",
    date="2026-06-11",
    licence="https://spdx.org/licenses/MIT",
    licence_name="MIT",
    attribution=("Hugging Face Hub metadata as collected by Current AI / OSO \"AI Stack Map\" (os-ai-map), "
                 "https://github.com/currentai-org/os-ai-map, Copyright (c) 2026 Current AI and os-ai-map "
                 "contributors, MIT License; model metadata from https://huggingface.co."),
    homepage="https://huggingface.co/models",
    file_url="https://github.com/currentai-org/os-ai-map/blob/{commit}/{path}",
)
LIVE_SOURCE = replace(
    SOURCE, title="Hugging Face Hub model metadata (live API)", repository="https://huggingface.co", commit=None,
    date=None, licence="https://huggingface.co/terms-of-service", licence_name="Hugging Face terms of service",
    attribution="Model metadata from the Hugging Face Hub, https://huggingface.co (self-declared by each repository).",
    file_url=None,
)

MODEL_FILES = ("model_repos.csv", "top_models.csv", "tracked_models.csv")
CATALOG = Path("warehouse/catalog/huggingface")
_MAPPED_TAGS = ("base_model:", "dataset:", "license:")
RELATIONS = {"finetune": "fineTunedFrom", "adapter": "adapterOf", "quantized": "quantizedFrom", "merge": "mergedFrom"}
_REPO_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)?$")


def repo_parts(repo_id: str) -> list[str]:
    repo_id = text(repo_id)
    if not _REPO_ID.match(repo_id) or ".." in repo_id:
        raise BadRecord(f"not a Hugging Face repo id: {repo_id!r}")
    return repo_id.lower().split("/")


@lru_cache(maxsize=65536)  # base models recur across many records
def model_iri(repo_id: str):
    """model:hf/<owner>/<name>, lowercased: repo ids are case-insensitive on the Hub. The parts need no
    percent-encoding: repo_parts admits only letters, digits, '.', '_' and '-'."""
    return entity("model", "hf", *repo_parts(repo_id))


def actor_iri(owner: str):
    return entity("organisation", "hf", repo_parts(owner)[0])


# Base models, namespaces, datasets and licences recur across many records: their descriptions are
# cached, and written once per import while they stay cached (common.Description).
@lru_cache(maxsize=65536)
def _model(repo_id: str) -> Description:
    """A Hub model: its repo id as label, its namespace as developer, its page as source."""
    node = model_iri(repo_id)
    out = described(node, O["Model"], text(repo_id), f"https://huggingface.co/{text(repo_id)}")
    if "/" in text(repo_id):
        out.append((node, O["developedBy"], actor_iri(text(repo_id).split("/")[0])))
    return Description(out)


@lru_cache(maxsize=65536)
def _actor(owner: str) -> Description:
    """A Hub namespace (a user or an organisation: the metadata does not say which)."""
    return Description(described(actor_iri(owner), O["Actor"], owner, f"https://huggingface.co/{owner}"))


def _model_and_actor(repo_id: str) -> list[Description]:
    model = _model(repo_id)  # first: it checks the repo id
    owner, slash, _name = text(repo_id).partition("/")
    return [model, _actor(owner)] if slash else [model]


@lru_cache(maxsize=65536)
def _dataset(repo_id: str) -> tuple:
    node = entity("dataset", "hf", *repo_parts(repo_id))
    return node, Description(described(node, O["Dataset"], repo_id, f"https://huggingface.co/datasets/{repo_id}"))


@lru_cache(maxsize=4096)
def _licence(tag: str) -> tuple:
    node = entity("license", "hf", quote(tag.lower(), safe=""))
    return node, Description(described(node, O["License"], tag, "https://huggingface.co/docs/hub/repositories-licenses"))


# --- reading records ------------------------------------------------------------------------------

def input_files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    for folder in (path / CATALOG, path):
        found = [folder / name for name in MODEL_FILES if (folder / name).is_file()]
        if found:
            return found
    raise InputError(path, f"no Hugging Face model files here ({', '.join(MODEL_FILES)}, or give a CSV/JSONL file)")


def records(path: Path) -> Iterator[Record]:
    for file in input_files(path):
        if file.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            yield from _jsonl_records(file)
        else:
            yield from _csv_records(file)


def _csv_records(file: Path) -> Iterator[Record]:
    with open(file, encoding="utf-8", errors="surrogateescape", newline="") as handle:
        reader = csv.DictReader(handle)
        if "model_id" not in (reader.fieldnames or []):
            raise InputError(file, "not a Hugging Face model CSV: no 'model_id' column", line=1)
        for row in reader:
            if None in row:
                yield Record(file, f"line {reader.line_num}", {"error": "more fields than the header has"})
                continue
            tags = [t.strip() for t in (row.get("tags") or "").split(",") if t.strip()]
            yield Record(file, f"line {reader.line_num}", {
                "id": row.get("model_id"), "author": row.get("author"), "tags": tags,
                "base_model_id": row.get("base_model_id"),
            })


def _jsonl_records(file: Path) -> Iterator[Record]:
    with open(file, encoding="utf-8", errors="surrogateescape") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                yield Record(file, f"line {number}", {"error": f"not JSON: {err.msg}"})
                continue
            if not isinstance(data, dict):
                yield Record(file, f"line {number}", {"error": "not a JSON object"})
                continue
            yield Record(file, f"line {number}", {
                "id": data.get("id") or data.get("modelId"), "author": data.get("author"),
                "tags": data.get("tags") or [], "base_model_id": None,
            })


def live_records(repo_ids: Iterable[str] = (), author: str | None = None, api=None) -> Iterator[Record]:
    """Records from the live Hub (``huggingface_hub.HfApi``): a namespace's models and/or given repos."""
    if api is None:
        from huggingface_hub import HfApi

        api = HfApi()
    origin = Path("https://huggingface.co/api/models")
    if author:
        for index, info in enumerate(api.list_models(author=author, expand=["author", "tags"]), 1):
            yield Record(origin, f"author {author}, model {index}", _info(info))
    for repo_id in repo_ids:
        yield Record(origin, f"repo {repo_id}", _info(api.model_info(repo_id, expand=["author", "tags"])))


def _info(info) -> dict:
    return {"id": info.id, "author": info.author, "tags": list(info.tags or []), "base_model_id": None}


# --- mapping --------------------------------------------------------------------------------------

def triples(record: Record, source: SourceInfo) -> list:
    data = record.data
    if data.get("error"):
        raise BadRecord(data["error"])
    repo_id = text(data.get("id"))
    if not repo_id:
        raise BadRecord("no model id")
    model = model_iri(repo_id)
    out = _model_and_actor(repo_id)
    typed_bases: set[str] = set()
    generic_bases: list[str] = []
    for tag in data.get("tags") or []:
        if not isinstance(tag, str) or not tag.startswith(_MAPPED_TAGS):
            continue  # most tags (library, language, region…) are not mapped
        kind, _, value = tag.strip().partition(":")
        if kind == "base_model" and value:
            relation, _, base = value.partition(":")
            if base and relation in RELATIONS:
                out += _model_and_actor(base)
                out.append((model, O[RELATIONS[relation]], model_iri(base)))
                typed_bases.add(base.lower())
            elif not base:
                generic_bases.append(value)
            # base_model:<other relation>:<repo> — unknown relation kinds are left out
        elif kind == "dataset" and value:
            dataset, described_dataset = _dataset(value)
            out.append(described_dataset)
            out.append((model, O["trainedOn"], dataset))
        elif kind == "license" and value:
            licence, described_licence = _licence(value)
            out.append(described_licence)
            out.append((model, O["license"], licence))
    if text(data.get("base_model_id")):
        generic_bases.append(text(data["base_model_id"]))
    for base in generic_bases:
        if base.lower() not in typed_bases and base.lower() != repo_id.lower():
            out += _model_and_actor(base)
            out.append((model, O["derivedFrom"], model_iri(base)))
    return out

"""Data Provenance Collection (Data Provenance Initiative): fine-tuning datasets → the dataset, its
creators (``osai:developedBy``), its licences, the models that generated it and the Hugging Face
datasets it was derived from (both ``osai:derivedFrom``, ⊑ prov:wasDerivedFrom: the dataset is made
from their output).

A licence labelled "Unspecified" is the absence of a licence, so it makes no licence edge.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from .common import (
    O, SOURCE_OF, BadRecord, Record, SourceInfo, described, entity, files_under, slug, text, urls,
)
from .hf import repo_parts

SOURCE = SourceInfo(
    key="data-provenance",
    title="Data Provenance Collection (Data Provenance Initiative)",
    repository="https://github.com/Data-Provenance-Initiative/Data-Provenance-Collection",
    commit="ce6662deccf011574427b6f112df479d261960b8",
    date="2025-03-25",
    licence="https://spdx.org/licenses/Apache-2.0",
    licence_name="Apache-2.0",
    attribution=("Data Provenance Collection, Data Provenance Initiative, "
                 "https://github.com/Data-Provenance-Initiative/Data-Provenance-Collection "
                 "(explorer: https://www.dataprovenance.org); Longpre et al., The Data Provenance Initiative. "
                 "Licensed under the Apache License 2.0."),
    homepage="https://www.dataprovenance.org/",
    file_url="https://github.com/Data-Provenance-Initiative/Data-Provenance-Collection/blob/{commit}/{path}",
)
DERIVED = O["derivedFrom"]  # ⊑ prov:wasDerivedFrom
_HF_DATASET = "huggingface.co/datasets/"


def records(path: Path) -> Iterator[Record]:
    folder = Path(path)
    for file in files_under(folder if folder.is_file() else folder / "data_summaries", "*.json"):
        if file.name.startswith("_") and not folder.is_file():
            continue  # _template.json documents the schema with placeholder values: not a collection
        try:
            collection = json.loads(file.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            yield Record(file, "whole file", {"error": f"not valid JSON: {err}"})
            continue
        if not isinstance(collection, dict):
            yield Record(file, "whole file", {"error": "not a JSON object of datasets"})
            continue
        for key, data in collection.items():
            yield Record(file, f"entry {key!r}", data)


def triples(record: Record, source: SourceInfo) -> list:
    data = record.data
    if not isinstance(data, dict):
        raise BadRecord("the entry is not a JSON object")
    if data.get("error"):
        raise BadRecord(data["error"])
    identifier = text(data.get("Unique Dataset Identifier"))
    if not identifier:
        raise BadRecord("no 'Unique Dataset Identifier'")
    name = text(data.get("Dataset Name")) or identifier
    file_url = source.url_of(f"data_summaries/{record.file.name}")
    dataset = entity("dataset", "dpc", slug(identifier))
    out = described(dataset, O["Dataset"], name, file_url)
    out += [(dataset, SOURCE_OF, link) for link in urls([data.get("Hugging Face URL"), data.get("Dataset URL")])]
    for creator in _names(data.get("Creators")):
        organisation = entity("organisation", "dpc", slug(creator))
        out += described(organisation, O["Organisation"], creator, file_url)
        out.append((dataset, O["developedBy"], organisation))
    for item in data.get("Licenses") or []:
        label = text(item.get("License")) if isinstance(item, dict) else ""
        if label and label.lower() != "unspecified":
            licence = entity("license", "dpc", slug(label))
            out += described(licence, O["License"], label, file_url)
            out.append((dataset, O["license"], licence))
    for generator in _names(data.get("Model Generated")):
        model = entity("model", "dpc", slug(generator))
        out += described(model, O["Model"], generator, file_url)
        out.append((dataset, DERIVED, model))
    for origin in _names(data.get("Derived from Datasets")):
        _, found, hf_id = origin.partition(_HF_DATASET)
        if found and hf_id.strip("/"):
            hf_id = hf_id.strip("/")
            try:
                parent = entity("dataset", "hf", *(quote(part) for part in repo_parts(hf_id)))
            except BadRecord:
                continue  # not a repo id (e.g. a URL with a sub-path): not a link we can make
            out += described(parent, O["Dataset"], hf_id, f"https://huggingface.co/datasets/{hf_id}")
            out.append((dataset, DERIVED, parent))
    return out


def _names(value) -> list[str]:
    if isinstance(value, str):
        value = [value]
    return [text(item) for item in value or [] if text(item)]

"""Epoch AI "Data on AI Models" (all_ai_models.csv): one row per model → the model (release date,
parameter count), its organisations, its training datasets and its base model.

A base model becomes an ``osai:derivedFrom`` edge only when it names another row of the file
(a first pass collects the names); other base-model strings are left out rather than turned into
models known by a name only.
Epoch does not say which kind of derivation it is, so the generic property is used.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..namespaces import XSD
from .common import (
    O, SOURCE_OF, BadRecord, Record, SourceInfo, described, entity, files_under, slug, split_list, text, typed, urls,
)

SOURCE = SourceInfo(
    key="epoch",
    title="Epoch AI, Data on AI Models",
    repository="https://github.com/simsharmaa/INFSCI1520",  # the mirror the copy comes from (data README)
    commit="295b483d98268fbf03775fbad08204d3611931b6",
    date="2025-04-23",
    licence="https://creativecommons.org/licenses/by/4.0/",
    licence_name="CC BY 4.0",
    attribution=("Epoch AI, 'Data on AI Models'. Published online at epoch.ai. Retrieved from "
                 "https://epoch.ai/data/ai-models. Epoch AI's data is free to use, distribute, and reproduce "
                 "provided the source and authors are credited under the Creative Commons Attribution license."),
    homepage="https://epoch.ai/data/ai-models",
    file_url="https://github.com/simsharmaa/INFSCI1520/blob/{commit}/{path}",
)
MODELS_FILE = "all_ai_models.csv"
REQUIRED = ("Model", "Organization", "Publication date", "Parameters", "Training dataset", "Base model", "Link")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _file(path: Path) -> Path:
    return files_under(path, MODELS_FILE)[0]


def records(path: Path) -> Iterator[Record]:
    file = _file(path)
    with open(file, encoding="utf-8", errors="surrogateescape", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            raise InputError(file, f"not an Epoch AI models CSV: missing columns {', '.join(missing)}", line=1)
        for row in reader:
            yield Record(file, f"line {reader.line_num}", row)


def prepare(path: Path, source: SourceInfo) -> dict:
    """First pass: the model names of the file, so base models can be resolved to rows."""
    names = set()
    for record in records(path):
        try:
            if text(record.data.get("Model")):
                names.add(slug(text(record.data["Model"])))
        except BadRecord:
            continue  # reported, with its line, when the record itself is imported
    return {"source": source, "models": names}


def model_iri(name: str):
    return entity("model", "epoch", slug(name))


def triples(record: Record, context: dict) -> list:
    source: SourceInfo = context["source"]
    row = record.data
    if None in row:
        raise BadRecord("more fields than the header has")
    name = text(row.get("Model"))
    if not name:
        raise BadRecord("the 'Model' field is empty")
    links = urls(split_list(row.get("Link")))
    model = model_iri(name)
    out = described(model, O["Model"], name, source.homepage)
    out += [(model, SOURCE_OF, link) for link in links]
    for organisation_name in split_list(row.get("Organization")):
        organisation = entity("organisation", "epoch", slug(organisation_name))
        out += described(organisation, O["Organisation"], organisation_name, source.homepage)
        out.append((model, O["developedBy"], organisation))
    date = text(row.get("Publication date"))
    if date:
        if not _DATE.match(date):
            raise BadRecord(f"'Publication date' is not YYYY-MM-DD: {date!r}")
        out.append((model, O["releaseDate"], typed(date, XSD.date)))
    parameters = text(row.get("Parameters"))
    if parameters:
        try:
            out.append((model, O["parameterCount"], typed(int(float(parameters)), XSD.integer)))
        except ValueError:
            raise BadRecord(f"'Parameters' is not a number: {parameters!r}") from None
    for dataset_name in split_list(row.get("Training dataset")):
        if dataset_name.lower().startswith("unspecified"):
            continue  # "Unspecified unreleased" is a placeholder, not a dataset
        dataset = entity("dataset", "epoch", slug(dataset_name))
        out += described(dataset, O["Dataset"], dataset_name, source.homepage)
        out.append((model, O["trainedOn"], dataset))
    base = text(row.get("Base model"))
    if base and slug(base) in context["models"] and slug(base) != slug(name):
        out.append((model, O["derivedFrom"], model_iri(base)))
    return out

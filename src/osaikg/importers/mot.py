"""LF AI & Data Model Openness Tool: one YAML file per model → a model, its producer, its
distribution licence and one ``osai:OpennessAssessment`` per Model Openness Framework component the
release lists (status "included"; the component's licence, when given, is the evidence).

The MOF class (I/II/III) is not computed: it depends on the Tool's licence evaluation, which the
data alone reproduces only approximately (data README), and an approximate class would be a guess.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import yaml

from ..namespaces import ID
from .common import (
    A, LABEL, LOADER, O, SOURCE_OF, BadRecord, Record, SourceInfo, described, en, entity, files_under, iri, slug, text, urls,
)

SOURCE = SourceInfo(
    key="mot",
    title="Model Openness Tool (LF AI & Data)",
    repository="https://github.com/lfai/model_openness_tool",
    commit="8b5d30e90a7c62d7d6ece48b91e69ff495920a4d",
    date="2026-05-11",
    licence="https://spdx.org/licenses/MIT",
    licence_name="MIT",
    attribution=("Model Openness Tool, LF AI & Data, https://mot.isitopen.ai, "
                 "https://github.com/lfai/model_openness_tool. Copyright 2024 The Model Openness Tool Authors. "
                 "MIT License: the above copyright notice and this permission notice shall be included in all "
                 "copies or substantial portions of the Software."),
    homepage="https://mot.isitopen.ai/",
    file_url="https://github.com/lfai/model_openness_tool/blob/{commit}/{path}",
)

# The 17 components of the Model Openness Framework (mof_components.yml), with their MOF class.
COMPONENTS = {
    "Datasets": 1, "Data preprocessing code": 1, "Model architecture": 3, "Model parameters (Final)": 3,
    "Model metadata": 1, "Model parameters (Intermediate)": 1, "Training code": 2, "Inference code": 2,
    "Evaluation code": 2, "Evaluation data": 2, "Evaluation results": 3, "Supporting libraries and tools": 2,
    "Model card": 3, "Data card": 3, "Technical report": 3, "Research paper": 1, "Sample model outputs": 3,
}
ASSESSOR = iri(f"{ID}project/model-openness-tool")
INCLUDED = iri(f"{ID}status/mof/included")


def component(name: str):
    return iri(f"{ID}component/mof/{slug(name)}")


def vocabulary(source: SourceInfo) -> list:
    triples = described(ASSESSOR, O["Project"], "Model Openness Tool", source.homepage)
    for name in COMPONENTS:
        triples += [(component(name), A, O["OpennessComponent"]), (component(name), LABEL, en(f"{name} (Model Openness Framework)")),
                    (component(name), SOURCE_OF, iri(source.url_of("web/modules/mof/config/install/mof.settings.yml")))]
    triples += [(INCLUDED, A, O["OpennessStatus"]), (INCLUDED, LABEL, en("included in the release (Model Openness Tool)")),
                (INCLUDED, SOURCE_OF, iri(source.url_of("schema/mof_schema.json")))]
    return triples


def records(path: Path) -> Iterator[Record]:
    folder = Path(path)
    for file in files_under(folder if folder.is_file() else folder / "models", "*.yml"):
        yield Record(file, f"file {file.name}", None)


def triples(record: Record, source: SourceInfo) -> list:
    try:
        data = yaml.load(record.file.read_text(encoding="utf-8"), Loader=LOADER)
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise BadRecord(f"not valid YAML: {str(err).splitlines()[0]}") from None
    release = data.get("release") if isinstance(data, dict) else None
    if not isinstance(release, dict):
        raise BadRecord("no 'release' section")
    name = text(release.get("name"))
    if not name:
        raise BadRecord("release.name is missing")
    file_url = source.url_of(f"models/{record.file.name}")
    model = entity("model", "mot", slug(record.file.stem))
    out = described(model, O["Model"], name, file_url)
    out += [(model, SOURCE_OF, link) for link in urls([release.get("huggingface"), release.get("repository")])]
    producer = text(release.get("producer"))
    if producer:
        organisation = entity("organisation", "mot", slug(producer))
        out += described(organisation, O["Organisation"], producer, file_url)
        out.append((model, O["developedBy"], organisation))
    licences = release.get("license") or {}
    distribution = licences.get("distribution") if isinstance(licences, dict) else None
    licence_name = text(distribution.get("name")) if isinstance(distribution, dict) else ""
    if licence_name:
        licence = entity("license", "mot", slug(licence_name))
        out += described(licence, O["License"], licence_name, file_url)
        out.append((model, O["license"], licence))
    for item in release.get("components") or []:
        if not isinstance(item, dict) or text(item.get("name")) not in COMPONENTS:
            raise BadRecord(f"unknown component {item.get('name') if isinstance(item, dict) else item!r}")
        component_name = text(item["name"])
        assessment = entity("assessment", "mot", slug(record.file.stem), slug(component_name))
        out += described(assessment, O["OpennessAssessment"], f"{name}: {component_name} (Model Openness Tool)",
                         file_url)
        out += [(assessment, O["assessedArtefact"], model), (assessment, O["assessedBy"], ASSESSOR),
                (assessment, O["component"], component(component_name)), (assessment, O["opennessStatus"], INCLUDED)]
        if text(item.get("license")):
            out.append((assessment, O["evidence"], en(f"licence: {text(item['license'])}")))
        out += [(assessment, SOURCE_OF, link) for link in urls([item.get("component_path"), item.get("license_path")])]
    return out

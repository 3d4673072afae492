"""European Open Source AI Index (osai-index.eu): one YAML file per model → a model, its
organisation, its end-model licence and one ``osai:OpennessAssessment`` per judged dimension
(component, open/partial/closed, the notes as evidence, the evidence links as sources)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import yaml

from ..namespaces import ID
from .common import (
    A, LABEL, LOADER, O, SOURCE_OF, BadRecord, Record, SourceInfo, described, en, entity, files_under, iri, slug, text, urls,
)

SOURCE = SourceInfo(
    key="osai-index",
    title="European Open Source AI Index",
    repository="https://github.com/Language-Technology-Assessment/main-database",
    commit="5a388e871b88735e7ab7e6fb230b76c9d460d99a",
    date="2026-06-12",
    licence="https://creativecommons.org/licenses/by/4.0/",
    licence_name="CC BY 4.0",
    attribution=("European Open Source AI Index, https://osai-index.eu/, doi:10.5281/zenodo.15386042; "
                 "Liesenfeld, A. and Dingemanse, M., 2024. Rethinking open source generative AI: open-washing "
                 "and the EU AI Act. In Proceedings of the 2024 ACM Conference on Fairness, Accountability, "
                 "and Transparency (pp. 1774-1787). Licensed under CC BY 4.0."),
    homepage="https://osai-index.eu/",
    file_url="https://github.com/Language-Technology-Assessment/main-database/blob/{commit}/{path}",
)

# The 12 dimensions of _parameters.yml (ref → name): the components the Index judges.
DIMENSIONS = {
    "datasources_basemodel": "Base Model Data",
    "datasources_endmodel": "End User Model Data",
    "weights_basemodel": "Base Model Weights",
    "weights_endmodel": "End User Model Weights",
    "trainingcode": "Training Code",
    "code": "Code Documentation",
    "hardware_architecture": "Hardware Architecture",
    "preprint": "Preprint",
    "paper": "Paper",
    "modelcard": "Modelcard",
    "datasheet": "Datasheet",
    "licenses": "Licenses",
}
STATUSES = ("open", "partial", "closed")
ASSESSOR = iri(f"{ID}project/european-open-source-ai-index")


def component(ref: str):
    return iri(f"{ID}component/osai-index/{slug(ref)}")


def status(value: str):
    return iri(f"{ID}status/osai-index/{value}")


def vocabulary(source: SourceInfo) -> list:
    """The Index itself (the assessor), its dimensions and its three judgement values, as concepts."""
    triples = described(ASSESSOR, O["Project"], "European Open Source AI Index", source.homepage)
    for ref, name in DIMENSIONS.items():
        triples += [(component(ref), A, O["OpennessComponent"]), (component(ref), LABEL, en(f"{name} (EU Open Source AI Index)")),
                    (component(ref), SOURCE_OF, iri(source.url_of("_parameters.yml")))]
    for value in STATUSES:
        triples += [(status(value), A, O["OpennessStatus"]), (status(value), LABEL, en(value)),
                    (status(value), SOURCE_OF, iri(source.url_of("_parameters-descriptions.yml")))]
    return triples


def records(path: Path) -> Iterator[Record]:
    for file in files_under(path if Path(path).is_file() else Path(path) / "models", "*.yaml"):
        yield Record(file, f"file {file.name}", None)


def triples(record: Record, source: SourceInfo) -> Iterator[tuple]:
    try:
        data = yaml.load(record.file.read_text(encoding="utf-8"), Loader=LOADER)
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise BadRecord(f"not valid YAML: {str(err).splitlines()[0]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("system"), dict):
        raise BadRecord("no 'system' section")
    system, org = data["system"], data.get("org") or {}
    name = text(system.get("name"))
    if not name:
        raise BadRecord("system.name is missing")
    file_url = source.url_of(f"models/{record.file.name}")
    model = entity("model", "osai-index", slug(record.file.stem))
    out = described(model, O["Model"], name, file_url)
    out += [(model, SOURCE_OF, link) for link in urls(system.get("link"))]
    org_name = text(org.get("name"))
    if org_name:
        organisation = entity("organisation", "osai-index", slug(org_name))
        out += described(organisation, O["Organisation"], org_name, file_url)
        out += [(organisation, SOURCE_OF, link) for link in urls(org.get("link"))]
        out.append((model, O["developedBy"], organisation))
    licence_name = text(system.get("endmodellicense"))
    if licence_name:
        licence = entity("license", "osai-index", slug(licence_name))
        out += described(licence, O["License"], licence_name, file_url)
        out.append((model, O["license"], licence))
    for ref in DIMENSIONS:
        judgement = data.get(ref)
        if not isinstance(judgement, dict) or text(judgement.get("class")) not in STATUSES:
            continue  # a dimension left blank is not a judgement
        assessment = entity("assessment", "osai-index", slug(record.file.stem), slug(ref))
        out += described(assessment, O["OpennessAssessment"], f"{name}: {DIMENSIONS[ref]} (EU Open Source AI Index)",
                         file_url)
        out += [(assessment, O["assessedArtefact"], model), (assessment, O["assessedBy"], ASSESSOR),
                (assessment, O["component"], component(ref)),
                (assessment, O["opennessStatus"], status(text(judgement["class"])))]
        if text(judgement.get("notes")):
            out.append((assessment, O["evidence"], en(text(judgement["notes"]))))
        out += [(assessment, SOURCE_OF, link) for link in urls(judgement.get("link"))]
    return out

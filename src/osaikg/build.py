"""The pipeline: load → check → validate → publish, refusing to publish an invalid graph.

Outputs are first written to a staging folder beside ``out`` and moved into place only when
every stage has passed, so a failed build leaves the previous ``dist/`` as it was.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .analyze import publish_figures
from .errors import InvalidDataError
from .importers.load import publish_imports
from .kg import KnowledgeGraph
from .ontology_release import publish_ontology
from .publish import DATASET_DUMP, publish_dumps, publish_linked_data, seal_release


@dataclass
class BuildResult:
    out: Path
    files: list[Path] = field(default_factory=list)


def build(out: Path, log: Callable[[str], None] = print, reason: bool = True, data: Path | None = None,
          validate_imports: bool = False) -> BuildResult:
    """``data``: the folder of public datasets to import (default: see osaikg.importers.load.data_dir)."""
    from .importers.load import data_dir

    out = Path(out)
    log("load: ontology, shapes, instances")
    data = data_dir(data)
    if data is None:
        log("import: no public data folder (--data DIR, OSAIKG_DATA or ../shared/data): the curated graph only")
    kg = KnowledgeGraph.load()

    if reason:
        log("check: OWL 2 DL consistency (HermiT)")
        consistency = kg.check()
        if not consistency.ok:
            detail = consistency.message or "unsatisfiable classes: " + ", ".join(consistency.unsatisfiable)
            raise InvalidDataError(f"the ontology is not consistent: {detail}")

    log("validate: SHACL")
    report = kg.validate()
    if not report.conforms:
        raise InvalidDataError("the instances do not conform to the shapes; nothing published\n" + report.to_text())
    counts = report.counts()
    if counts["Warning"] or counts["Info"]:
        log(f"validate: {counts['Warning']} warnings, {counts['Info']} info")

    log(f"publish: {out}/")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{out.name}-", dir=out.parent))
    staging.chmod(0o755)
    try:
        files = publish_all(kg, staging)
        # The public datasets join the graph after the curated release (and its figures) is written:
        # dist/imports/ holds one graph per source, the reconciliation links and the credits.
        files += publish_imports(kg, staging, data=data, log=log, validate=validate_imports)
        files += publish_dumps(kg, staging, (DATASET_DUMP,))  # every named graph, imports included
        files += seal_release(kg, staging)  # void.ttl and SHA256SUMS describe all of the above: last
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result = BuildResult(out=out, files=[out / f.relative_to(staging) for f in files])
    for path in result.files:
        log(f"  {path}")
    return result


def publish_all(kg: KnowledgeGraph, out: Path) -> list[Path]:
    """Every artefact of a release, written under ``out``."""
    return [
        *publish_linked_data(kg, out),
        *publish_ontology(kg, out),
        *publish_figures(kg, out),
    ]

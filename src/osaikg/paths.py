"""Where the project's sources live.

The sources (ontology, shapes, instances, queries) are files in the repository, not package data:
curators edit them in place. ``OSAIKG_HOME`` points elsewhere (e.g. a fork with more instances).
"""
import os
from pathlib import Path


def project_root() -> Path:
    env = os.environ.get("OSAIKG_HOME")
    if env:
        return Path(env).resolve()
    # src/osaikg/paths.py -> repository root (the package is installed editable).
    return Path(__file__).resolve().parents[2]


def ontology_dir() -> Path:
    return project_root() / "ontology"


def shapes_dir() -> Path:
    return project_root() / "shapes"


def instances_dir() -> Path:
    return project_root() / "instances"


def queries_dir() -> Path:
    return project_root() / "queries"


def turtle_files(directory: Path) -> list[Path]:
    """The Turtle files of a source directory, in a stable order (recursively)."""
    return sorted(p for p in directory.rglob("*.ttl") if p.is_file())

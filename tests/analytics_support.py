"""Helpers for the analytics tests: knowledge graphs of small fixtures, and the CLI run over them."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "data" / "analytics"


def fixture_kg(*names: str):
    from osaikg import KnowledgeGraph

    return KnowledgeGraph.load([FIXTURES / name for name in names])


def fixture_home(tmp_path: Path, *names: str) -> Path:
    """A project home (OSAIKG_HOME) with the real ontology, shapes and queries and only the given fixtures as instances."""
    home = tmp_path / "home"
    (home / "instances").mkdir(parents=True)
    for part in ("ontology", "shapes", "queries"):
        (home / part).symlink_to(ROOT / part)
    for name in names:
        (home / "instances" / name).symlink_to(FIXTURES / name)
    return home


def run_osaikg(*args: str, home: Path | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if home is not None:
        env["OSAIKG_HOME"] = str(home)
    exe = Path(sys.executable).parent / "osaikg"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)

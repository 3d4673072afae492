import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
NETGUARD = Path(__file__).parent / "netguard"

# No test reaches beyond loopback: the guard runs here and, through PYTHONPATH, in every
# Python subprocess (the osaikg commands the tests run).
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")]))
sys.path.insert(0, str(NETGUARD))
import sitecustomize as _netguard  # noqa: E402,F401  (installs the audit hook in this process)


@pytest.fixture(scope="session")
def kg():
    from osaikg import KnowledgeGraph

    return KnowledgeGraph.load()


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the installed ``osaikg`` command as a user would."""
    exe = Path(sys.executable).parent / "osaikg"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, env=dict(os.environ), timeout=300)


@pytest.fixture
def cli():
    return run_cli

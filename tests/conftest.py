import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Tests see the curated graph only unless they import data themselves (tests/test_import*.py use
# fixtures): an empty OSAIKG_DATA keeps `osaikg build` from importing ../shared/data.
os.environ["OSAIKG_DATA"] = ""
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


@pytest.fixture(scope="session")
def release(tmp_path_factory):
    """A release built once (``osaikg build`` without the HermiT step) for the publishing tests."""
    from osaikg.build import build

    out = tmp_path_factory.mktemp("release") / "dist"
    build(out, log=lambda _m: None, reason=False)
    return out


def start_server(release: Path, *options: str):
    """Start ``osaikg serve`` on a free loopback port; returns (process, base URL)."""
    from osaikg.serve import free_port, wait_for_port

    port = free_port()
    exe = Path(sys.executable).parent / "osaikg"
    process = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--dist", str(release), *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    wait_for_port(port, timeout=60, process=process)
    return process, f"http://127.0.0.1:{port}"


def stop_server(process) -> None:
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="session")
def endpoint(release):
    """The base URL of ``osaikg serve`` running over ``release``."""
    process, url = start_server(release)
    yield url
    stop_server(process)

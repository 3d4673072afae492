"""Writes are atomic and outputs deterministic: a killed writer leaves the previous file intact,
and the same inputs give byte-identical dumps whatever the hash seed or the input file order."""
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


from conftest import ROOT
from osaikg.publish import serialize, write_atomic
from osaikg.store import memory_graph

WRITER = """
import sys
from rdflib import Literal, URIRef
from osaikg.publish import serialize, write_atomic
from osaikg.store import memory_graph
g = memory_graph()
for i in range(200_000):
    g.add((URIRef(f"https://w3id.org/osaikg/id/model/m{i}"), URIRef("https://w3id.org/osaikg/ontology#p"), Literal(i)))
data = serialize(g, "nt")
print("ready", flush=True)
while True:
    write_atomic(sys.argv[1], data)
"""


def test_kill_9_during_a_dump_leaves_the_previous_version_intact(tmp_path):
    target = tmp_path / "osaikg.nt"
    g = memory_graph()
    from rdflib import Literal, URIRef

    g.add((URIRef("https://w3id.org/osaikg/id/model/previous"), URIRef("https://w3id.org/osaikg/ontology#p"), Literal("v1")))
    previous = serialize(g, "nt")
    write_atomic(target, previous)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        # Kill it while it writes: wait until a temporary file exists, i.e. mid-write.
        deadline = time.time() + 60
        while time.time() < deadline and not list(tmp_path.glob(".tmp-*")):
            time.sleep(0.001)
        assert list(tmp_path.glob(".tmp-*")), "the writer never started a write"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    content = target.read_bytes()
    # Either the old complete file or a new complete one: never a truncated dump.
    assert content == previous or (content.endswith(b" .\n") and content.count(b"\n") == 200_000)


def _build_hashes(out: Path, env: dict) -> dict[str, str]:
    exe = Path(sys.executable).parent / "osaikg"
    result = subprocess.run([str(exe), "build", "--no-reason", "--out", str(out)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*")) if p.is_file() and p.suffix != ".png"}


def test_dumps_are_identical_across_hash_seeds(tmp_path):
    first = _build_hashes(tmp_path / "a", dict(os.environ, PYTHONHASHSEED="1"))
    second = _build_hashes(tmp_path / "b", dict(os.environ, PYTHONHASHSEED="987654"))
    assert first == second


def test_instance_file_order_does_not_change_the_dump():
    from osaikg.kg import KnowledgeGraph
    from osaikg import paths

    files = paths.turtle_files(paths.instances_dir())
    forward = KnowledgeGraph.load(files)
    backward = KnowledgeGraph.load(list(reversed(files)))
    merged = []
    for kg in (forward, backward):
        g = memory_graph()
        g += kg.ontology
        g += kg.instances
        merged.append(serialize(g, "ttl"))
    assert merged[0] == merged[1]

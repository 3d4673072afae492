"""OWL 2 DL profile check with the OWL API, the library Protégé is built on.

The OWL API comes from the Debian package ``libowlapi-java`` (scripts/system-deps.sh); the small
Java program ``java/ProfileCheck.java`` runs through Java's single-file source launcher, so there is
nothing to build. The jars carry no ``Class-Path`` manifest, so the class path is the package's jars
plus those of the packages it depends on, as dpkg lists them.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import OsaikgError

PROGRAM = Path(__file__).parent / "java" / "ProfileCheck.java"
PACKAGE = "libowlapi-java"
# More than one SLF4J binding on the class path makes SLF4J complain; keep the silent one.
_OTHER_SLF4J_BINDINGS = ("slf4j-log4j12", "slf4j-jcl", "slf4j-jdk14", "slf4j-simple", "maven3-slf4j-provider")


@dataclass
class ProfileReport:
    status: int  # 0 in OWL 2 DL, 1 violations, 2 could not load
    problems: list[str] = field(default_factory=list)  # "file<TAB>Kind: detail"
    log: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 0 and not self.problems


def _dpkg(*args: str) -> str:
    result = subprocess.run(["dpkg-query", *args], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else ""


@lru_cache(maxsize=1)
def owlapi_classpath() -> tuple[str, ...]:
    """The jars of libowlapi-java and of the packages it depends on; empty when it is not installed."""
    if shutil.which("dpkg-query") is None or not _dpkg("-W", "-f=${Status}", PACKAGE).endswith("installed"):
        return ()
    depends = _dpkg("-W", "-f=${Depends}", PACKAGE)
    packages = [PACKAGE] + [alt.split("|")[0].split("(")[0].split(":")[0].strip() for alt in depends.split(",")]
    jars = {
        line
        for line in _dpkg("-L", *packages).splitlines()
        if line.startswith("/usr/share/java/") and line.endswith(".jar") and line.count("/") == 4
        and not line.rsplit("/", 1)[1].startswith(_OTHER_SLF4J_BINDINGS)
    }
    return tuple(sorted(jars))


def owlapi_available() -> bool:
    return shutil.which("java") is not None and bool(owlapi_classpath())


def check_profile(ontologies: list[tuple[Path, Path | None]]) -> ProfileReport:
    """Load each (ontology file, catalog) with the OWL API and report OWL 2 DL profile violations."""
    if not owlapi_available():
        raise OsaikgError(f"the OWL API profile check needs Java and the Debian package {PACKAGE} (scripts/system-deps.sh)")
    args: list[str] = []
    for ontology, catalog in ontologies:
        args += [str(ontology), str(catalog) if catalog else "-"]
    result = subprocess.run(
        ["java", "-cp", ":".join(owlapi_classpath()), str(PROGRAM), *args],
        capture_output=True, text=True, timeout=600,
    )
    if result.returncode not in (0, 1, 2) or (result.returncode == 2 and not result.stdout):
        raise OsaikgError(f"the OWL API profile check failed: {result.stderr.strip().splitlines()[-1:] or result.returncode}")
    return ProfileReport(status=result.returncode, problems=result.stdout.splitlines(), log=result.stderr)

#!/usr/bin/env bash
# System packages the project needs, installed through apt-get only when missing:
#   a Java JDK (HermiT, through owlready2; the OWL API profile check);
#   chromium (headless: the tests look at the resource pages and the query page as a person would).
set -euo pipefail

missing=()
# A JDK, not a JRE: the OWL API profile check runs through the single-file source launcher (jdk.compiler).
command -v javac >/dev/null 2>&1 || missing+=(default-jdk-headless)
# The OWL API (Protégé's parser and OWL 2 DL profile checker), for tests/test_ontology_profile.py.
[ -f /usr/share/java/owlapi-distribution.jar ] || missing+=(libowlapi-java)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "system-deps: please install: ${missing[*]} (apt-get install ${missing[*]})" >&2
        exit 1
    fi
    echo "system-deps: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

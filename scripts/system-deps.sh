#!/usr/bin/env bash
# System packages the project needs, installed through apt-get only when missing:
#   java (HermiT, through owlready2; the OWL API profile check);
#   chromium (headless: the tests look at the resource pages and the query page as a person would).
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
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

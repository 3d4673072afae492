"""Fuzzing every parser entry: whatever the bytes, only the project's InputError may escape.

A short run is part of `make test`; a longer one is `make fuzz` (HYPOTHESIS_PROFILE=long).
Inputs that once crashed a parser live in tests/fuzz/regressions/ and are replayed every run.
"""
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from osaikg.errors import InputError
from osaikg.parse import FORMATS, parse_bytes

settings.register_profile("default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REGRESSIONS = sorted((Path(__file__).parent / "fuzz" / "regressions").iterdir())
SEEDS = {
    "turtle": b'@prefix ex: <http://ex/> .\nex:a ex:p "x"@en, 1, true, (1 2) ; ex:q [ ex:r ex:b ] .\n',
    "nt": b'<http://ex/a> <http://ex/p> "x\\n"@en .\n<http://ex/a> <http://ex/q> _:b .\n',
    "xml": b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns:ex="http://ex/"><rdf:Description rdf:about="http://ex/a"><ex:p xml:lang="en">x</ex:p></rdf:Description></rdf:RDF>',
    "json-ld": b'{"@context": {"p": "http://ex/p"}, "@id": "http://ex/a", "p": [{"@value": "x"}, {"@id": "http://ex/b"}]}',
    "trig": b"@prefix ex: <http://ex/> .\nex:g { ex:a ex:p ex:b . }\n",
    "nquads": b"<http://ex/a> <http://ex/p> <http://ex/b> <http://ex/g> .\n",
}


def _parse_or_input_error(data: bytes, fmt: str) -> None:
    try:
        parse_bytes(data, f"fuzz.{fmt}", fmt)
    except InputError:
        pass


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_regression_inputs_give_input_errors(path):
    with pytest.raises(InputError):
        parse_bytes(path.read_bytes(), path, FORMATS[path.suffix])


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@given(data=st.binary(max_size=300))
def test_random_bytes(fmt, data):
    _parse_or_input_error(data, fmt)


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@given(cut=st.integers(min_value=0, max_value=400), insert=st.binary(max_size=12), where=st.integers(min_value=0, max_value=400))
def test_mutated_documents(fmt, cut, insert, where):
    seed = SEEDS[fmt]
    mutated = seed[:where] + insert + seed[where:]
    _parse_or_input_error(mutated[: cut or None], fmt)


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_random_text(fmt, text):
    _parse_or_input_error(text.encode("utf-8"), fmt)

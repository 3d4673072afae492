"""Fuzzing every importer: a mutated source file gives skipped, counted bad records or the project's
own error, never a crash (issue 11). Each run mutates one real fixture file cut from shared/data."""
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from osaikg.errors import OsaikgError
from osaikg.importers import IMPORTERS, quads
from osaikg.importers.common import ImportResult

FIXTURES = Path(__file__).parent / "fixtures" / "import"
RECORD_FILES = {"osai-index": "*.yaml", "mot": "*.yml", "epoch": "*.csv", "hf": "*.csv", "data-provenance": "*.json"}
EXAMPLES = int(os.environ.get("OSAIKG_FUZZ_IMPORT_EXAMPLES", "10"))


def _records(source: str) -> list[Path]:
    return sorted((FIXTURES / source).rglob(RECORD_FILES[source]))


def test_every_importer_is_fuzzed():
    assert set(RECORD_FILES) == set(IMPORTERS)
    assert all(_records(source) for source in RECORD_FILES)


@pytest.mark.parametrize("source", sorted(RECORD_FILES))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_source_files(source, data, tmp_path_factory):
    work = tmp_path_factory.mktemp(source) / source
    shutil.copytree(FIXTURES / source, work)
    files = _records(source)
    target = work / data.draw(st.sampled_from(files)).relative_to(FIXTURES / source)
    content = target.read_bytes()
    where = data.draw(st.integers(0, len(content)))
    cut = data.draw(st.integers(where, len(content)))
    insert = data.draw(st.one_of(st.binary(max_size=40), st.sampled_from([b"\x00", b"\"", b"\n", b"{", b"- [", b",,,,", b"\xff\xfe"])))
    target.write_bytes(content[:where] + insert + content[cut:])
    result = None
    try:
        from osaikg.importers import source_info

        result = ImportResult(source_info(source, work))
        lines = list(quads(source, work, result))
    except OsaikgError:
        return
    assert all(line.rstrip("\n").endswith(" .") for line in lines)


def test_regression_epoch_bytes_that_are_not_utf8(tmp_path):
    # Found by the fuzzer: a byte that is not UTF-8 ended the whole import with UnicodeDecodeError;
    # now it is one skipped, reported record.
    insert = b"\x80"
    from osaikg.importers import source_info

    clean = ImportResult(source_info("epoch", FIXTURES / "epoch"))
    list(quads("epoch", FIXTURES / "epoch", clean))
    work = tmp_path / "epoch"
    shutil.copytree(FIXTURES / "epoch", work)
    csv_file = work / "all_ai_models.csv"
    lines = csv_file.read_bytes().split(b"\n")
    lines[1] = insert + lines[1]
    csv_file.write_bytes(b"\n".join(lines))
    result = ImportResult(source_info("epoch", work))
    assert list(quads("epoch", work, result))
    assert result.counts.skipped == clean.counts.skipped + 1
    assert any("not UTF-8" in bad.message for bad in result.bad)
    assert result.counts.records == clean.counts.records

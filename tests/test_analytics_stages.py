"""The cathedral-to-bazaar index on the fixture network (tests/data/analytics/network.ttl), worked out by hand."""
import pytest

from analytics_support import fixture_kg
from osaikg.analyze import stages


@pytest.fixture(scope="module")
def rows():
    return {r.stage_label: r for r in stages.stage_index(fixture_kg("network.ttl"))}


def test_the_three_stages_in_lifecycle_order(rows):
    assert list(rows) == ["pre-training", "post-training", "post-release"]


# (collaborations, participants, participations, outside the lead, with a known lead, co-participation links)
EXPECTED = {
    # c1: A, B, C; it concerns Model A, developed by A: B and C are outside the lead; a complete triangle.
    "pre-training": ((1, 3, 3, 2, 3, 3), 2 / 3, 1.0),
    # c2: C, D; it concerns Model C, developed by C.
    "post-training": ((1, 2, 2, 1, 2, 1), 1 / 2, 1.0),
    # c3: D, F (lead F); c4: F alone (lead F); c5: E, F, concerning nothing, so its lead is unknown and its two
    # participations are left out of the share. Participants {D, E, F}; links D–F and E–F of 3 possible.
    "post-release": ((3, 3, 5, 1, 3, 2), 1 / 3, 2 / 3),
}


@pytest.mark.parametrize("stage", list(EXPECTED))
def test_index_by_hand(rows, stage):
    counts, share, density = EXPECTED[stage]
    r = rows[stage]
    assert (r.collaborations, r.participants, r.participations, r.participations_outside_lead,
            r.participations_with_lead_known, r.co_participation_links) == counts
    assert r.share_outside_lead == pytest.approx(share, abs=1e-6)
    assert r.density == pytest.approx(density, abs=1e-6)


def test_kinds_per_stage(rows):
    assert rows["post-release"].kinds == {"benchmarking": 1, "community feedback": 1, "derivative development": 1}


def test_a_stage_without_collaborations_has_no_share_and_no_density():
    [pre, post, release] = stages.index_from({})
    assert (pre.collaborations, pre.participants, pre.share_outside_lead, pre.density) == (0, 0, None, None)

"""The named queries on the curated graph (instances/), expected rows from
/work/shared/research/seed-paper-notes.md ("notes:N" = its line N). The curated data grows, so these
tests check that the sourced rows are there rather than that nothing else is."""
from osaikg.namespaces import ID, OSAI


def test_bigcode_spun_out_of_bigscience(kg):
    # notes:179 (talk s.25): "The BigCode project came out of BigScience ..."
    rows = kg.query("follow-up-chain", project="BigCode")
    assert (ID["project/bigscience"], -1) in [(r.origin, int(r.depth)) for r in rows]
    rows = kg.query("follow-up-chain", project="BigScience")
    assert (ID["project/bigcode"], 1) in [(r.followUp, int(r.depth)) for r in rows]


def test_jean_zay_operators_and_users(kg):
    # notes:347 (GENCI and IDRIS, the bodies behind Jean Zay), notes:352 (BLOOM trained on Jean Zay)
    rows = kg.query("compute", compute="Jean Zay")
    assert {str(r.operators) for r in rows} == {"GENCI; IDRIS"}
    assert ID["model/bloom"] in {r.user for r in rows}


def test_datasets_per_stage(kg):
    # notes:357: BLOOM trained on the ROOTS corpus (pre-training)
    rows = kg.query("datasets-by-stage", stage="osai:PreTraining")
    roots = [r for r in rows if r.dataset == ID["dataset/roots"]]
    assert roots and "BLOOM" in str(roots[0].modelLabels).split("; ")
    # notes:361: StarCoder(Base) trained on The Stack
    stack = [r for r in kg.query("datasets-by-stage") if r.dataset == ID["dataset/the-stack"]]
    assert stack and any(label.startswith("StarCoder") for r in stack for label in str(r.modelLabels).split("; "))


def test_models_by_license(kg):
    # notes:115: BLOOM under the BigScience RAIL License v1.0; notes:362: StarCoder under BigCode OpenRAIL-M v1
    rows = kg.query("models-by-license", license="license:bigscience-bloom-rail-1.0")
    assert ID["model/bloom"] in {r.model for r in rows}
    rows = kg.query("models-by-license", license="license:bigcode-openrail-m-1.0")
    assert ID["model/starcoder"] in {r.model for r in rows}


def test_facts_about_bloom_carry_their_sources(kg):
    # notes:115 (licence, source the bloom-7b1 card / MOT BLOOM.yml), notes:357 (ROOTS)
    rows = kg.query("facts-about", resource="model:bloom")
    facts = {(r.property, r.value): r for r in rows if str(r.direction) == "out"}
    licence = facts[(OSAI.license, ID["license/bigscience-bloom-rail-1.0"])]
    assert "https://huggingface.co/blog/bloom" in str(licence.sources).split()
    assert (OSAI.pretrainedOn, ID["dataset/roots"]) in facts


def test_every_query_runs_on_the_curated_graph(kg):
    from osaikg.query import named_queries

    for name, query in named_queries().items():
        rows = kg.query(name, **{p.name: p.example for p in query.params if not p.optional})
        assert rows.columns, name

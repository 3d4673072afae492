"""Where in the lifecycle do organisations collaborate, and who works with whom?

    python examples/collaboration_by_stage.py

Counts the recorded collaborations per lifecycle stage and kind, then lists the pairs of
organisations and projects that share a collaboration.
"""
from collections import Counter

from osaikg import KnowledgeGraph
from osaikg.output import compact


def main() -> None:
    kg = KnowledgeGraph.load()
    per_stage = Counter((compact(r.stage), compact(r.kind)) for r in kg.query("collaborations"))
    if not per_stage:
        print("No collaborations recorded.")
    for (stage, kind), n in sorted(per_stage.items()):
        print(f"{stage:18} {kind:32} {n}")
    print()
    for pair in kg.query("collaborating-pairs"):
        print(f"{pair.actorLabel} — {pair.partnerLabel}: {pair.collaborations} ({pair.kinds})")


if __name__ == "__main__":
    main()

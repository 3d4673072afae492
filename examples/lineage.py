"""What descends from a model or a model family, how, and under which licences?

    python examples/lineage.py family:llama
    python examples/lineage.py "BLOOM family"

Prints the derivation tree (depth = derivation steps from the root), then, for each descendant,
the licence steps along its lineage where the licence changes.
"""
import sys

from osaikg import KnowledgeGraph
from osaikg.output import compact


def main(root: str = "family:bloom") -> None:
    kg = KnowledgeGraph.load()
    rows = kg.query("descendants", root=root)
    print(f"Descendants of {root}: {len({r.descendant for r in rows})}")
    for row in rows:
        kind = compact(row.kind).removeprefix("osai:")
        print(f"{'  ' * int(row.depth)}{row.label}  ({kind} {row.parentLabel})")
    for descendant in dict.fromkeys(r.descendant for r in rows):
        for step in kg.query("license-drift", model=descendant):
            if step.changed is not None and step.changed.toPython():
                print(f"licence changes: {step.parentLabel} ({step.parentLicense}) -> {step.childLabel} ({step.childLicense})")


if __name__ == "__main__":
    main(*sys.argv[1:])

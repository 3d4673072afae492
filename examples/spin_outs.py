"""Which projects grew out of a project, and what did that one grow out of?

    python examples/spin_outs.py                # BigScience
    python examples/spin_outs.py BigCode
"""
import sys

from osaikg import KnowledgeGraph


def main(project: str = "BigScience") -> None:
    kg = KnowledgeGraph.load()
    rows = kg.query("follow-up-chain", project=project)
    if not rows:
        print(f"No spin-outs recorded for {project}.")
    for row in rows:
        depth = int(row.depth)
        if depth < 0:
            print(f"{project} came out of {row.originLabel} ({-depth} generation{'s' if depth < -1 else ''} back)")
        else:
            print(f"{row.followUpLabel} came out of {row.originLabel} (generation {depth} after {project})")


if __name__ == "__main__":
    main(*sys.argv[1:])

"""The study's fixed vocabulary for the pictures: the talk's colour legend, stages, regions, licence categories.

The organisation-type colours were read off the legend of the talk's map (``shared/seed/slide11_map.png``)
by sampling the pixels inside each legend circle; the wording is the legend's own.
"""
from __future__ import annotations

from ..namespaces import OSAI

OTHER_MENTIONED = "other"
"""Key of the talk's grey legend entry: an organisation mentioned in an interview but not a case."""
TYPE_NOT_RECORDED = "unrecorded"
OFF_MAP = "off-map"
"""An actor the collaborations or derivations bring in that is neither a case nor on the talk's map."""

ORGANISATION_TYPES: dict[str, tuple[str, str]] = {
    # key: (fill colour from the slide, legend text from the slide)
    str(OSAI.NonProfitOrGrassroots): ("#e0dafe", "Non-profit / grassroots organisation"),
    str(OSAI.PublicResearchOrPublicBody): ("#c9dcfd", "Public research institute or public body"),
    str(OSAI.SmallOrMediumEnterprise): ("#adf1c8", "Small and medium enterprise"),
    str(OSAI.LargeEnterprise): ("#fff7b6", "Large enterprise"),
    OTHER_MENTIONED: ("#e7e7e7", "Other organisation mentioned in interview"),
    TYPE_NOT_RECORDED: ("#ffffff", "Case with no organisation type recorded"),
    OFF_MAP: ("#f8f8f8", "Other actor in the graph (not on the talk's map)"),
}

STAGES: dict[str, str] = {
    str(OSAI.PreTraining): "pre-training",
    str(OSAI.PostTraining): "post-training",
    str(OSAI.PostRelease): "post-release",
}
STAGE_COLOURS: dict[str, str] = {
    str(OSAI.PreTraining): "#1b6ca8",
    str(OSAI.PostTraining): "#d1495b",
    str(OSAI.PostRelease): "#2a9d8f",
    "": "#6c757d",  # no stage recorded
}
DERIVATION_COLOUR = "#7b4f9e"

REGIONS: dict[str, str] = {
    str(OSAI.NorthAmerica): "North America",
    str(OSAI.SouthAmerica): "South America",
    str(OSAI.Europe): "Europe",
    str(OSAI.Africa): "Africa",
    str(OSAI.Asia): "Asia",
    str(OSAI.Oceania): "Oceania",
}
# Where each region's organisations are drawn: a rough world-map arrangement, like the talk's map.
REGION_ANCHORS: dict[str, tuple[float, float]] = {
    str(OSAI.NorthAmerica): (-1.25, 0.55),
    str(OSAI.SouthAmerica): (-0.8, -0.85),
    str(OSAI.Europe): (0.05, 0.65),
    str(OSAI.Africa): (0.1, -0.55),
    str(OSAI.Asia): (1.25, 0.35),
    str(OSAI.Oceania): (1.3, -0.85),
}

LICENCE_CATEGORIES: dict[str, tuple[str, str]] = {
    str(OSAI.Permissive): ("#8fd19e", "Permissive"),
    str(OSAI.Copyleft): ("#a6cee3", "Copyleft"),
    str(OSAI.ResponsibleAI): ("#fdbf6f", "Responsible AI (use-restricted)"),
    str(OSAI.CustomCommunity): ("#fb9a99", "Custom community licence"),
    str(OSAI.NonCommercial): ("#cab2d6", "Non-commercial"),
    str(OSAI.Proprietary): ("#bdbdbd", "Proprietary"),
    "": ("#ffffff", "Licence not recorded"),
}


def stage_label(iri: str) -> str:
    from .sources import words_of

    return STAGES.get(iri) or (words_of(iri) if iri else "no stage recorded")


def region_label(iri: str | None) -> str:
    from .sources import words_of

    if not iri:
        return "region not recorded"
    return REGIONS.get(iri) or words_of(iri)

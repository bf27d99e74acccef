"""Frozen DTOs of the synth subsystem: what crosses its boundary."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["SynthReport"]


class SynthReport(BaseModel):
    """What a synthetic population run produced, with figures measured on the output."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    people: int = Field(ge=0)
    households: int = Field(ge=0)
    seconds: float = Field(ge=0, description="wall-clock time of generation and registration")
    seed: int
    share_under_15: float = Field(ge=0, le=1, description="年少人口 share, aged 0-14")
    share_65_plus: float = Field(ge=0, le=1, description="老年人口 share, aged 65 and over")
    variant_name_count: int = Field(
        ge=0, description="people whose registered name uses a kanji variant (異体字), e.g. 髙"
    )
    same_name_same_birthdate_pairs: int = Field(
        ge=0,
        description="people sharing family kanji, given kanji and birth date with someone else",
    )
    foreign_resident_count: int = Field(ge=0, description="外国人住民 among the people")

"""What the API's resources look like on the wire."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

#: a list's page: at most this many items
PAGE_MAX = 200
#: a database id's largest value; a larger one in an address is "not found" without a query
ID_MAX = 2**31 - 1


class Detail(Schema):
    detail: str


class FieldErrors(Schema):
    detail: str
    fields: dict[str, list[str]]


class FrameworkOut(Schema):
    id: int
    framework: str
    version: str
    title: dict[str, str]


class FrameworkDefinitionOut(FrameworkOut):
    definition: dict[str, Any]


class NetworkOut(Schema):
    id: int
    slug: str
    name: str
    is_demo: bool


class CityOut(Schema):
    id: int
    slug: str
    name: dict[str, str]
    country: str
    network: str


class DepartmentOut(Schema):
    id: int
    slug: str
    name: dict[str, str]
    city: str


class RoundOut(Schema):
    id: int
    name: str
    city: str
    framework: str
    framework_version: str
    state: str
    deadline: datetime.date
    reason: str = Field("", max_length=2000)
    archived: bool
    training: bool = Field(
        ...,
        description="A training round: counted in no network result (cohort statistics, "
        "benchmarking, the cohort index, peers, progress, the public summary).",
    )


class AssignmentOut(Schema):
    id: int
    round: int
    indicator: str
    department: str
    answer: int | None


class AnswerOut(Schema):
    id: int
    round: int
    indicator: str
    department: str
    version: int
    value: str
    evidence: str
    link: str
    file_name: str
    confidence: str
    importance: int | None
    support: list[str]
    comment: str
    updated_at: datetime.datetime | None


class AnswerIn(Schema):
    """A whole answer, as the answer page sends it; ``base_version`` is the version the edit
    started from. The evidence file is kept as it is (files go through the page)."""

    base_version: int = Field(..., ge=0, le=ID_MAX)
    value: str = Field("", max_length=10_000)
    evidence: str = Field("", max_length=100_000)
    link: str = Field("", max_length=500)
    confidence: str = Field("", max_length=20)
    importance: int | None = Field(None, ge=0, le=1000)
    support: list[str] = Field(default_factory=list, max_length=50)
    comment: str = Field("", max_length=100_000)


class ConflictOut(Schema):
    detail: str
    base_version: int
    stored_version: int
    stored: dict[str, Any]
    proposed: dict[str, Any]


class ResultsOut(Schema):
    round: int
    signed_off: bool
    training: bool = Field(..., description="A training round's results count nowhere.")
    scores: dict[str, Any]
    key_areas: list[dict[str, Any]]


class OpenRoundIn(Schema):
    """A second current round of a framework needs the coordinator's ``reason``."""

    name: str = Field(..., min_length=1, max_length=200)
    framework: int = Field(..., ge=1, le=ID_MAX)
    deadline: datetime.date
    reason: str = Field("", max_length=2000)
    training: bool = Field(
        False,
        description="Open a training round (a workshop exercise): it never counts as the "
        "city's result, and needs no reason beside a current round.",
    )


class AssignmentIn(Schema):
    indicator: str = Field(..., min_length=1, max_length=64)
    department: str = Field(..., min_length=1, max_length=100)


class AssignIn(Schema):
    """Indicators to route to departments (by slug); pairs assigned already are left as they
    are. At most 2,000 at once."""

    assignments: list[AssignmentIn] = Field(..., min_length=1, max_length=2000)

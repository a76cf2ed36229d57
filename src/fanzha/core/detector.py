"""The one protocol every detector follows (river-style)."""

from __future__ import annotations

from typing import Protocol, TypeVar, runtime_checkable

from fanzha.core.findings import Finding

X_contra = TypeVar("X_contra", contravariant=True)


@runtime_checkable
class Detector(Protocol[X_contra]):
    """Scores one input and returns the findings that apply (possibly none).

    ``name`` and ``version`` are copied into every Finding, so a decision can be
    traced back to the exact detector release that produced it.
    """

    name: str
    version: str

    def score_one(self, x: X_contra) -> list[Finding]: ...

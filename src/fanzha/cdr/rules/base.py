"""Base of the CDR rules: one rule per module, vectorised over the feature table.

A rule reads its thresholds from the policy section ``[rules.<name>]``, marks
the lines it holds something against, and turns each of them into a
``Finding`` with a stable code, a sentence in English and in Chinese, and the
feature values that triggered it as evidence. A rule points to one role; the
scorer combines its findings with the model's probability for that role.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.schema import Role
from fanzha.core import Finding

Mask = npt.NDArray[np.bool_]


class CdrRule:
    name: ClassVar[str] = ""
    code: ClassVar[str] = ""
    role: ClassVar[Role] = Role.FRAUD_SIM
    version: ClassVar[str] = "1"
    default_score: ClassVar[float] = 0.5
    evidence: ClassVar[tuple[str, ...]] = ()
    en: ClassVar[str] = ""  # formatted with the evidence values
    zh: ClassVar[str] = ""

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        raise NotImplementedError

    def score(self, p: dict[str, Any]) -> float:
        return float(p.get("score", self.default_score))

    def findings(
        self, f: pd.DataFrame, rows: npt.NDArray[np.int64], p: dict[str, Any]
    ) -> list[Finding]:
        """One finding per row index in ``rows`` (rows where ``mask`` is true)."""
        score = self.score(p)
        values = {name: f[name].to_numpy()[rows] for name in self.evidence}
        out = []
        for i in range(len(rows)):
            evidence = {name: _plain(values[name][i]) for name in self.evidence}
            out.append(
                Finding(
                    detector=f"cdr.{self.name}",
                    version=self.version,
                    score=score,
                    code=self.code,
                    reason=self.en.format(**evidence),
                    evidence=evidence,
                    reason_zh=self.zh.format(**evidence),
                )
            )
        return out


def _plain(value: Any) -> float | int:
    number = float(value)
    return int(number) if number.is_integer() else round(number, 3)


def col(f: pd.DataFrame, name: str) -> npt.NDArray[np.float64]:
    return np.asarray(f[name].to_numpy(dtype=np.float64))


def num(p: dict[str, Any], key: str, default: float) -> float:
    """A threshold from the rule's policy section."""
    return float(p.get(key, default))

"""Helpers every benchmark script shares: pinning to one core and naming the machine."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def pin_to_one_core() -> str:
    """Pin this process to CPU 0 where the OS allows; say what happened."""
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {0})
            return "CPU 0"
        except OSError as exc:
            return f"not pinned ({exc})"
    return "not pinned (no sched_setaffinity)"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()

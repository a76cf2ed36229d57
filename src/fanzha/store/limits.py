"""Size limits the store enforces at its boundary (and partly in the schema)."""

from __future__ import annotations

MAX_TEXT_CHARS = 4000  # report text; the service may reject earlier
MAX_NUMBER_CHARS = 32  # "+" and digits; China's 106 SMS numbers exceed E.164's 15
MAX_REPORTER_CHARS = 256  # hashed, so only a guard against abuse
MAX_SOURCE_CHARS = 32
MAX_DETECTOR_CHARS = 64
MAX_CODE_CHARS = 128
MAX_EVIDENCE_BYTES = 65536  # evidence JSON, serialised
MAX_EVIDENCE_DEPTH = 32
MAX_LIMIT = 100_000  # rows one query may return

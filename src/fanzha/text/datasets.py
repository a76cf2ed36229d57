"""Public labelled data sets for training and evaluating the text analyzer.

``data/datasets.toml`` (versioned, shipped with the package) says where each set's
files sit under a data root and how to read them; the files themselves are not
shipped (see ../shared/data/INDEX.md). Rows that cannot be used (empty text, an
unknown label, bytes that do not decode, a broken CSV record) are skipped and
counted in a :class:`LoadReport`; only a missing set or a wrong manifest raises.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from fanzha.core.errors import ConfigError, FanzhaError, InvalidInputError, NotFoundError
from fanzha.core.taxonomy import FraudCategory
from fanzha.text.types import LabeledMessage

log = logging.getLogger(__name__)

BUNDLED_MANIFEST = Path(__file__).parent / "data" / "datasets.toml"

DatasetKind = Literal["text", "url"]
DatasetFormat = Literal["csv", "tsv", "lines", "json", "jsonl"]
Column = str | int

_KINDS: tuple[str, ...] = ("text", "url")
_FORMATS: tuple[str, ...] = ("csv", "tsv", "lines", "json", "jsonl")
_TAXONOMY = frozenset(c.value for c in FraudCategory)


class DatasetManifestError(ConfigError):
    code = "TEXT.DATASET_MANIFEST"


class UnknownDatasetError(NotFoundError):
    code = "TEXT.DATASET_UNKNOWN"


class DatasetMissingError(NotFoundError):
    code = "TEXT.DATASET_MISSING"


class DatasetKindError(InvalidInputError):
    code = "TEXT.DATASET_KIND"


class DatasetReadError(FanzhaError):
    """A file is there but cannot be read as the manifest describes (no such column...)."""

    code = "TEXT.DATASET_UNREADABLE"
    status = 500


@dataclass(frozen=True, slots=True)
class DatasetFile:
    path: str
    encoding: str
    # Fixed truth for every row of this file, overriding the label / category columns.
    label: bool | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    name: str
    folder: str
    kind: DatasetKind
    format: DatasetFormat
    files: tuple[DatasetFile, ...]
    lang: str
    licence: str
    redistributable: bool
    text_column: Column | None = None
    label_column: Column | None = None
    category_column: Column | None = None
    labels: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))
    categories: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    header: bool = True
    quote: bool = True
    url_prefix: str = ""
    skip_suffixes: tuple[str, ...] = ()
    origin: str = ""
    notes: str = ""

    def paths(self, root: Path) -> list[Path]:
        return [root / self.folder / f.path for f in self.files]


@dataclass(slots=True)
class LoadReport:
    """What a load kept and why it skipped the rest (reason -> row count)."""

    name: str
    rows: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


# --- manifest -----------------------------------------------------------------------------


def _bad(path: Path, message: str) -> DatasetManifestError:
    return DatasetManifestError(f"data set manifest {path}: {message}", details={"file": str(path)})


def _column(path: Path, where: str, raw: Any) -> Column | None:
    if raw is None or (isinstance(raw, str) and raw) or (type(raw) is int and raw >= 0):
        return raw
    raise _bad(path, f"{where}: a column is a header name or a 0-based index, not {raw!r}")


def _category(path: Path, where: str, raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or raw not in _TAXONOMY:
        raise _bad(path, f"{where}: {raw!r} is not a taxonomy code")
    return raw


def _parse_spec(path: Path, index: int, raw: Any) -> DatasetSpec:
    where = f"dataset #{index}"
    if not isinstance(raw, dict):
        raise _bad(path, f"{where} is not a table")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise _bad(path, f"{where}: missing string 'name'")
    where = f"dataset {name!r}"
    kind, fmt = raw.get("kind", "text"), raw.get("format")
    if kind not in _KINDS:
        raise _bad(path, f"{where}: kind must be one of {_KINDS}")
    if fmt not in _FORMATS:
        raise _bad(path, f"{where}: format must be one of {_FORMATS}")
    raw_files = raw.get("files")
    if not isinstance(raw_files, list) or not raw_files:
        raise _bad(path, f"{where}: 'files' is a non-empty list")
    raw_files = [{"path": f} if isinstance(f, str) else f for f in raw_files]
    encoding = raw.get("encoding", "utf-8")
    file_encodings = [f.get("encoding") for f in raw_files if isinstance(f, dict)]
    for enc in [encoding, *(e for e in file_encodings if e is not None)]:
        try:
            codecs.lookup(enc)
        except (LookupError, TypeError):
            raise _bad(path, f"{where}: unknown encoding {enc!r}") from None
    default_category = _category(path, where, raw.get("category"))
    default_label = raw.get("label")
    files: list[DatasetFile] = []
    for entry in raw_files:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise _bad(path, f"{where}: each file needs a string 'path'")
        label = entry.get("label", default_label)
        if label is not None and not isinstance(label, bool):
            raise _bad(path, f"{where}: a fixed 'label' is true or false")
        files.append(
            DatasetFile(
                path=entry["path"],
                encoding=str(entry.get("encoding", encoding)),
                label=label,
                category=_category(path, where, entry.get("category")) or default_category,
            )
        )
    labels = raw.get("labels", {})
    if not isinstance(labels, dict) or not all(isinstance(v, bool) for v in labels.values()):
        raise _bad(path, f"{where}: [labels] maps label values to true / false")
    categories = raw.get("categories", {})
    if not isinstance(categories, dict):
        raise _bad(path, f"{where}: [categories] is a table")
    label_column = _column(path, where, raw.get("label_column"))
    if label_column is None and any(f.label is None for f in files):
        raise _bad(path, f"{where}: needs a label_column or a fixed label")
    if label_column is not None and not labels:
        raise _bad(path, f"{where}: a label_column needs a [labels] table")
    text_column = _column(path, where, raw.get("text_column"))
    if fmt != "lines" and text_column is None:
        raise _bad(path, f"{where}: needs a text_column")
    header = raw.get("header", True)
    if (
        fmt in ("csv", "tsv")
        and not header
        and any(isinstance(c, str) for c in (text_column, label_column, raw.get("category_column")))
    ):
        raise _bad(path, f"{where}: without a header, columns are 0-based indexes")
    category_column = _column(path, where, raw.get("category_column"))
    skip_suffixes = raw.get("skip_suffixes", [])
    if not isinstance(skip_suffixes, list) or not all(isinstance(x, str) for x in skip_suffixes):
        raise _bad(path, f"{where}: skip_suffixes is a list of strings")
    redistributable = raw.get("redistributable")
    if not isinstance(redistributable, bool):
        raise _bad(path, f"{where}: 'redistributable' must be true or false")
    return DatasetSpec(
        name=name,
        folder=str(raw.get("folder", name)),
        kind=kind,
        format=fmt,
        files=tuple(files),
        lang=str(raw.get("lang", "und")),
        licence=str(raw.get("licence", "")),
        redistributable=redistributable,
        text_column=text_column,
        label_column=label_column,
        category_column=label_column if category_column is None else category_column,
        labels=MappingProxyType({_key(k): v for k, v in labels.items()}),
        categories=MappingProxyType(
            {_key(k): _category(path, where, v) for k, v in categories.items()}
        ),
        header=bool(header),
        quote=bool(raw.get("quote", fmt != "tsv")),
        url_prefix=str(raw.get("url_prefix", "")),
        skip_suffixes=tuple(x.casefold() for x in skip_suffixes),
        origin=str(raw.get("origin", "")),
        notes=str(raw.get("notes", "")),
    )


def load_manifest(path: Path = BUNDLED_MANIFEST) -> list[DatasetSpec]:
    """Parse and check a data set manifest; any problem raises DatasetManifestError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _bad(path, f"cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _bad(path, f"not valid TOML: {exc}") from None
    if not isinstance(data.get("version"), str):
        raise _bad(path, "missing string key 'version'")
    raw_sets = data.get("dataset")
    if not isinstance(raw_sets, list) or not raw_sets:
        raise _bad(path, "missing [[dataset]] tables")
    specs = [_parse_spec(path, i, raw) for i, raw in enumerate(raw_sets)]
    names = Counter(s.name for s in specs)
    if dupes := sorted(n for n, c in names.items() if c > 1):
        raise _bad(path, f"data set names listed twice: {', '.join(dupes)}")
    return specs


def known_datasets(*, manifest: Path | None = None) -> list[DatasetSpec]:
    """Every set the manifest describes, present on this machine or not."""
    return load_manifest(manifest or BUNDLED_MANIFEST)


def available_datasets(
    root: Path, *, kind: DatasetKind | None = "text", manifest: Path | None = None
) -> list[DatasetSpec]:
    """Sets whose files all exist under ``root``. Text sets only unless ``kind`` says
    otherwise (None: every kind), so callers can hand each one to load_dataset."""
    return [
        spec
        for spec in known_datasets(manifest=manifest)
        if (kind is None or spec.kind == kind) and all(p.is_file() for p in spec.paths(root))
    ]


def get_dataset(name: str, *, manifest: Path | None = None) -> DatasetSpec:
    specs = known_datasets(manifest=manifest)
    for spec in specs:
        if spec.name == name:
            return spec
    raise UnknownDatasetError(
        f"no data set named {name!r}", details={"known": [s.name for s in specs]}
    )


# --- reading rows -------------------------------------------------------------------------


def _key(value: Any) -> str:
    return "" if value is None else str(value).strip().casefold()


def _has_bad_bytes(text: str) -> bool:
    # Files are opened with errors="surrogateescape": undecodable bytes show up as lone
    # surrogates, so one bad row is skipped instead of failing the whole file.
    return any("\udc80" <= ch <= "\udcff" for ch in text)


_Row = Mapping[Column, Any]


def _cell(row: _Row, column: Column | None) -> Any:
    return None if column is None else row.get(column)


def _table_rows(spec: DatasetSpec, handle: io.TextIOBase, report: LoadReport) -> Iterator[_Row]:
    reader = csv.reader(
        handle,
        delimiter="\t" if spec.format == "tsv" else ",",
        quoting=csv.QUOTE_MINIMAL if spec.quote else csv.QUOTE_NONE,
    )
    names: dict[str, int] = {}
    if spec.header:
        try:
            names = {n.strip().lstrip("\ufeff"): i for i, n in enumerate(next(reader))}
        except StopIteration:
            return
        except csv.Error:
            report.skipped["bad_header"] += 1
            return
        for col in (spec.text_column, spec.label_column, spec.category_column):
            if isinstance(col, str) and col not in names:
                raise DatasetReadError(
                    f"data set {spec.name!r} has no column {col!r}",
                    details={"columns": sorted(names)},
                )
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            report.skipped["bad_record"] += 1
            continue
        if not record or record == [""]:
            continue  # blank line, not a row
        row: dict[Column, Any] = dict(enumerate(record))
        row.update({name: record[i] for name, i in names.items() if i < len(record)})
        yield row


def _json_rows(spec: DatasetSpec, handle: io.TextIOBase, report: LoadReport) -> Iterator[_Row]:
    if spec.format == "jsonl":
        for line in handle:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                report.skipped["bad_json"] += 1
                continue
            if isinstance(item, dict):
                yield item
            else:
                report.skipped["bad_json"] += 1
        return
    try:
        data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise DatasetReadError(f"data set {spec.name!r}: not valid JSON: {exc}") from None
    if not isinstance(data, list):
        raise DatasetReadError(f"data set {spec.name!r}: JSON must be a list of objects")
    for item in data:
        if isinstance(item, dict):
            yield item
        else:
            report.skipped["bad_json"] += 1


def _rows(spec: DatasetSpec, file: DatasetFile, path: Path, report: LoadReport) -> Iterator[_Row]:
    with path.open(encoding=file.encoding, errors="surrogateescape", newline="") as handle:
        if spec.format in ("csv", "tsv"):
            yield from _table_rows(spec, handle, report)
        elif spec.format in ("json", "jsonl"):
            yield from _json_rows(spec, handle, report)
        else:
            for line in handle:
                if line.strip() and not line.lstrip().startswith("#"):
                    yield {0: line.strip()}


def _labelled(
    spec: DatasetSpec, root: Path, report: LoadReport
) -> Iterator[tuple[str, bool, str | None]]:
    """(text, label, category) for every usable row; the rest are counted in ``report``."""
    missing = [str(p) for p in spec.paths(root) if not p.is_file()]
    if missing:
        raise DatasetMissingError(
            f"data set {spec.name!r} is not under {root}", details={"missing": missing}
        )
    text_column = 0 if spec.format == "lines" else spec.text_column
    for file, path in zip(spec.files, spec.paths(root), strict=True):
        for row in _rows(spec, file, path, report):
            raw_text = _cell(row, text_column)
            # JSON may hold a number or a list where the text should be: only strings count.
            if not isinstance(raw_text, str):
                report.skipped["no_text"] += 1
                continue
            text = str(raw_text).strip()
            if not text:
                report.skipped["empty_text"] += 1
                continue
            if _has_bad_bytes(text):
                report.skipped["bad_encoding"] += 1
                continue
            if file.label is not None:
                label: bool | None = file.label
            else:
                label = spec.labels.get(_key(_cell(row, spec.label_column)))
            if label is None:
                report.skipped["unknown_label"] += 1
                continue
            category = file.category
            if category is None and spec.category_column is not None:
                category = spec.categories.get(_key(_cell(row, spec.category_column)))
            yield text, label, category


def load_dataset_with_report(
    root: Path, name: str, *, limit: int | None = None, manifest: Path | None = None
) -> tuple[list[LabeledMessage], LoadReport]:
    """Like load_dataset, and also say how many rows were skipped and why."""
    spec = get_dataset(name, manifest=manifest)
    if spec.kind != "text":
        raise DatasetKindError(
            f"data set {name!r} is a {spec.kind} set: use load_url_dataset",
            details={"kind": spec.kind},
        )
    report = LoadReport(name)
    out: list[LabeledMessage] = []
    if limit is not None and limit <= 0:
        return out, report
    for text, is_fraud, category in _labelled(spec, root, report):
        out.append(LabeledMessage(text, is_fraud, category, spec.lang, spec.name))
        if limit is not None and len(out) >= limit:
            break
    report.rows = len(out)
    _log_skips(report)
    return out, report


def load_dataset(
    root: Path, name: str, *, limit: int | None = None, manifest: Path | None = None
) -> list[LabeledMessage]:
    """Messages of text set ``name`` under ``root``, in file order, at most ``limit``.

    Raises UnknownDatasetError (TEXT.DATASET_UNKNOWN), DatasetMissingError
    (TEXT.DATASET_MISSING) when its files are not there, DatasetKindError for a URL
    set. Unusable rows are skipped; use load_dataset_with_report to see the counts.
    """
    return load_dataset_with_report(root, name, limit=limit, manifest=manifest)[0]


def load_url_dataset_with_report(
    root: Path, name: str, *, limit: int | None = None, manifest: Path | None = None
) -> tuple[list[tuple[str, bool]], LoadReport]:
    spec = get_dataset(name, manifest=manifest)
    if spec.kind != "url":
        raise DatasetKindError(
            f"data set {name!r} is a {spec.kind} set: use load_dataset",
            details={"kind": spec.kind},
        )
    report = LoadReport(name)
    out: list[tuple[str, bool]] = []
    seen: set[str] = set()
    if limit is not None and limit <= 0:
        return out, report
    for text, malicious, _ in _labelled(spec, root, report):
        if spec.skip_suffixes and text.casefold().endswith(spec.skip_suffixes):
            report.skipped["excluded"] += 1
            continue
        url = text if "://" in text or not spec.url_prefix else spec.url_prefix + text
        if any(ch.isspace() for ch in url):
            report.skipped["bad_url"] += 1
            continue
        # Feeds list one link under several statuses (active, inactive...): keep it once.
        if url in seen:
            report.skipped["duplicate"] += 1
            continue
        seen.add(url)
        out.append((url, malicious))
        if limit is not None and len(out) >= limit:
            break
    report.rows = len(out)
    _log_skips(report)
    return out, report


def load_url_dataset(
    root: Path, name: str, *, limit: int | None = None, manifest: Path | None = None
) -> list[tuple[str, bool]]:
    """(url, is_malicious) pairs of URL set ``name``, first occurrence of each URL kept.

    Domain-only lists get the manifest's ``url_prefix`` (e.g. ``https://``).
    """
    return load_url_dataset_with_report(root, name, limit=limit, manifest=manifest)[0]


def _log_skips(report: LoadReport) -> None:
    if report.skipped_total:
        log.info(
            "data set %s: %d rows kept, %d skipped (%s)",
            report.name,
            report.rows,
            report.skipped_total,
            ", ".join(f"{k}={v}" for k, v in sorted(report.skipped.items())),
        )

"""Data set loader: every format, the bundled manifest, and skipped rows (no shared data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fanzha.core.errors import FanzhaError
from fanzha.core.taxonomy import FraudCategory
from fanzha.text.datasets import (
    DatasetKindError,
    DatasetManifestError,
    DatasetMissingError,
    DatasetReadError,
    UnknownDatasetError,
    available_datasets,
    known_datasets,
    load_dataset,
    load_dataset_with_report,
    load_url_dataset,
    load_url_dataset_with_report,
)
from fanzha.text.types import LabeledMessage

MANIFEST = """
version = "test"

[[dataset]]
name = "csv-set"
kind = "text"
format = "csv"
text_column = "body"
label_column = "tag"
category_column = "kind"
lang = "en"
licence = "CC0"
redistributable = true
files = ["a.csv"]
[dataset.labels]
ham = false
scam = true
[dataset.categories]
police = "impersonate_authority"
none = ""

[[dataset]]
name = "tsv-set"
format = "tsv"
header = false
text_column = 1
label_column = 0
lang = "en"
licence = "CC BY 4.0"
redistributable = true
files = [{ path = "t.tsv" }]
[dataset.labels]
ham = false
spam = true

[[dataset]]
name = "lines-set"
folder = "lines"
format = "lines"
lang = "zh"
licence = "none"
redistributable = false
files = [
  { path = "fraud.txt", label = true, category = "loan_credit" },
  { path = "normal.txt", label = false, category = "not_fraud", encoding = "gb18030" },
]

[[dataset]]
name = "json-set"
format = "json"
text_column = "text"
label_column = "label"
lang = "zh"
licence = "Apache-2.0"
redistributable = true
files = ["d.json"]
[dataset.labels]
1 = true
0 = false

[[dataset]]
name = "jsonl-set"
format = "jsonl"
text_column = "text"
label_column = "label"
lang = "en"
licence = "MIT"
redistributable = true
files = ["d.jsonl"]
[dataset.labels]
"true" = true
"false" = false

[[dataset]]
name = "bad-urls"
kind = "url"
format = "lines"
label = true
lang = "und"
licence = "MIT"
redistributable = true
files = ["a.txt", "b.txt"]

[[dataset]]
name = "good-hosts"
kind = "url"
format = "lines"
label = false
url_prefix = "https://"
skip_suffixes = [".arpa"]
lang = "und"
licence = "none"
redistributable = false
files = ["hosts.txt"]

[[dataset]]
name = "labelled-urls"
kind = "url"
format = "csv"
text_column = "url"
label_column = "type"
lang = "und"
licence = "CC BY 4.0"
redistributable = true
files = ["urls.csv"]
[dataset.labels]
phishing = true
benign = false
"""


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "datasets.toml"
    path.write_text(MANIFEST, encoding="utf-8")
    return path


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)


def test_bundled_manifest_is_valid() -> None:
    specs = {s.name: s for s in known_datasets()}
    assert {"uci-sms-spam", "mishra-smishing", "telecom-fraud-texts-5"} <= specs.keys()
    assert specs["urls-phishing-database"].kind == "url"
    codes = {c.value for c in FraudCategory}
    for spec in specs.values():
        assert spec.files
        assert all(c is None or c in codes for c in spec.categories.values())


def test_bundled_manifest_reads_files_shaped_like_the_real_sets(tmp_path: Path) -> None:
    write(
        tmp_path / "uci-sms-spam/SMSSpamCollection", 'ham\tOk lar... "quoted"\nspam\tWIN £100 now\n'
    )
    tf = tmp_path / "telecom-fraud-texts-5"
    write(tf / "label00-last.csv", "\ufeffcontent,label\n【银行】您的账单已出,0\n")
    write(tf / "label01-last.csv", "content,label\n我是公安局的警官,冒充公检法及政府机关类\n")
    write(tf / "label02-last.csv", "content,label\n无抵押贷款先交保证金,贷款、代办信用卡类\n")
    write(tf / "label03-last.csv", 'content,label\n"我是淘宝客服,退款",冒充客服服务\n')
    write(tf / "label04-last.csv", "content,label\n我是你领导,冒充领导、熟人类\n", "gb18030")

    assert [s.name for s in available_datasets(tmp_path)] == [
        "uci-sms-spam",
        "telecom-fraud-texts-5",
    ]
    assert load_dataset(tmp_path, "uci-sms-spam") == [
        LabeledMessage('Ok lar... "quoted"', False, "not_fraud", "en", "uci-sms-spam"),
        LabeledMessage("WIN £100 now", True, None, "en", "uci-sms-spam"),
    ]
    zh = load_dataset(tmp_path, "telecom-fraud-texts-5")
    assert [(m.text, m.is_fraud, m.category) for m in zh] == [
        ("【银行】您的账单已出", False, "not_fraud"),
        ("我是公安局的警官", True, "impersonate_authority"),
        ("无抵押贷款先交保证金", True, "loan_credit"),
        ("我是淘宝客服,退款", True, "impersonate_customer_service"),
        ("我是你领导", True, "impersonate_acquaintance"),
    ]
    assert {m.lang for m in zh} == {"zh"}


def test_csv_with_header_category_column_and_bad_rows(tmp_path: Path, manifest: Path) -> None:
    text = (
        "kind,tag,body\n"
        "police,SCAM,我是警察\n"  # label matched after casefold
        "none,ham,hello\n"
        "other,scam,unmapped category\n"
        "police,scam,   \n"  # empty text
        "police,maybe,who knows\n"  # unknown label
        "police,scam\n"  # short row: no text column
        "\n"
    )
    # The last row's byte 0xe9 (latin-1) is not UTF-8: that row alone is skipped.
    write(tmp_path / "csv-set/a.csv", text.encode() + b"police,scam,caf\xe9\n")
    messages, report = load_dataset_with_report(tmp_path, "csv-set", manifest=manifest)
    assert [(m.text, m.is_fraud, m.category) for m in messages] == [
        ("我是警察", True, "impersonate_authority"),
        ("hello", False, None),
        ("unmapped category", True, None),
    ]
    assert report.rows == 3
    assert dict(report.skipped) == {
        "empty_text": 1,
        "unknown_label": 1,
        "no_text": 1,
        "bad_encoding": 1,
    }
    assert report.skipped_total == 4


def test_tsv_keeps_quotes_and_survives_a_broken_record(tmp_path: Path, manifest: Path) -> None:
    huge = "x" * 200_000  # over csv's field size limit: one bad record, not a crash
    write(tmp_path / "tsv-set/t.tsv", f'ham\t"hi" she said\nspam\t{huge}\nspam\tcall now\n')
    messages, report = load_dataset_with_report(tmp_path, "tsv-set", manifest=manifest)
    assert [m.text for m in messages] == ['"hi" she said', "call now"]
    assert report.skipped == {"bad_record": 1}


def test_lines_with_per_file_truth_and_encoding(tmp_path: Path, manifest: Path) -> None:
    write(tmp_path / "lines/fraud.txt", "# comment\n低息贷款，先交手续费\n\n")
    write(tmp_path / "lines/normal.txt", "今晚一起吃饭吗\n", "gb18030")
    assert load_dataset(tmp_path, "lines-set", manifest=manifest) == [
        LabeledMessage("低息贷款，先交手续费", True, "loan_credit", "zh", "lines-set"),
        LabeledMessage("今晚一起吃饭吗", False, "not_fraud", "zh", "lines-set"),
    ]


def test_json_array(tmp_path: Path, manifest: Path) -> None:
    rows = [
        {"text": "刷单返利，日赚三百", "label": 1},
        {"text": "明天开会", "label": 0},
        {"text": ["not", "a", "string"], "label": 1},
        {"label": 1},
        "not an object",
    ]
    write(tmp_path / "json-set/d.json", json.dumps(rows, ensure_ascii=False))
    messages, report = load_dataset_with_report(tmp_path, "json-set", manifest=manifest)
    assert [(m.text, m.is_fraud, m.category) for m in messages] == [
        ("刷单返利，日赚三百", True, None),
        ("明天开会", False, None),
    ]
    assert report.skipped == {"no_text": 2, "bad_json": 1}


def test_json_that_is_not_a_list_raises(tmp_path: Path, manifest: Path) -> None:
    write(tmp_path / "json-set/d.json", '{"text": "x"}')
    with pytest.raises(DatasetReadError) as info:
        load_dataset(tmp_path, "json-set", manifest=manifest)
    assert info.value.code == "TEXT.DATASET_UNREADABLE"


def test_jsonl_skips_broken_lines(tmp_path: Path, manifest: Path) -> None:
    write(
        tmp_path / "jsonl-set/d.jsonl",
        '{"text": "verify your account", "label": true}\n'
        "{broken\n"
        "\n"
        "[1, 2]\n"
        '{"text": "see you", "label": false}\n',
    )
    messages, report = load_dataset_with_report(tmp_path, "jsonl-set", manifest=manifest)
    assert [(m.text, m.is_fraud) for m in messages] == [
        ("verify your account", True),
        ("see you", False),
    ]
    assert report.skipped == {"bad_json": 2}


def test_limit(tmp_path: Path, manifest: Path) -> None:
    write(tmp_path / "tsv-set/t.tsv", "".join(f"ham\tmessage {i}\n" for i in range(10)))
    assert [m.text for m in load_dataset(tmp_path, "tsv-set", limit=3, manifest=manifest)] == [
        "message 0",
        "message 1",
        "message 2",
    ]
    assert load_dataset(tmp_path, "tsv-set", limit=0, manifest=manifest) == []


def test_url_sets(tmp_path: Path, manifest: Path) -> None:
    write(tmp_path / "bad-urls/a.txt", "http://paypal.com.evil.example/login\nhttp://x.example\n")
    write(tmp_path / "bad-urls/b.txt", "http://x.example\nhttp://bad url.example\n")
    urls, report = load_url_dataset_with_report(tmp_path, "bad-urls", manifest=manifest)
    assert urls == [("http://paypal.com.evil.example/login", True), ("http://x.example", True)]
    assert report.skipped == {"duplicate": 1, "bad_url": 1}

    write(
        tmp_path / "good-hosts/hosts.txt", "google.com\n1.in-addr.ARPA\nhttp://already.example/\n"
    )
    assert load_url_dataset(tmp_path, "good-hosts", manifest=manifest) == [
        ("https://google.com", False),
        ("http://already.example/", False),
    ]

    write(
        tmp_path / "labelled-urls/urls.csv",
        "url,type\nhttps://ok.example/,benign\nhttp://1.2.3.4/x,phishing\n,phishing\nhttp://y,?\n",
    )
    urls, report = load_url_dataset_with_report(tmp_path, "labelled-urls", manifest=manifest)
    assert urls == [("https://ok.example/", False), ("http://1.2.3.4/x", True)]
    assert report.skipped == {"empty_text": 1, "unknown_label": 1}

    names = {s.name for s in available_datasets(tmp_path, kind="url", manifest=manifest)}
    assert names == {"bad-urls", "good-hosts", "labelled-urls"}
    assert available_datasets(tmp_path, manifest=manifest) == []  # text sets only by default


def test_errors(tmp_path: Path, manifest: Path) -> None:
    with pytest.raises(UnknownDatasetError) as unknown:
        load_dataset(tmp_path, "no-such-set", manifest=manifest)
    assert unknown.value.code == "TEXT.DATASET_UNKNOWN"
    with pytest.raises(DatasetMissingError) as missing:
        load_dataset(tmp_path, "csv-set", manifest=manifest)
    assert missing.value.code == "TEXT.DATASET_MISSING"
    assert isinstance(missing.value, FanzhaError)
    with pytest.raises(DatasetKindError):
        load_dataset(tmp_path, "bad-urls", manifest=manifest)
    with pytest.raises(DatasetKindError):
        load_url_dataset(tmp_path, "csv-set", manifest=manifest)
    write(tmp_path / "csv-set/a.csv", "kind,tag,text\npolice,scam,hi\n")
    with pytest.raises(DatasetReadError, match="no column 'body'"):
        load_dataset(tmp_path, "csv-set", manifest=manifest)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('version = "x"\n', "missing \\[\\[dataset\\]\\]"),
        ("not toml [", "not valid TOML"),
        (
            'version = "x"\n[[dataset]]\nname = "a"\nformat = "xml"\n',
            "format must be one of",
        ),
        (
            'version = "x"\n[[dataset]]\nname = "a"\nformat = "lines"\nlabel = true\n'
            'category = "scam"\nredistributable = true\nfiles = ["f"]\n',
            "not a taxonomy code",
        ),
        (
            'version = "x"\n[[dataset]]\nname = "a"\nformat = "lines"\n'
            'redistributable = true\nfiles = ["f"]\n',
            "needs a label_column or a fixed label",
        ),
        (
            'version = "x"\n[[dataset]]\nname = "a"\nformat = "lines"\nlabel = true\n'
            'encoding = "no-such-codec"\nredistributable = true\nfiles = ["f"]\n',
            "unknown encoding",
        ),
        (
            'version = "x"\n[[dataset]]\nname = "a"\nformat = "tsv"\nheader = false\n'
            'text_column = "text"\nlabel = true\nredistributable = true\nfiles = ["f"]\n',
            "0-based indexes",
        ),
        (
            'version = "x"\n[[dataset]]\nname = "a"\nformat = "lines"\nlabel = true\n'
            'files = ["f"]\n',
            "'redistributable'",
        ),
        (
            'version = "x"\n' + '[[dataset]]\nname = "a"\nformat = "lines"\nlabel = true\n'
            'redistributable = true\nfiles = ["f"]\n' * 2,
            "listed twice",
        ),
    ],
)
def test_manifest_errors(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "m.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DatasetManifestError, match=message) as info:
        known_datasets(manifest=path)
    assert info.value.code == "TEXT.DATASET_MANIFEST"

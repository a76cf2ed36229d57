"""Fitting the text model (needs scikit-learn; inference does not)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from fanzha.core.errors import InvalidInputError
from fanzha.text.model.linear import TextHead, TextModel, platt_fit


def build_vocabulary(
    feature_lists: Sequence[Sequence[str]], *, min_df: int, max_features: int
) -> tuple[dict[str, int], npt.NDArray[np.float32]]:
    """Terms seen in at least ``min_df`` messages, the ``max_features`` most common,
    with smoothed idf (as scikit-learn's TfidfVectorizer computes it)."""
    document_frequency: Counter[str] = Counter()
    for features in feature_lists:
        document_frequency.update(set(features))
    kept = [(term, df) for term, df in document_frequency.items() if df >= min_df]
    kept.sort(key=lambda item: (-item[1], item[0]))
    kept = kept[:max_features]
    kept.sort()
    documents = len(feature_lists)
    vocabulary = {term: column for column, (term, _) in enumerate(kept)}
    idf = np.array([math.log((1 + documents) / (1 + df)) + 1.0 for _, df in kept], dtype=np.float32)
    return vocabulary, idf


MIN_HEAD_MESSAGES = 50  # fewer messages (or one class only): no head of its own
DEFAULT_REGULARIZATION = 8.0


def fit_text_model(
    feature_lists: Sequence[Sequence[str]],
    is_fraud: Sequence[bool],
    categories: Sequence[str | None],
    langs: Sequence[str] | None = None,
    *,
    seed: int,
    version: str,
    min_df: int = 2,
    max_features: int = 150_000,
    regularization: float | Mapping[str, float] = DEFAULT_REGULARIZATION,
    folds: int = 5,
) -> TextModel:
    """One head per language that has enough messages of both classes; the
    messages of other languages are shared by every head. The fallback head is
    the one trained on the most messages. ``regularization`` is the inverse
    strength C, for all heads or per language (others get the default)."""
    langs = list(langs) if langs is not None else ["*"] * len(feature_lists)
    groups: dict[str, list[int]] = {}
    for row, lang in enumerate(langs):
        groups.setdefault(lang, []).append(row)

    def fit_for_head(rows: Sequence[int]) -> bool:
        classes = {bool(is_fraud[row]) for row in rows}
        return len(rows) >= MIN_HEAD_MESSAGES and classes == {True, False}

    own = {lang: rows for lang, rows in groups.items() if fit_for_head(rows)}
    shared = [row for lang, rows in groups.items() if lang not in own for row in rows]
    if not own:
        if not fit_for_head(shared):
            raise InvalidInputError(
                f"training needs at least {MIN_HEAD_MESSAGES} messages, fraud and normal both",
                code="TEXT.NO_DATA",
            )
        own, shared = {"*": shared}, []
    heads: dict[str, TextHead] = {}
    for lang, rows in sorted(own.items()):
        chosen = sorted([*rows, *shared])
        heads[lang] = fit_text_head(
            [feature_lists[row] for row in chosen],
            [is_fraud[row] for row in chosen],
            [categories[row] for row in chosen],
            seed=seed,
            min_df=min_df,
            max_features=max_features,
            regularization=(
                regularization.get(lang, DEFAULT_REGULARIZATION)
                if isinstance(regularization, Mapping)
                else regularization
            ),
            folds=folds,
        )
    fallback = max(own, key=lambda lang: (len(own[lang]), lang))
    return TextModel(version=version, heads=heads, fallback=fallback)


def fit_text_head(
    feature_lists: Sequence[Sequence[str]],
    is_fraud: Sequence[bool],
    categories: Sequence[str | None],
    *,
    seed: int,
    min_df: int,
    max_features: int,
    regularization: float,
    folds: int,
) -> TextHead:
    """Fit one head's fraud and type models; Platt scaling uses out-of-fold margins so
    it is honest."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped,unused-ignore]
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped,unused-ignore]

    vocabulary, idf = build_vocabulary(feature_lists, min_df=min_df, max_features=max_features)
    size = len(idf)
    shell = TextHead(
        vocabulary=vocabulary,
        idf=idf,
        fraud_weights=np.zeros(size, np.float32),
        fraud_bias=0.0,
        platt_a=1.0,
        platt_b=0.0,
        categories=(),
        category_weights=np.zeros((0, size), np.float32),
        category_bias=np.zeros(0, np.float32),
    )
    matrix = shell.vectorize(feature_lists)
    labels = np.asarray(is_fraud, dtype=bool)

    def binary_model() -> LogisticRegression:
        return LogisticRegression(C=regularization, solver="liblinear", max_iter=1000)

    out_of_fold = np.zeros(len(labels), dtype=np.float64)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_rows, test_rows in splitter.split(np.zeros(len(labels)), labels):
        fold = binary_model().fit(matrix[train_rows], labels[train_rows])
        out_of_fold[test_rows] = fold.decision_function(matrix[test_rows])
    platt_a, platt_b = platt_fit(out_of_fold, labels)
    final = binary_model().fit(matrix, labels)

    fraud_rows = [
        row
        for row, (fraud, category) in enumerate(zip(labels, categories, strict=True))
        if fraud and category and category != "not_fraud"
    ]
    category_names = tuple(sorted({str(categories[row]) for row in fraud_rows}))
    if len(category_names) >= 2:
        typer = LogisticRegression(C=regularization, max_iter=2000, random_state=seed)
        typer.fit(matrix[fraud_rows], [categories[row] for row in fraud_rows])
        coef, intercept = typer.coef_, typer.intercept_
        if coef.shape[0] == 1:  # two classes: softmax over (0, z) is the sigmoid of z
            coef = np.vstack([np.zeros_like(coef), coef])
            intercept = np.concatenate([[0.0], intercept])
        order = [list(typer.classes_).index(name) for name in category_names]
        category_weights = coef[order].astype(np.float32)
        category_bias = intercept[order].astype(np.float32)
    else:
        category_weights = np.zeros((len(category_names), size), np.float32)
        category_bias = np.zeros(len(category_names), np.float32)

    return TextHead(
        vocabulary=vocabulary,
        idf=idf,
        fraud_weights=final.coef_[0].astype(np.float32),
        fraud_bias=float(final.intercept_[0]),
        platt_a=platt_a,
        platt_b=platt_b,
        categories=category_names,
        category_weights=category_weights,
        category_bias=category_bias,
    )

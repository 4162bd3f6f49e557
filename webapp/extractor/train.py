"""Train the clause classifier on the labelled corpus: `python -m webapp.extractor.train [--no-save]`.

Each corpus memo (tests/data/corpus/*.json) lists its strengths, concerns, advice and to-dos as keywords.
A clause holding every keyword of one item gets that item's section; the rest are "other", or
"their_action" when someone else promises to do something. What tiny.en heard of the memo
(tests/data/corpus/heard/) is split too, and each heard clause takes the label of the clean clause it
lines up with, so the model also learns misheard speech.

Splits are by memo and fixed: the test split (TEST_FILES, written by a hand none of the others are)
is never read here; validation is every fourth memo of the other files.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
from datetime import datetime
from pathlib import Path

import numpy as np

from .classifier import LABELS, MODEL_PATH, OTHER, THEIR_ACTION, ClauseModel, features
from .clauses import Clause, split_clauses
from .embeddings import encoder
from .sections import THEIR_PROMISE

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "corpus"
TEST_FILES = ("e_mixed_tricky.json",)
SECTIONS = ("strengths", "concerns", "advice", "actions")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9']+", " ", text.lower()).replace("'", "").strip()


def corpus_memos(split: str) -> list[dict]:
    """The memos of one split: "train", "val" or "test"."""
    memos = []
    for path in sorted(CORPUS.glob("*.json")):
        in_test = path.name in TEST_FILES
        if (split == "test") != in_test:
            continue
        heard_path = CORPUS / "heard" / path.name
        heard = json.loads(heard_path.read_text()) if heard_path.exists() else {}
        for memo in json.loads(path.read_text()):
            is_val = int(memo["id"].rsplit("-", 1)[1]) % 4 == 0
            if split == "test" or is_val == (split == "val"):
                memos.append({**memo, "heard": heard.get(memo["id"])})
    return memos


def clause_label(clause: Clause, expect: dict) -> str:
    """The section whose item this clause states, by the item's keywords."""
    said = f" {_norm(clause.text)} "
    for section in SECTIONS:
        items = expect.get(section) or []
        keyword_lists = [item["keywords"] for item in items] if section == "actions" else items
        for keywords in keyword_lists:
            if all(f" {_norm(k)} " in said for k in keywords):
                return section
    return THEIR_ACTION if THEIR_PROMISE.search(clause.text) else OTHER


def labelled_clauses(memo: dict) -> list[tuple[list[Clause], list[str]]]:
    """(clauses, labels) for the memo's clean text and, when there is one, what tiny.en heard."""
    clauses = split_clauses(memo["text"])
    labels = [clause_label(c, memo["expect"]) for c in clauses]
    out = [(clauses, labels)]
    if memo.get("heard"):
        heard = split_clauses(memo["heard"])
        out.append((heard, [_aligned_label(c, clauses, labels) for c in heard]))
    return out


def _aligned_label(clause: Clause, clean: list[Clause], labels: list[str]) -> str:
    """The label of the clean clause most like this heard one."""
    words = _norm(clause.text).split()
    scores = [difflib.SequenceMatcher(None, words, _norm(c.text).split()).ratio() for c in clean]
    best = int(np.argmax(scores)) if scores else -1
    return labels[best] if best >= 0 and scores[best] >= 0.5 else OTHER


def dataset(memos: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and label indices for every clause of these memos."""
    rows, targets = [], []
    for memo in memos:
        for clauses, labels in labelled_clauses(memo):
            vectors = encoder().encode([c.text for c in clauses])
            rows.append(features(vectors, [c.header for c in clauses]))
            targets += [LABELS.index(label) for label in labels]
    return np.vstack(rows), np.array(targets)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, epochs: int = 600, rate: float = 1.0) -> ClauseModel:
    """Softmax regression by full-batch gradient descent, classes weighted by how rare they are."""
    classes = len(LABELS)
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    class_weight = (counts.sum() / np.maximum(counts, 1) / classes) ** 0.5
    sample_weight = class_weight[y] / class_weight[y].mean()
    onehot = np.eye(classes)[y]
    w = np.zeros((x.shape[1], classes))
    b = np.zeros(classes)
    for _ in range(epochs):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - onehot) * sample_weight[:, None] / len(y)
        w -= rate * (x.T @ grad + l2 * w)
        b -= rate * grad.sum(axis=0)
    return ClauseModel(w.astype(np.float32), b.astype(np.float32))


def accuracy(model: ClauseModel, x: np.ndarray, y: np.ndarray) -> float:
    """Share of clauses labelled right."""
    return float((model.probabilities(x).argmax(axis=1) == y).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=600)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    started = datetime.now()
    x_train, y_train = dataset(corpus_memos("train"))
    x_val, y_val = dataset(corpus_memos("val"))
    model = fit(x_train, y_train, l2=args.l2, epochs=args.epochs)
    print(f"{len(y_train)} training clauses, {len(y_val)} validation clauses")
    train_accuracy, val_accuracy = accuracy(model, x_train, y_train), accuracy(model, x_val, y_val)
    print(f"clause accuracy: train {train_accuracy:.3f}, validation {val_accuracy:.3f}")
    if not args.no_save:
        model.save()
        print(f"wrote {MODEL_PATH.name} in {(datetime.now() - started).seconds} s")


if __name__ == "__main__":
    main()

"""Train the clause classifier and the outcome model on the labelled corpus: `python -m webapp.extractor.train`.

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

from .classifier import LABELS, MODEL_PATH, OTHER, THEIR_ACTION, ClauseModel, features, softmax
from .clauses import Clause, split_clauses
from .embeddings import encoder
from .outcome_model import DECIDED, OUTCOMES, OutcomeModel, memo_probabilities
from .outcome_model import MODEL_PATH as OUTCOME_MODEL_PATH
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


def dataset(memos: list[dict]) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], np.ndarray]:
    """The clause rows and labels, and for the outcome model each memo's clause embeddings and outcome index
    (clean text and what tiny.en heard are each a memo of their own): every clause is embedded once for both."""
    rows, targets, bags, outcomes = [], [], [], []
    for memo in memos:
        for clauses, labels in labelled_clauses(memo):
            vectors = encoder().encode([c.text for c in clauses])
            rows.append(features(vectors, [c.header for c in clauses], [c.text for c in clauses]))
            targets += [LABELS.index(label) for label in labels]
            bags.append(vectors)
            outcomes.append(OUTCOMES.index(memo["expect"]["outcome"]))
    return np.vstack(rows), np.array(targets), bags, np.array(outcomes)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    hidden: int = 256,
    epochs: int = 60,
    rate: float = 1e-3,
    weight_decay: float = 1e-3,
    dropout: float = 0.5,
    seed: int = 0,
) -> ClauseModel:
    """One hidden layer (ReLU, dropout) under the softmax, by Adam on mini-batches, rare classes weighted up.

    Trained on files a–h (2026-12-02), with the praise and criticism inputs, it labelled 78.2% of their
    validation clauses right where the softmax it replaced had 72.7%, and of files i, j and k (not trained on)
    81% against 77%.
    """
    rng = np.random.default_rng(seed)
    classes = len(LABELS)
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    class_weight = (counts.sum() / np.maximum(counts, 1) / classes) ** 0.5
    onehot = np.eye(classes)[y]
    params = [
        rng.uniform(-1, 1, (x.shape[1], hidden)) / np.sqrt(x.shape[1]),
        np.zeros(hidden),
        rng.uniform(-1, 1, (hidden, classes)) / np.sqrt(hidden),
        np.zeros(classes),
    ]
    moments = [np.zeros_like(p) for p in params]
    squares = [np.zeros_like(p) for p in params]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), _BATCH):
            rows = order[start : start + _BATCH]
            grads = _gradients(params, x[rows], onehot[rows], class_weight[y[rows]], dropout, rng)
            step += 1
            for p, g, m, v in zip(params, grads, moments, squares, strict=True):
                p -= rate * (_adam_direction(g, m, v, step) + weight_decay * p)
    w1, b1, w2, b2 = (p.astype(np.float32) for p in params)
    return ClauseModel(w2, b2, w1, b1)


_BATCH = 128
_INPUT_DROPOUT = 0.1


def _gradients(
    params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray, weight: np.ndarray, dropout: float, rng
) -> list[np.ndarray]:
    """The weighted cross-entropy's gradients for one mini-batch, with dropout on the input and hidden layer."""
    w1, b1, w2, b2 = params
    keep_in = (rng.random(x.shape) >= _INPUT_DROPOUT) / (1 - _INPUT_DROPOUT)
    x = x * keep_in
    pre = x @ w1 + b1
    keep = (rng.random(pre.shape) >= dropout) / (1 - dropout)
    hidden = np.maximum(pre, 0) * keep
    p = softmax(hidden @ w2 + b2)
    g = (p - onehot) * weight[:, None] / weight.sum()
    g_hidden = (g @ w2.T) * keep * (pre > 0)
    return [x.T @ g_hidden, g_hidden.sum(axis=0), hidden.T @ g, g.sum(axis=0)]


def accuracy(model: ClauseModel, x: np.ndarray, y: np.ndarray) -> float:
    """Share of clauses labelled right."""
    return float((model.probabilities(x).argmax(axis=1) == y).mean())


def fit_outcome(
    bags: list[np.ndarray], outcomes: np.ndarray, epochs: int = 300, rate: float = 0.01, weight_decay: float = 1e-3
) -> OutcomeModel:
    """The outcome model by Adam on the whole set each step: the memo's outcome is what its clauses score highest
    for, against one learned score for "unknown" (outcome_model.py). In a trial on the validation memos
    (2026-12-03), 150, 300 and 600 steps did as well as each other; a weight decay of 1e-2 left the model
    saying "unknown" to every memo."""
    rng = np.random.default_rng(0)
    params = [rng.normal(0, 0.01, (bags[0].shape[1], len(DECIDED))), np.full(len(DECIDED), -2.0), np.zeros(1)]
    moments = [np.zeros_like(p) for p in params]
    squares = [np.zeros_like(p) for p in params]
    for step in range(1, epochs + 1):
        model = OutcomeModel(*params)
        grads = [np.zeros_like(p) for p in params]
        for vectors, target in zip(bags, outcomes, strict=True):
            scores = model.clause_scores(vectors)
            share = softmax(scores.T).T  # each clause's part in the soft maximum of each outcome
            p = memo_probabilities(scores, model.unknown)
            p[target] -= 1
            g_scores = share * p[: len(DECIDED)]
            grads[0] += vectors.T @ g_scores
            grads[1] += g_scores.sum(axis=0)
            grads[2] += p[len(DECIDED)]
        grads = [g / len(bags) for g in grads]
        grads[0] += weight_decay * params[0]
        for p_, g, m, v in zip(params, grads, moments, squares, strict=True):
            p_ -= rate * _adam_direction(g, m, v, step)
    return OutcomeModel(*(p.astype(np.float32) for p in params))


def _adam_direction(gradient: np.ndarray, moment: np.ndarray, square: np.ndarray, step: int) -> np.ndarray:
    """Adam's step direction for one parameter; the running moments are updated in place."""
    moment[:] = 0.9 * moment + 0.1 * gradient
    square[:] = 0.999 * square + 0.001 * gradient * gradient
    return (moment / (1 - 0.9**step)) / (np.sqrt(square / (1 - 0.999**step)) + 1e-8)


def outcome_accuracy(model: OutcomeModel, bags: list[np.ndarray], outcomes: np.ndarray) -> float:
    """Share of memos whose outcome the model alone gets right."""
    guesses = [int(model.probabilities(vectors).argmax()) for vectors in bags]
    return float(np.mean(np.array(guesses) == outcomes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=60)
    # The shipped model is seed 1: of seeds 0-4 on the corpus of 2026-12-02 (files a-o) it labelled the most
    # validation clauses right (0.8024; the others 0.794-0.801).
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    started = datetime.now()
    x_train, y_train, bags_train, outcomes_train = dataset(corpus_memos("train"))
    x_val, y_val, bags_val, outcomes_val = dataset(corpus_memos("val"))
    model = fit(x_train, y_train, hidden=args.hidden, epochs=args.epochs, seed=args.seed)
    print(f"{len(y_train)} training clauses, {len(y_val)} validation clauses")
    train_accuracy, val_accuracy = accuracy(model, x_train, y_train), accuracy(model, x_val, y_val)
    print(f"clause accuracy: train {train_accuracy:.3f}, validation {val_accuracy:.3f}")
    outcomes = fit_outcome(bags_train, outcomes_train)
    train_accuracy = outcome_accuracy(outcomes, bags_train, outcomes_train)
    val_accuracy = outcome_accuracy(outcomes, bags_val, outcomes_val)
    print(f"outcome accuracy of the model alone: train {train_accuracy:.3f}, validation {val_accuracy:.3f}")
    if not args.no_save:
        model.save()
        outcomes.save()
        print(f"wrote {MODEL_PATH.name} and {OUTCOME_MODEL_PATH.name} in {(datetime.now() - started).seconds} s")


if __name__ == "__main__":
    main()

"""What a clause *is*: strength, concern, advice, the user's own to-do, someone else's to-do, or nothing to note.

Rules decide where they are right (sections.classify: dictated labels and headers, cue phrases, who said
it, negation); a small network over the clause's sentence embedding (all-MiniLM-L6-v2, see embeddings.py:
one hidden layer of 256 ReLU units, then softmax) decides what the rules leave open. It was trained on the
labelled corpus in tests/data/corpus (clean text and what tiny.en heard of it) by `python -m
webapp.extractor.train`; the weights are clause_model.npz beside this file. A user's own corrections come
first: a clause close enough to one of them takes its label (nearest neighbour in the same embedding space).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .embeddings import DIMENSIONS, encoder
from .lexicon import CRITICISM_WORD, PRAISE_WORD

STRENGTHS, CONCERNS, ADVICE, ACTIONS = "strengths", "concerns", "advice", "actions"
THEIR_ACTION, OTHER = "their_action", "other"
LABELS = (STRENGTHS, CONCERNS, ADVICE, ACTIONS, THEIR_ACTION, OTHER)
MODEL_PATH = Path(__file__).with_name("clause_model.npz")
# A correction decides a clause this close to it (cosine similarity of unit vectors). Measured here:
# "They weren't sold on my SQL" / "He wasn't sold on my SQL either" 0.72, but / "They loved my SQL" 0.61
# and / "I need to practise SQL joins" 0.33.
NEIGHBOUR_SIMILARITY = 0.65
_EXAMPLE_CACHE_SIZE = 5000


def features(embeddings: np.ndarray, headers: Sequence[bool], texts: Sequence[str]) -> np.ndarray:
    """The classifier's input: the clause's embedding, whether a to-do header is in force, and whether it holds
    a word of praise and a word of criticism.

    The embedding carries the topic far more than the verdict ("my SQL was weak" lies close to "my SQL was
    strong"), so the two word lists the rules use say which way a clause leans. The clause before it as context
    added a point of validation accuracy (0.794 → 0.804) but embedding it costs as much again, and a 5-minute
    memo must take notes in under 300 ms.
    """
    header = np.asarray(headers, dtype=np.float32).reshape(-1, 1)
    lowered = [text.lower() for text in texts]
    praise = np.array([bool(PRAISE_WORD.search(t)) for t in lowered], dtype=np.float32).reshape(-1, 1)
    criticism = np.array([bool(CRITICISM_WORD.search(t)) for t in lowered], dtype=np.float32).reshape(-1, 1)
    return np.hstack([embeddings, header, praise, criticism]).astype(np.float32)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Each row's logits as probabilities (the largest subtracted first, so nothing overflows)."""
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class ClauseModel:
    weights: np.ndarray  # (hidden units, labels): the softmax layer
    bias: np.ndarray  # (labels,)
    hidden_weights: np.ndarray  # (features, hidden units): a ReLU layer under it
    hidden_bias: np.ndarray  # (hidden units,)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Each row's probability for each of LABELS."""
        hidden = np.maximum(x @ self.hidden_weights + self.hidden_bias, 0)
        return softmax(hidden @ self.weights + self.bias)

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the weights (float16 halves the file; the scores barely move)."""
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            hidden_weights=self.hidden_weights.astype(np.float16),
            hidden_bias=self.hidden_bias,
            labels=np.array(LABELS),
        )


@functools.cache
def model() -> ClauseModel:
    """The trained model shipped with Debrief."""
    data = np.load(MODEL_PATH)
    if tuple(data["labels"]) != LABELS:
        raise RuntimeError(f"{MODEL_PATH.name} was trained for other labels: retrain it.")
    if "hidden_weights" not in data:
        raise RuntimeError(f"{MODEL_PATH.name} is the older model without a hidden layer: retrain it.")
    return ClauseModel(*(data[key].astype(np.float32) for key in ("weights", "bias", "hidden_weights", "hidden_bias")))


class ClauseVectors:
    """The sentence embeddings of a memo's clauses, each computed at most once and only when asked for
    (embedding is most of the time extraction takes)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self._vectors = np.zeros((len(self.texts), DIMENSIONS), dtype=np.float32)
        self._done = np.zeros(len(self.texts), dtype=bool)

    def rows(self, indices: Sequence[int]) -> np.ndarray:
        """The embeddings of these clauses, in this order."""
        missing = [i for i in dict.fromkeys(indices) if not self._done[i]]
        if missing:
            self._vectors[missing] = encoder().encode([self.texts[i] for i in missing])
            self._done[missing] = True
        return self._vectors[list(indices)]

    def all(self) -> np.ndarray:
        """The embeddings of every clause."""
        return self.rows(range(len(self.texts)))


def label_clauses(
    texts: Sequence[str],
    rule_labels: Sequence[str | None],
    headers: Sequence[bool],
    examples: Sequence[tuple[str, str]] = (),
    vectors: ClauseVectors | None = None,
) -> list[str]:
    """A label from LABELS for each clause: the user's examples first, then the rules where they
    decide (headers, cue phrases, negation), then the classifier for everything they leave open."""
    vectors = ClauseVectors(texts) if vectors is None else vectors
    open_rows = [i for i, rule in enumerate(rule_labels) if rule is None]
    labels = list(rule_labels)
    if open_rows:
        x = features(vectors.rows(open_rows), [headers[i] for i in open_rows], [texts[i] for i in open_rows])
        for row, index in zip(open_rows, model().probabilities(x).argmax(axis=1), strict=True):
            labels[row] = LABELS[index]
    if not examples:
        return labels
    return _apply_examples(vectors.all(), labels, examples)


def _apply_examples(vectors: np.ndarray, labels: list[str], examples: Sequence[tuple[str, str]]) -> list[str]:
    known = _example_vectors([text for text, _ in examples])
    similarity = vectors @ known.T
    best = similarity.argmax(axis=1)
    return [
        examples[j][1] if similarity[i, j] >= NEIGHBOUR_SIMILARITY else label
        for i, (j, label) in enumerate(zip(best, labels, strict=True))
    ]


_example_cache: dict[str, np.ndarray] = {}


def _example_vectors(texts: list[str]) -> np.ndarray:
    """Embeddings of the user's examples, each computed once per process (a worker sees the same ones often)."""
    missing = list(dict.fromkeys(t for t in texts if t not in _example_cache))
    if len(_example_cache) + len(missing) > _EXAMPLE_CACHE_SIZE:
        _example_cache.clear()
        missing = list(dict.fromkeys(texts))
    if missing:
        _example_cache.update(zip(missing, encoder().encode(missing), strict=True))
    return np.vstack([_example_cache[t] for t in texts])

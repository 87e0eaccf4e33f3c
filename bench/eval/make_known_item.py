#!/usr/bin/env python3
"""Builds the known-item query set of the evaluation from the corpus.

For a deterministic sample of questions au gouvernement (L15, L16) and written
questions (L16) of ../shared/corpus, the query is the question's analyse (the
Assemblée's own short title) typed the way people type into a search box:
lower case, stopwords dropped, accents dropped in every other query, straight
apostrophes turned typographic in every third. The expected documents are all
questions carrying the same analyse (compared case- and accent-insensitively).
Analyses shared by more than three questions ("Réforme des retraites") are too
generic to name one document and are left out.

Usage: make_known_item.py [CORPUS_DIR] > known_item.tsv
"""
import collections
import json
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

STOPWORDS = set("""a au aux avec ce ces d dans de des du elle en et eux il je l la le les leur lui ma mais me
même mes moi mon ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur ta te tes toi ton tu un une
vos votre vous c j m n t y été""".split())


def fold(text):
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def read_jsonl(path):
    out = subprocess.run(["zstd", "-dc", str(path)], capture_output=True, check=True).stdout
    for line in out.decode("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def analyse_of(question):
    index = question.get("indexationAN") or {}
    node = index.get("analyses") or index.get("ANALYSE") or {}
    value = node.get("analyse") or node.get("ANA") if isinstance(node, dict) else None
    if isinstance(value, list):
        value = " ; ".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else None


def questions(corpus):
    for name in ("an_qg_l15/qg_l15.jsonl.zst", "an_qg_l16/qg_l16.jsonl.zst"):
        for row in read_jsonl(corpus / name):
            q = row["question"]
            analyse = analyse_of(q)
            if analyse:
                yield q["uid"], analyse
    for row in read_jsonl(corpus / "an_qe_l16_scraped/qe_l16_scraped.jsonl.zst"):
        if row.get("titre"):
            yield row["uid"], row["titre"]


def words(text):
    cleaned = "".join(c if c.isalnum() or c in "'’-" else " " for c in text.lower())
    result = []
    for word in cleaned.split():
        word = word.replace("’", "'")
        if "'" in word:
            head, _, tail = word.partition("'")
            if head in {"l", "d", "qu", "n", "s", "c", "j", "m", "t", "jusqu", "lorsqu", "puisqu"}:
                word = tail
        if word and word not in STOPWORDS:
            result.append(word)
    return result


def main():
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared" / "corpus"
    by_analyse = collections.defaultdict(list)
    for uid, analyse in questions(corpus):
        by_analyse[fold(analyse.lower()).strip()].append((uid, analyse))
    candidates = sorted(k for k, v in by_analyse.items() if len(v) <= 3 and len(words(k)) >= 2)
    rng = random.Random(20261125)
    sample = rng.sample(candidates, 300)
    print("# query\texpected ids (any of them is the right answer)\tanalyse")
    for n, key in enumerate(sample):
        members = by_analyse[key]
        analyse = members[0][1]
        typed = words(analyse)
        if n % 2 == 0:
            typed = [fold(w) for w in typed]
        query = " ".join(typed)
        if n % 3 == 0:
            query = query.replace("'", "’")
        print(f"{query}\t{','.join(sorted(uid for uid, _ in members))}\t{analyse}")


if __name__ == "__main__":
    main()

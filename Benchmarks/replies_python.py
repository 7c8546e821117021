#!/usr/bin/env python3
"""The in-process baselines of `Benchmarks/run replies`: over the same cases of the reply corpus
as Benchmarks/InProcess's `replies-inprocess`, inside this one Python process, files read before
the timed part, one untimed warm-up pass, then --passes timed passes with each case timed alone:

  talon  mailgun's talon as Benchmarks/talon_jsonl.py runs it for the scorer (an eml case
         reduced to its text/plain body by `email` policy=default, a body case decoded as
         UTF-8; then quotations.extract_from_plain and the rule-based signature stripping)
  email  Python's `email` alone, policy=default, get_body(('plain',)).get_content(), over the
         messages Tightrope reads: an eml case as it is, a body case as the only text/plain
         part of a message (the same bytes as ReadingPipeline.message(body:))

Prints one JSON line: {"talon": {...}, "email": {...}}, each with cases, seconds (median pass),
cases_per_s, worst_ms (the largest of the cases' median times), worst_case, worst_single_ms,
median_case_ms and timing_only (the unscored 766 KB case, timed apart as the scorer does).

  replies_python.py [--corpus DIR] [--passes N]
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from talon_jsonl import body_of, talon_reply  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpora", "replies")
WRAP = b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"


def load(corpus):
    cases = []
    with open(os.path.join(corpus, "manifest.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                c = json.loads(line)
                with open(os.path.join(corpus, c["input_path"]), "rb") as g:
                    raw = g.read()
                cases.append(dict(id=c["id"], kind=c["input_kind"], raw=raw, scored=c.get("scored", True),
                                  message=raw if c["input_kind"] == "eml" else WRAP + raw))
    return cases


def talon_case(c):
    return talon_reply(c["kind"], c["raw"])


def email_case(c):
    return body_of(c["message"])


def measure(fn, cases, passes):
    scored = [c for c in cases if c["scored"]]
    sink = 0
    for c in cases:  # warm-up
        sink += len(fn(c) or "")
    per_case = [[] for _ in scored]
    pass_ns = []
    for _ in range(passes):
        start = time.perf_counter_ns()
        for i, c in enumerate(scored):
            t0 = time.perf_counter_ns()
            out = fn(c)
            per_case[i].append(time.perf_counter_ns() - t0)
            sink += len(out or "")
        pass_ns.append(time.perf_counter_ns() - start)
    medians = [statistics.median(t) for t in per_case]
    worst = max(range(len(scored)), key=lambda i: medians[i])
    timing_only = {}
    for c in cases:
        if not c["scored"]:
            times = []
            for _ in range(passes):
                t0 = time.perf_counter_ns()
                sink += len(fn(c) or "")
                times.append(time.perf_counter_ns() - t0)
            timing_only[c["id"]] = statistics.median(times) / 1e6
    seconds = statistics.median(pass_ns) / 1e9
    return dict(cases=len(scored), passes=passes, seconds=seconds, cases_per_s=len(scored) / seconds,
                worst_ms=medians[worst] / 1e6, worst_case=scored[worst]["id"],
                worst_single_ms=max(max(t) for t in per_case) / 1e6, median_case_ms=statistics.median(medians) / 1e6,
                timing_only=timing_only, output_chars=sink)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.environ.get("TIGHTROPE_REPLIES_CORPUS") or CORPUS)
    ap.add_argument("--passes", type=int, default=5)
    a = ap.parse_args()
    cases = load(a.corpus)
    print(json.dumps({"talon": measure(talon_case, cases, a.passes), "email": measure(email_case, cases, a.passes)}, sort_keys=True))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds the seed corpus of one fuzz target from the project's fixtures and the shared corpora.

    Fuzz/seeds.py TARGET OUT_DIR

Nothing it writes is committed: the seeds are made at run time, each file named by the SHA-1 of
its content (as libFuzzer names its own), so that the same input is written once. The shared
corpora are `../shared/corpora` beside the repository; a missing folder is skipped.

- fuzz-mime, fuzz-answers: raw messages (.eml, the MIME corpus's .msg and .txt messages).
- fuzz-html: the text/html parts of those messages, decoded, and the HTML templates.
- fuzz-reply: decoded bodies (the reply corpus's .input.txt, the project's reply fixtures, and
  the text parts of every message).
- fuzz-safety: the labelled texts of Tests/Evaluation and the plain-text bodies of the replies.

Every target also gets its committed regression inputs, Tests/Fixtures/fuzz/TARGET/.
"""
import email
import email.policy
import hashlib
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpora"

MAX_SEED = 4 << 20  # a seed larger than this is no use to a mutating run


def files(root, suffixes=None, names=None):
    root = Path(root)
    if not root.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if suffixes and not name.endswith(tuple(suffixes)):
                continue
            if names and name not in names:
                continue
            out.append(Path(dirpath) / name)
    return out


def messages():
    """Every raw message of the fixtures and corpora."""
    out = files(REPO / "Tests" / "Fixtures", [".eml"])
    out += files(REPO / "seeds" / "replies", [".eml"])
    out += files(SHARED / "mime" / "messages")
    out += files(SHARED / "answers" / "cases", [".eml"])
    out += files(SHARED / "replies", [".input.eml"])
    regression = REPO / "Tests" / "Fixtures" / "fuzz"
    return [p for p in out if regression not in p.parents]


def parts(path, subtype):
    """The decoded text parts of one message with that subtype ('plain' or 'html')."""
    try:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
    except Exception:
        return []
    out = []
    for part in msg.walk():
        if part.get_content_maintype() != "text" or part.get_content_subtype() != subtype:
            continue
        try:
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            try:
                text = payload.decode(charset, errors="replace")
            except LookupError:
                text = payload.decode("utf-8", errors="replace")
            out.append(text.encode("utf-8"))
        except Exception:
            continue
    return out


def safety_texts():
    out = []
    for tsv in files(REPO / "Tests" / "Evaluation", [".tsv"]):
        for line in tsv.read_text(encoding="utf-8", errors="replace").splitlines():
            fields = line.split("\t")
            if len(fields) >= 4 and fields[0] in ("risk", "safe"):
                out.append("\t".join(fields[3:]).encode("utf-8"))
    return out


def seeds(target):
    if target in ("fuzz-mime", "fuzz-answers"):
        for p in messages():
            yield p.read_bytes()
    elif target == "fuzz-html":
        for p in messages():
            yield from parts(p, "html")
        for p in files(REPO / "Templates", ["html.mustache"]):
            yield p.read_bytes()
    elif target == "fuzz-reply":
        for p in files(SHARED / "replies", [".input.txt"]):
            yield p.read_bytes()
        for p in files(REPO / "Tests" / "TightropeMailTests" / "Fixtures" / "replies", [".txt"]):
            if not p.name.endswith(".expected.txt"):
                yield p.read_bytes()
        for p in messages():
            yield from parts(p, "plain")
            yield from parts(p, "html")
    elif target == "fuzz-safety":
        yield from safety_texts()
        for p in messages():
            if "mime" not in p.parts:
                yield from parts(p, "plain")
    else:
        raise SystemExit(f"seeds.py: unknown target {target}")
    for p in files(REPO / "Tests" / "Fixtures" / "fuzz" / target):
        if not p.name.endswith(".md"):
            yield p.read_bytes()


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    target, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for data in seeds(target):
        if not data or len(data) > MAX_SEED:
            continue
        path = out / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            written += 1
    print(f"{target}: {written} seeds in {out}")


if __name__ == "__main__":
    main()

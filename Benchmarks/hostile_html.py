#!/usr/bin/env python3
"""Writes the hostile HTML inputs for the HTML-to-text benchmark (BENCHMARKS.md, "HTML to text").

    python3 hostile_html.py OUTDIR

Each file is UTF-8 HTML, deterministic (no randomness), named <case>.html. The cases:

  bq-deep-10k-140KB   10,000 nested <blockquote>, one word at every level, never closed (the smallest a
                      10,000-deep nest with text at every level can be; the brief's "100 KB" size)
  bq-deep-10k-1MB     10,000 nested <blockquote>, ~75 bytes of text at every level, all closed at the end
  bq-deep-10k-5MB     the same with ~475 bytes of text at every level
  div-100k-unclosed   100,000 <div> never closed, one word in each
  line-5MB            5 MB of words on one line, no tags but one <div>
  amp-1MB             1 MB of &amp; (200,000 entities) and nothing else
  attr-unclosed-1MB   <a title=" followed by 1 MB of text, the quote never closed
  comment-unclosed    <!-- followed by 1 MB of text, never closed
  tables-nested-5k    5,000 nested <table><tr><td>, a word in each cell, all closed at the end
  script-unclosed     <p>before</p><script> followed by 1 MB of script-like text (with "<" and ">"), never closed
Extras, aimed at known weak spots of tree-building HTML parsers:
  attr-unclosed-many  10,000 <a title="x>word  tags, each quote never closed (each tag rescans to the end?)
  stray-end-tags      50,000 unclosed <div>, then 50,000 </span> that match nothing (end tag vs. open stack)
  inline-deep-100k    100,000 nested <b> never closed, a word in each
  attrs-many-100k     one <div> with 100,000 distinct attributes (~0.9 MB)
  stray-end-shallow   250 unclosed <div>, then 500,000 </span> (stays under libxml2's default 256-level limit)
"""
import os
import sys

MB = 1 << 20


def words(n_bytes, seed=0):
    """Deterministic filler prose of about n_bytes."""
    vocab = ["quiet", "evening", "we", "talked", "about", "the", "week", "and", "it", "felt", "closer", "than",
             "before", "room", "for", "myself", "maybe", "three", "four", "tomorrow"]
    out, size, i = [], 0, seed
    while size < n_bytes:
        w = vocab[(i * 7 + 3) % len(vocab)]
        out.append(w)
        size += len(w) + 1
        i += 1
    return " ".join(out)[:n_bytes]


def bq_deep(depth, text_bytes, closed):
    parts = ["<html><body>"]
    for i in range(depth):
        parts.append("<blockquote>")
        parts.append(("L%d " % i) + (words(text_bytes, i) if text_bytes > 0 else ""))
    if closed:
        parts.append("</blockquote>" * depth)
    parts.append("</body></html>")
    return "".join(parts)


def cases():
    yield "bq-deep-10k-140KB", bq_deep(10_000, 0, closed=False)
    yield "bq-deep-10k-1MB", bq_deep(10_000, 1 * MB // 10_000 - 30, closed=True)
    yield "bq-deep-10k-5MB", bq_deep(10_000, 5 * MB // 10_000 - 30, closed=True)
    yield "div-100k-unclosed", "<div>w " * 100_000
    yield "line-5MB", "<div>" + words(5 * MB) + "</div>"
    yield "amp-1MB", "&amp;" * (MB // 5)
    yield "attr-unclosed-1MB", '<p>before</p><a title="' + words(MB)
    yield "comment-unclosed", "<p>before</p><!--" + words(MB)
    yield "tables-nested-5k", "<table><tr><td>cell " * 5_000 + "</td></tr></table>" * 5_000
    script = "if (a < b && c > d) { x = '<p>' + y; }\n"
    yield "script-unclosed", "<p>before</p><script>" + script * (MB // len(script))
    yield "attr-unclosed-many", '<a title="x>word ' * 10_000
    yield "stray-end-tags", stray_end_tags(50_000)
    yield "inline-deep-100k", "<b>w " * 100_000
    yield "attrs-many-100k", attrs_many(100_000)
    yield "stray-end-shallow", "<div>w " * 250 + "</span>" * 500_000


def attrs_many(n):
    return "<div " + " ".join("a%d=1" % i for i in range(n)) + ">text</div>"


def stray_end_tags(n):
    return "<div>w " * n + "</span>" * n


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "hostile"
    os.makedirs(out, exist_ok=True)
    for name, html in cases():
        path = os.path.join(out, name + ".html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(html)
        print("%-20s %10d bytes" % (name, os.path.getsize(path)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""HTML to text: libxml2's HTML parser against Tightrope's hand-written tokenizer (BENCHMARKS.md).

    nice -n 10 python3 measure.py [--bin .build/release/htmlcmp] [--corpora /work/shared/corpora]
                                  [--hostile hostile] [--out results] [--reps 5] [--timeout 120]
                                  [--maxquote N] [--skip-speed] [--skip-hostile]

`--bin` is the htmlcmp harness (Sources/htmlcmp/main.swift of the scratch package): it runs one
converter over JSON lines and, on the text it produced, the project's own ReplyExtractor.

Converters measured:
  hand          Tightrope's HTMLText.toText as it is now (the harness's snapshot of TightropeMail):
                quote markers capped at ReadingLimits.standard.maxQuoteDepth (8)
  hand-old      the version before the cap (5f43d6c), one "> " per nesting level
  xmltree       htmlReadMemory(RECOVER|NOERROR|NOWARNING|NONET), iterative walk of the tree
  xmltree-huge  the same with XML_PARSE_HUGE (no 256-level depth limit)
  xmlsax        htmlCreatePushParserCtxt + SAX callbacks, 64 KB chunks, no tree
All three libxml2 ones write text by the same rules as `hand` (block elements end lines, <br>/<p>
always do, <blockquote> adds a "> " level, td/th separated by a space, script/style/head/title/template
dropped, whitespace runs collapsed, blank-line runs collapsed); `--maxquote N` caps the "> " levels
written per line, to match the capped hand version (default 8, as ReadingLimits.standard).

Neutral references, computed here in Python with the same output rules:
  pyref   the standard library's html.parser (a tokenizer; no implied end tags)
  lxml    lxml.html's parser (libxml2 2.14's HTML5-style tokenizer and tree builder), if installed

Inputs:
  mime      every text/html part of corpora/mime/messages (decoded by Python's email, policy=default);
            `chosen` marks the parts get_body(('plain','html')) picks (the html-only messages)
  answers   the text/html part of every answers/cases/*.eml, with the text/plain alternative if any
            and expected.json's reflection_contains
  replies   the text/html part of the replies corpus .eml inputs (talon_std), with the plain alternative
  hostile   hostile/*.html (hostile_html.py)

Figures:
  agreement   per pair, share of documents whose text is equal after normalising: `loose` = quote
              prefixes reduced to quoted/unquoted and all whitespace runs (line breaks too) collapsed;
              `lines` = the same but line breaks kept (blank lines dropped)
  reply       ReplyExtractor.extract on each converter's text: equal to hand's (reply-conformance
              normalisation, and `loose`), equal to the extraction of the text/plain alternative (whitespace
              collapsed), and the answers' reflection phrase found in it
  speed       MB/s of HTML in, median of `--reps` timed runs; for the Swift converters each run is its own
              process (one warm-up pass, then `--inner` passes over the set, timed), the converters
              interleaved round by round; the Python ones run in this process, one pass per run
  worst case  wall time and peak RSS (/usr/bin/time -v) per hostile file, one process per run,
              output bytes and lines; killed after `--timeout` s
"""
import argparse
import email
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import time
from email import policy
from html.parser import HTMLParser

IMPLS = {
    "hand": ("hand", {}),
    "hand-old": ("hand-old", {}),
    "xmltree": ("xmltree", {}),
    "xmltree-huge": ("xmltree", {"HTMLCMP_HUGE": "1"}),
    "xmlsax": ("xmlsax", {}),
}

BLOCK = {"div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "section",
         "article", "header", "footer", "dd", "dt", "address"}
SKIP = {"script", "style", "head", "title", "template"}


# ---------------------------------------------------------------- Python references (same output rules)

class Sink:
    def __init__(self, maxquote):
        self.lines, self.line, self.depth, self.pending, self.maxquote = [], [], 0, False, maxquote

    def end_line(self):
        text = "".join(self.line).strip(" \t")
        d = min(self.depth, self.maxquote)
        self.lines.append(("> " * d + text).strip(" \t") if d > 0 else text)
        self.line, self.pending = [], False

    def element(self, tag, closing):
        if tag in BLOCK:
            if self.line:
                self.end_line()
        elif tag == "br":
            if not closing:
                self.end_line()
        elif tag == "p":
            self.end_line()
        elif tag == "blockquote":
            if self.line:
                self.end_line()
            self.depth = max(0, self.depth + (-1 if closing else 1))
        elif tag in ("td", "th"):
            self.pending = bool(self.line)

    def text(self, s):
        for ch in s:
            if ch in " \t\n\r":
                self.pending = True
                continue
            if self.pending and self.line:
                self.line.append(" ")
            self.pending = False
            self.line.append(" " if ch == "\u00a0" else ch)

    def finish(self):
        if self.line:
            self.end_line()
        out = []
        for l in self.lines:
            if not (l == "" and (not out or out[-1] == "")):
                out.append(l)
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out)


class _PyRef(HTMLParser):
    def __init__(self, maxquote):
        super().__init__(convert_charrefs=True)
        self.sink, self.skip = Sink(maxquote), 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        elif not self.skip:
            self.sink.element(tag, False)

    def handle_startendtag(self, tag, attrs):
        if not self.skip and tag not in SKIP:
            self.sink.element(tag, False)
            if tag != "br":
                self.sink.element(tag, True)

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif not self.skip:
            self.sink.element(tag, True)

    def handle_data(self, data):
        if not self.skip:
            self.sink.text(data)


def pyref(html, maxquote=10**9):
    p = _PyRef(maxquote)
    p.feed(html)
    p.close()
    return p.sink.finish()


def lxml_ref(html, maxquote=10**9):
    from lxml import etree
    parser = etree.HTMLParser(recover=True, no_network=True, huge_tree=True, encoding="utf-8")
    root = etree.fromstring(html.encode("utf-8", "surrogatepass"), parser) if html.strip() else None
    sink = Sink(maxquote)
    if root is None:
        return ""
    stack = [(root, False)]
    while stack:
        el, done = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else None
        if done:
            sink.element(tag, True)
            if el.tail:
                sink.text(el.tail)
            continue
        if tag is None or tag in SKIP:  # comments, PIs, skipped elements: only the tail counts
            if el.tail:
                sink.text(el.tail)
            continue
        sink.element(tag, False)
        if el.text:
            sink.text(el.text)
        stack.append((el, True))
        for child in reversed(list(el)):
            stack.append((child, False))
    return sink.finish()


# ---------------------------------------------------------------- inputs

def content(part):
    try:
        return part.get_content()
    except Exception:
        payload = part.get_payload(decode=True) or b""
        return payload.decode(part.get_content_charset() or "utf-8", "replace")


def mime_inputs(corpora):
    root = os.path.join(corpora, "mime", "messages")
    out = []
    for line in open(os.path.join(corpora, "mime", "manifest.jsonl")):
        m = json.loads(line)
        try:
            msg = email.message_from_bytes(open(os.path.join(root, m["path"]), "rb").read(), policy=policy.default)
            try:
                chosen = msg.get_body(("plain", "html"))
            except Exception:
                chosen = None
            for k, part in enumerate(msg.walk()):
                if part.get_content_type() == "text/html":
                    out.append({"id": "%s#%d" % (m["id"], k), "html": content(part), "chosen": part is chosen})
        except Exception as e:
            print("skip", m["id"], e, file=sys.stderr)
    return out


def html_and_plain(msg):
    html = plain = None
    for part in msg.walk():
        if part.is_attachment():
            continue
        t = part.get_content_type()
        if t == "text/html" and html is None:
            html = content(part)
        elif t == "text/plain" and plain is None:
            plain = content(part)
    return html, plain


def answers_inputs(corpora):
    out = []
    for path in sorted(glob.glob(os.path.join(corpora, "answers", "cases", "*.eml"))):
        msg = email.message_from_bytes(open(path, "rb").read(), policy=policy.default)
        html, plain = html_and_plain(msg)
        if html is None:
            continue
        exp = json.load(open(path[:-4] + ".expected.json"))
        rec = {"id": os.path.basename(path)[:-4], "html": html, "phrase": exp.get("reflection_contains"),
               "must_not": exp.get("reflection_must_not_contain") or []}
        if plain is not None:
            rec["plain"] = plain
        out.append(rec)
    return out


def replies_inputs(corpora):
    out = []
    for line in open(os.path.join(corpora, "replies", "manifest.jsonl")):
        m = json.loads(line)
        if m.get("input_kind") != "eml":
            continue
        msg = email.message_from_bytes(open(os.path.join(corpora, "replies", m["input_path"]), "rb").read(),
                                       policy=policy.default)
        html, plain = html_and_plain(msg)
        if html is None:
            continue
        rec = {"id": m["id"], "html": html}
        if plain is not None:
            rec["plain"] = plain
        out.append(rec)
    return out


# ---------------------------------------------------------------- normalisation

QUOTE = re.compile(r"^(?:>[ \t]?)+")


def norm_lines(text):
    """Non-blank lines, each with its quote prefix reduced to '> ' (quoted or not) and spaces collapsed."""
    out = []
    for line in text.split("\n"):
        m = QUOTE.match(line)
        rest = line[m.end():] if m else line
        rest = " ".join(rest.split())
        if not rest:
            continue
        out.append(("> " + rest) if m else rest)
    return out


def loose(text):
    return " ".join(" ".join(norm_lines(text)).split())


def strict_lines(text):
    return "\n".join(norm_lines(text))


def conformance(text):
    """reply-conformance's normalisation: CRLF to LF, lines stripped, blank runs collapsed, ends stripped."""
    lines = [l.strip() for l in text.replace("\r\n", "\n").split("\n")]
    out = []
    for l in lines:
        if not (l == "" and out and out[-1] == ""):
            out.append(l)
    return "\n".join(out).strip()


def phrase_norm(s):
    s = (s or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(s.replace("\u00a0", " ").split()).lower()


# ---------------------------------------------------------------- running the harness

def run_convert(binary, impl, records, maxquote):
    arg, env = IMPLS[impl] if impl in IMPLS else (impl, {})
    e = dict(os.environ, **env)
    if maxquote is not None:
        e["HTMLCMP_MAXQUOTE"] = str(maxquote)
    data = "".join(json.dumps({k: r[k] for k in ("id", "html", "plain") if k in r}) + "\n" for r in records)
    p = subprocess.run([binary, "convert", arg], input=data.encode(), stdout=subprocess.PIPE, env=e, check=True)
    return {d["id"]: d for d in map(json.loads, p.stdout.decode().splitlines())}


def python_outputs(binary, records, fn, maxquote):
    """A Python reference's text, and ReplyExtractor on it (through the harness's identity converter)."""
    texts = {}
    for r in records:
        try:
            texts[r["id"]] = fn(r["html"], maxquote if maxquote is not None else 10**9)
        except Exception as e:
            print("reference failed on", r["id"], e, file=sys.stderr)
            texts[r["id"]] = ""
    as_text = [{"id": r["id"], "html": texts[r["id"]]} for r in records]
    out = run_convert(binary, "identity", as_text, None)
    for i, t in texts.items():
        out[i]["text"] = t
    return out


def agreement(records, outputs, names):
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            lo = li = 0
            for r in records:
                ta, tb = outputs[a][r["id"]]["text"], outputs[b][r["id"]]["text"]
                lo += loose(ta) == loose(tb)
                li += strict_lines(ta) == strict_lines(tb)
            rows.append({"a": a, "b": b, "n": len(records), "loose": lo, "lines": li})
    return rows


def reply_figures(records, outputs, names):
    res = {}
    with_plain = [r for r in records if "plain" in r]
    with_phrase = [r for r in records if r.get("phrase")]
    for n in names:
        o = outputs[n]
        res[n] = {
            "n": len(records),
            "same_reply_as_hand": sum(conformance(o[r["id"]]["reply"]) == conformance(outputs["hand"][r["id"]]["reply"])
                                      for r in records),
            "same_reply_as_hand_loose": sum(loose(o[r["id"]]["reply"]) == loose(outputs["hand"][r["id"]]["reply"])
                                            for r in records),
            "with_plain": len(with_plain),
            "same_reply_as_plain": sum(" ".join(o[r["id"]]["reply"].split()) == " ".join(o[r["id"]]["plain_reply"].split())
                                       for r in with_plain if "plain_reply" in o[r["id"]]),
            "with_phrase": len(with_phrase),
            "phrase_found": sum(phrase_norm(r["phrase"]) in phrase_norm(o[r["id"]]["reply"]) for r in with_phrase),
        }
    # plain_reply is only written by the harness converters; the Python ones borrow hand's.
    return res


def bench(binary, impl, path, reps, inner):
    arg, env = IMPLS[impl]
    p = subprocess.run([binary, "bench", arg, str(reps), path, str(inner)], stdout=subprocess.PIPE, check=True,
                       env=dict(os.environ, **env))
    d = json.loads(p.stdout)
    med = statistics.median(d["runs"])
    return {"docs": d["docs"], "bytes": d["bytes"], "median_s": med, "mb_s": d["bytes"] / med / 1e6,
            "runs": d["runs"]}


def bench_python(fn, records, reps):
    docs = [r["html"] for r in records]
    total = sum(len(d.encode("utf-8", "surrogatepass")) for d in docs)
    for d in docs:
        fn(d)
    runs = []
    for _ in range(reps):
        t = time.perf_counter()
        for d in docs:
            fn(d)
        runs.append(time.perf_counter() - t)
    med = statistics.median(runs)
    return {"docs": len(docs), "bytes": total, "median_s": med, "mb_s": total / med / 1e6, "runs": runs}


def worst_case(binary, impl, path, timeout, maxquote):
    arg, env = IMPLS[impl]
    e = dict(os.environ, **env)
    if maxquote is not None:
        e["HTMLCMP_MAXQUOTE"] = str(maxquote)
    try:
        p = subprocess.run(["/usr/bin/time", "-v", binary, "one", arg, path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=e, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    err = p.stderr.decode(errors="replace")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", err).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    res = {"rss_kb": rss, "wall_s": secs, "exit": p.returncode}
    if p.returncode == 0:
        res.update(json.loads(p.stdout))
    return res


# ---------------------------------------------------------------- main

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(here, ".build/release/htmlcmp"))
    ap.add_argument("--corpora", default="/work/shared/corpora")
    ap.add_argument("--hostile", default=os.path.join(here, "hostile"))
    ap.add_argument("--out", default=os.path.join(here, "results"))
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--inner", type=int, default=10, help="corpus passes per timed run of the Swift converters")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--maxquote", type=int, default=8)
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--skip-hostile", action="store_true")
    ap.add_argument("--scaling", action="store_true", help="time the superlinear hostile cases at 1/4, 1/2, 1x size")
    ap.add_argument("--report-only", action="store_true", help="print the tables of OUT/results.json again")
    a = ap.parse_args()
    if a.report_only:
        r = json.load(open(os.path.join(a.out, "results.json")))
        report(r)
        print(markdown(r))
        return
    os.makedirs(a.out, exist_ok=True)
    try:
        import lxml  # noqa: F401
        have_lxml = True
    except ImportError:
        have_lxml = False

    sets = {"mime": mime_inputs(a.corpora), "answers": answers_inputs(a.corpora), "replies": replies_inputs(a.corpora)}
    sets["mime-chosen"] = [r for r in sets["mime"] if r["chosen"]]
    for name, recs in sets.items():
        with open(os.path.join(a.out, name + ".jsonl"), "w") as f:
            for r in recs:
                f.write(json.dumps(r) + "\n")
        print("%-12s %4d documents, %9d bytes of HTML" % (name, len(recs), sum(len(r["html"].encode("utf-8", "surrogatepass")) for r in recs)))

    results = {"sets": {k: {"docs": len(v), "bytes": sum(len(r["html"].encode("utf-8", "surrogatepass")) for r in v)} for k, v in sets.items()}}
    names = list(IMPLS) + ["pyref"] + (["lxml"] if have_lxml else [])
    outputs = {}
    for set_name in ("mime", "answers", "replies"):
        recs = sets[set_name]
        outputs[set_name] = {n: run_convert(a.bin, n, recs, a.maxquote) for n in IMPLS}
        outputs[set_name]["pyref"] = python_outputs(a.bin, recs, pyref, a.maxquote)
        if have_lxml:
            outputs[set_name]["lxml"] = python_outputs(a.bin, recs, lxml_ref, a.maxquote)
        for n in ("pyref", "lxml"):
            if n in outputs[set_name]:
                for i, d in outputs[set_name][n].items():
                    if "plain_reply" in outputs[set_name]["hand"][i]:
                        d["plain_reply"] = outputs[set_name]["hand"][i]["plain_reply"]
    outputs["mime-chosen"] = outputs["mime"]
    results["agreement"] = {s: agreement(sets[s], outputs[s], names) for s in ("mime-chosen", "mime", "answers", "replies")}
    results["reply"] = {s: reply_figures(sets[s], outputs[s], names) for s in ("mime", "answers", "replies")}
    # Documents where the converters of the harness do not all agree (loose text or reply), for reading.
    with open(os.path.join(a.out, "differences.txt"), "w") as f:
        for s in ("mime", "answers", "replies"):
            for r in sets[s]:
                o = outputs[s]
                t = {n: loose(o[n][r["id"]]["text"]) for n in IMPLS}
                rp = {n: conformance(o[n][r["id"]]["reply"]) for n in IMPLS}
                if len(set(t.values())) > 1 or len(set(rp.values())) > 1:
                    f.write("=" * 30 + " %s %s\n" % (s, r["id"]))
                    for n in names:
                        f.write("--- %s text:\n%s\n--- %s reply:\n%s\n" % (n, o[n][r["id"]]["text"][:3000], n,
                                                                          o[n][r["id"]]["reply"][:1500]))

    if not a.skip_speed:
        results["speed"] = {}
        for s in ("mime", "answers"):
            path = os.path.join(a.out, s + ".jsonl")
            # Interleaved: round k runs every converter once (own process, one warm-up pass, one
            # timed run of --inner passes), so that load from elsewhere falls on all of them alike.
            runs = {n: [] for n in IMPLS}
            for _ in range(a.reps):
                for n in IMPLS:
                    d = bench(a.bin, n, path, 1, a.inner)
                    runs[n] += d["runs"]
                    last = d
            results["speed"][s] = {}
            for n in IMPLS:
                med = statistics.median(runs[n])
                results["speed"][s][n] = {"docs": last["docs"], "bytes": last["bytes"], "median_s": med,
                                          "mb_s": last["bytes"] / med / 1e6, "runs": runs[n]}
            results["speed"][s]["pyref"] = bench_python(pyref, sets[s], a.reps)
            if have_lxml:
                results["speed"][s]["lxml"] = bench_python(lxml_ref, sets[s], a.reps)

    if not a.skip_hostile:
        results["hostile"] = {}
        tiny = os.path.join(a.out, "tiny.html")
        open(tiny, "w").write("<p>x</p>")
        files = [tiny] + sorted(glob.glob(os.path.join(a.hostile, "*.html")))
        for path in files:
            name = os.path.basename(path)[:-5]
            results["hostile"][name] = {}
            for n in IMPLS:
                r = worst_case(a.bin, n, path, a.timeout, a.maxquote)
                results["hostile"][name][n] = r
                print("hostile %-20s %-13s %s" % (name, n, r), flush=True)

    if a.scaling:
        sys.path.insert(0, here)
        import hostile_html
        results["scaling"] = {}
        for case, fn, sizes in (("attrs-many", hostile_html.attrs_many, (25_000, 50_000, 100_000)),
                                ("stray-end-tags", hostile_html.stray_end_tags, (25_000, 50_000, 100_000))):
            for n in sizes:
                path = os.path.join(a.out, "%s-%d.html" % (case, n))
                open(path, "w").write(fn(n))
                for impl in IMPLS:
                    r = worst_case(a.bin, impl, path, a.timeout, a.maxquote)
                    results["scaling"]["%s-%d/%s" % (case, n, impl)] = r
                    print("scaling %-22s %-13s %s" % ("%s-%d" % (case, n), impl, r), flush=True)
                os.remove(path)

    json.dump(results, open(os.path.join(a.out, "results.json"), "w"), indent=1)
    report(results)
    md = markdown(results)
    open(os.path.join(a.out, "tables.md"), "w").write(md)
    print(md)


def report(r):
    for s, rows in r["agreement"].items():
        print("\nagreement on %s (%d docs): pair, loose, lines" % (s, rows[0]["n"] if rows else 0))
        for row in rows:
            print("  %-13s %-13s %4d %4d" % (row["a"], row["b"], row["loose"], row["lines"]))
    for s, figs in r["reply"].items():
        print("\nreply extraction on %s" % s)
        for n, f in figs.items():
            print("  %-13s %s" % (n, f))
    for s, figs in r.get("speed", {}).items():
        print("\nspeed on %s" % s)
        for n, f in figs.items():
            print("  %-13s %7.1f MB/s  (median %.4f s of %s)" % (n, f["mb_s"], f["median_s"], ", ".join("%.4f" % x for x in f["runs"])))


def markdown(r):
    """The tables of BENCHMARKS.md's section, from the results."""
    conv = ["hand", "xmltree", "xmltree-huge", "xmlsax"]
    out = []
    ag = {s: {(x["a"], x["b"]): x for x in rows} for s, rows in r["agreement"].items()}

    def pair(s, a, b):
        x = ag[s].get((a, b)) or ag[s].get((b, a))
        return "%d/%d" % (x["loose"], x["n"]) if x["loose"] == x["lines"] else "%d/%d (lines %d)" % (x["loose"], x["n"], x["lines"])

    out.append("| text agreement (loose; lines where different) | " + " | ".join(conv[1:]) + " | html.parser | lxml |")
    out.append("|---|" + "---|" * (len(conv) + 1))
    for s in ("mime-chosen", "mime", "answers", "replies"):
        out.append("| %s, against hand | " % s + " | ".join(pair(s, "hand", c) for c in conv[1:] + ["pyref", "lxml"]) + " |")
        out.append("| %s, against html.parser | " % s + " | ".join(pair(s, "pyref", c) for c in conv[1:]) + " | – | %s |" % pair(s, "pyref", "lxml"))
    out.append("")
    out.append("| reply extraction | " + " | ".join(conv) + " |")
    out.append("|---|" + "---|" * len(conv))
    for s in ("answers", "replies", "mime"):
        f = r["reply"][s]
        out.append("| %s: same reply as hand (exact / loose) | " % s + " | ".join(
            "%d / %d of %d" % (f[c]["same_reply_as_hand"], f[c]["same_reply_as_hand_loose"], f[c]["n"]) for c in conv) + " |")
        if f["hand"]["with_plain"]:
            out.append("| %s: same reply as the text/plain part | " % s + " | ".join(
                "%d/%d" % (f[c]["same_reply_as_plain"], f[c]["with_plain"]) for c in conv) + " |")
        if f["hand"]["with_phrase"]:
            out.append("| %s: reflection phrase in the reply | " % s + " | ".join(
                "%d/%d" % (f[c]["phrase_found"], f[c]["with_phrase"]) for c in conv) + " |")
    if "speed" in r:
        out.append("")
        names = [n for n in ("hand", "hand-old", "xmltree", "xmltree-huge", "xmlsax", "pyref", "lxml") if n in r["speed"]["mime"]]
        out.append("| speed, MB/s (median of runs) | " + " | ".join(names) + " |")
        out.append("|---|" + "---|" * len(names))
        for s, f in r["speed"].items():
            out.append("| %s (%d docs, %.2f MB) | " % (s, f["hand"]["docs"], r["sets"][s]["bytes"] / 1e6) + " | ".join(
                "%.1f" % f[n]["mb_s"] for n in names) + " |")
    if "hostile" in r:
        out.append("")
        names = ["hand", "hand-old", "xmltree", "xmltree-huge", "xmlsax"]
        out.append("")

        def cell(x, ref):
            if x.get("timeout"):
                return "killed (timeout)"
            t = x["wall_s"]
            ts = "**%.1f s**" % t if t >= 1 else "%.2f s" % t
            note = ""
            if x.get("out", 0) * 2 < ref.get("out", 0):
                note = ", only %s out" % human(x["out"])
            elif x.get("out", 0) > 10 * max(1, ref.get("out", 0)):
                note = ", %s out" % human(x["out"])
            return "%s, %.0f MB%s" % (ts, x["rss_kb"] / 1024, note)
        out.append("| hostile input (size) | hand's output | " + " | ".join(names) + " |")
        out[-2] = None
        out.append("|---|---|" + "---|" * len(names))
        for name, d in r["hostile"].items():
            out.append("| %s (%s) | %s | " % (name, human(d["hand"].get("in", 0)), human(d["hand"].get("out", 0)))
                       + " | ".join(cell(d[n], d["hand"]) for n in names) + " |")
        out = [l for l in out if l is not None]
    if "scaling" in r:
        out.append("")
        out.append("| superlinear cases, seconds | " + " | ".join(IMPLS) + " |")
        out.append("|---|" + "---|" * len(IMPLS))
        rows = {}
        for k, x in r["scaling"].items():
            case, impl = k.split("/")
            rows.setdefault(case, {})[impl] = x
        for case, d in rows.items():
            out.append("| %s | " % case + " | ".join("%.2f" % d[n]["seconds"] if "seconds" in d[n] else "killed" for n in IMPLS) + " |")
    return "\n".join(out) + "\n"


def human(n):
    for unit, size in (("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return "%.1f %s" % (n / size, unit) if n < 10 * size else "%.0f %s" % (n / size, unit)
    return "%d B" % n


if __name__ == "__main__":
    main()

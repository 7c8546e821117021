#!/usr/bin/env python3
"""Regenerate the mail-client seed files (reply headers, separators, header
labels, device lines) from bare git snapshots of the clients' repositories.

Usage:
    python3 collect.py --mirror-root /work/.mirror [--out DIR] [--no-history]
    python3 collect.py thunderbird-l10n=/path/to/git-dir k9=/path ... [--out DIR]

Each NAME=PATH argument points at a (bare) git directory of the repository
listed in SOURCES below; with --mirror-root, PATH defaults to
ROOT/<owner>+<repo>/repo (the layout the `fetch` tool produces).  Sources that
are missing are skipped with a warning.  Only the Python standard library and
the `git` command are needed.

Output (UTF-8 JSON Lines, keys sorted, one object per line) is written to
--out (default: the directory of this script):
    reply-headers.jsonl, separators.jsonl, header-labels.jsonl,
    device-lines.jsonl
README.md is written by hand and is not regenerated.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from collections import OrderedDict
from xml.etree import ElementTree as ET

# name -> owner/repo of the snapshot the data is read from
SOURCES = OrderedDict([
    ("thunderbird-l10n", "thunderbird/thunderbird-l10n"),
    ("comm-central", "mozilla/releases-comm-central"),
    ("roundcube", "roundcube/roundcubemail"),
    ("k9", "thunderbird/thunderbird-android"),
    ("evolution", "Distrotech/evolution"),
    ("claws", "eworm-de/claws-mail"),
    ("sylpheed", "sylpheed-mail/sylpheed"),
    ("mutt", "muttmua/mutt"),
    ("neomutt", "neomutt/neomutt"),
    ("horde-imp", "horde/imp"),
    ("squirrelmail", "WiliamRamirez/WebMail"),
    ("geary", "GNOME/geary"),
    ("mailspring", "Foundry376/Mailspring"),
    ("tuta", "tutao/tutanota"),
    ("fairemail", "M66B/FairEmail"),
])


def warn(*a):
    print(*a, file=sys.stderr)


# --------------------------------------------------------------------------
# git access
# --------------------------------------------------------------------------

class Repo:
    def __init__(self, gitdir, slug):
        self.gitdir = gitdir
        self.slug = slug
        self.head = self.git("rev-parse", "HEAD").strip()
        self._cat = subprocess.Popen(
            ["git", "--git-dir", gitdir, "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def git(self, *args, check=True):
        p = subprocess.run(["git", "--git-dir", self.gitdir] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if check and p.returncode != 0:
            raise RuntimeError("git %s failed: %s" % (" ".join(args), p.stderr.decode(errors="replace")))
        return p.stdout.decode("utf-8", errors="replace")

    def ls(self, commit, *pathspecs):
        out = self.git("ls-tree", "-r", "--name-only", commit, "--", *pathspecs)
        return [l for l in out.split("\n") if l]

    def read(self, commit, path):
        self._cat.stdin.write(("%s:%s\n" % (commit, path)).encode("utf-8"))
        self._cat.stdin.flush()
        header = self._cat.stdout.readline().decode("utf-8", errors="replace").split()
        if len(header) < 3 or header[1] != "blob":
            return None
        size = int(header[2])
        data = self._cat.stdout.read(size)
        self._cat.stdout.read(1)
        return data

    def log_commits(self, regex, *pathspecs):
        """Commits (newest first) whose diff adds/removes a line matching regex."""
        out = self.git("log", "--format=%H", "-G" + regex, "--", *pathspecs, check=False)
        return [l for l in out.split("\n") if l]

    def changed(self, commit, *pathspecs):
        out = self.git("diff-tree", "--root", "-r", "--no-commit-id", "--name-only",
                       "--diff-filter=AMR", commit, "--", *pathspecs, check=False)
        return [l for l in out.split("\n") if l]

    def src(self, commit, path):
        return "%s@%s:%s" % (self.slug, commit, path)


# --------------------------------------------------------------------------
# output collection
# --------------------------------------------------------------------------

MOJIBAKE_RE = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]|[\u00c2\u00c3][\u0080-\u00bf]")


class Out:
    FILES = {
        "reply": ("reply-headers.jsonl", ("client", "locale", "template")),
        "sep": ("separators.jsonl", ("client", "locale", "kind", "text")),
        "label": ("header-labels.jsonl", ("client", "locale", "field", "label")),
        "device": ("device-lines.jsonl", ("client", "locale", "text")),
    }

    def __init__(self):
        self.rows = {k: OrderedDict() for k in self.FILES}

    def add(self, kind, row):
        _, dkeys = self.FILES[kind]
        for k in dkeys:
            if row.get(k) in (None, ""):
                return False
        # skip strings from files in a legacy charset that did not decode
        if any("\ufffd" in v for v in row.values() if isinstance(v, str)):
            return False
        # historical files occasionally hold mojibake (legacy charset read as another)
        if not row.get("current", True) and any(
                MOJIBAKE_RE.search(v) for k, v in row.items() if k in dkeys and isinstance(v, str)):
            return False
        key = tuple(row[k] for k in dkeys)
        if key in self.rows[kind]:
            return False
        self.rows[kind][key] = row
        return True

    def write(self, outdir):
        counts = {}
        for kind, (fname, _) in self.FILES.items():
            rows = sorted(self.rows[kind].values(),
                          key=lambda r: (r["client"], r["locale"], not r.get("current", True),
                                         r.get("key", ""), r.get("kind", ""), r.get("field", ""),
                                         r.get("template", r.get("text", r.get("label", "")))))
            with open(os.path.join(outdir, fname), "w", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
            counts[fname] = len(rows)
        return counts


def reply(out, client, locale, key, raw, template, source, current, **extra):
    template = template.strip("\r\n")
    if not template.strip():
        return
    row = dict(client=client, locale=locale, key=key, raw=raw, template=template,
               source=source, current=current)
    row.update(extra)
    out.add("reply", row)


def sep(out, client, locale, kind, key, raw, text, source, current):
    text = text.strip("\r\n")
    if not text.strip():
        return
    out.add("sep", dict(client=client, locale=locale, kind=kind, key=key, raw=raw,
                        text=text, source=source, current=current))


COLON_RE = re.compile(r"[\s\u00a0]*[:\uff1a\u061b][\s\u00a0]*$")


def label(out, client, locale, field, key, raw, source, current):
    lab = COLON_RE.sub("", raw.strip()).strip()
    if not lab:
        return
    out.add("label", dict(client=client, locale=locale, field=field, key=key, raw=raw,
                          label=lab, source=source, current=current))


def device(out, client, locale, key, raw, text, source, current):
    text = text.strip()
    if not text:
        return
    out.add("device", dict(client=client, locale=locale, key=key, raw=raw, text=text,
                           source=source, current=current))


# --------------------------------------------------------------------------
# locale codes
# --------------------------------------------------------------------------

SPECIAL_LOCALES = {"de_sie": "de-x-formal", "values": "en"}
ANDROID_LANG = {"in": "id", "iw": "he", "ji": "yi"}
AT_VARIANTS = {"latin": "Latn", "cyrillic": "Cyrl", "shaw": "Shaw", "Latn": "Latn"}


def norm_locale(raw):
    if raw in SPECIAL_LOCALES:
        return SPECIAL_LOCALES[raw]
    s = raw
    android = s.startswith("values-")
    if android:
        s = s[len("values-"):]
    variant = None
    if "@" in s:
        s, variant = s.split("@", 1)
    parts = [p for p in re.split(r"[-_.]", s) if p]
    lang = parts[0].lower()
    if android:
        lang = ANDROID_LANG.get(lang, lang)
    out = [lang]
    for p in parts[1:]:
        if android and re.fullmatch(r"r[A-Z]{2}", p):
            p = p[1:]
        if re.fullmatch(r"[A-Za-z]{2}|\d{3}", p):
            out.append(p.upper())
        elif re.fullmatch(r"[A-Za-z]{4}", p):
            out.append(p.title())
        else:
            out.append(p.lower() if p.lower() != "mac" else "mac")
    if variant and variant.lower() not in ("euro", "utf8", "utf-8"):
        v = AT_VARIANTS.get(variant, AT_VARIANTS.get(variant.lower()))
        out.append(v if v else variant.lower())
    return "-".join(out)


ANDROID_VALUES_RE = re.compile(r"(?:^|/)(values(?:-[a-z]{2,3}(?:-r[A-Z]{2})?)?)/strings\.xml$")


# --------------------------------------------------------------------------
# file-format parsers
# --------------------------------------------------------------------------

def parse_properties(data):
    text = data.decode("utf-8", errors="replace")
    res = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        i += 1
        s = line.lstrip()
        if not s or s[0] in "#!":
            continue
        while s.endswith("\\") and not s.endswith("\\\\") and i < len(lines):
            s = s[:-1] + lines[i].rstrip("\r").lstrip()
            i += 1
        m = re.match(r"((?:[^=:\s\\]|\\.)+)\s*[=:\s]\s*(.*)$", s)
        if not m:
            continue
        key, val = m.group(1), m.group(2)

        def unesc(mm):
            c = mm.group(1)
            if c.startswith("u"):
                return chr(int(c[1:], 16))
            return {"n": "\n", "t": "\t", "r": "\r", "f": "\f"}.get(c, c)
        val = re.sub(r"\\(u[0-9a-fA-F]{4}|.)", unesc, val)
        res[key] = val
    return res


def _c_unescape(s):
    def rep(m):
        c = m.group(1)
        if c[0] in "01234567":
            return chr(int(c, 8))
        if c[0] == "x":
            return chr(int(c[1:], 16))
        return {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
                "v": "\v"}.get(c, c)
    return re.sub(r"\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)", rep, s)


def parse_po(data):
    """Return ({msgid: msgstr}, charset) for translated, non-fuzzy,
    non-obsolete entries (msgctxt ignored; the first entry wins)."""
    m = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4000])
    charset = m.group(1).decode("ascii") if m else "utf-8"
    if charset.upper() in ("CHARSET", "") or not _codec_ok(charset):
        charset = "utf-8"
    try:
        text = data.decode(charset)
    except UnicodeDecodeError:
        try:
            text = data.decode("utf-8")
            charset = "utf-8"
        except UnicodeDecodeError:
            text = data.decode(charset, errors="replace")
    entries = {}
    state = {"cur": {}, "fuzzy": False, "field": None}

    def flush():
        cur = state["cur"]
        if cur.get("msgid") and not state["fuzzy"]:
            msgstr = cur.get("msgstr", cur.get("msgstr[0]", ""))
            if msgstr and cur["msgid"] not in entries:
                entries[cur["msgid"]] = msgstr
        state["cur"] = {}
        state["fuzzy"] = False
        state["field"] = None

    def has_str():
        return any(k.startswith("msgstr") for k in state["cur"])

    for line in text.split("\n"):
        line = line.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if has_str():
                flush()
            if line.startswith("#,") and "fuzzy" in line:
                state["fuzzy"] = True
            continue
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        if m:
            if m.group(1) in ("msgctxt", "msgid") and has_str():
                flush()
            state["field"] = m.group(1)
            state["cur"][m.group(1)] = _c_unescape(m.group(2))
            continue
        m = re.match(r'"(.*)"$', line)
        if m and state["field"]:
            state["cur"][state["field"]] += _c_unescape(m.group(1))
    flush()
    return entries, charset


def _codec_ok(name):
    import codecs
    try:
        codecs.lookup(name)
        return True
    except LookupError:
        return False


def android_unescape(s):
    s = s.strip()
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        s = s[1:-1]

    def rep(m):
        c = m.group(1)
        if c.startswith("u"):
            return chr(int(c[1:], 16))
        return {"n": "\n", "t": "\t"}.get(c, c)
    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", rep, s)


XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}g"


def parse_android_strings(data):
    """Return {name: (plain_text, text_with_xliff_ids)}."""
    res = {}
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        # fall back to a regex scan
        text = data.decode("utf-8", errors="replace")
        for m in re.finditer(r'<string\s+name="([^"]+)"[^>]*>(.*?)</string>', text, re.S):
            inner = m.group(2)
            ids = re.sub(r'<xliff:g\s+id="([^"]+)"[^>]*>.*?</xliff:g>', r"⟨\1⟩", inner)
            plain = re.sub(r"<[^>]+>", "", inner)
            ids = re.sub(r"<[^>]+>", "", ids)
            import html
            res[m.group(1)] = (android_unescape(html.unescape(plain)), android_unescape(html.unescape(ids)))
        return res
    for el in root.iter("string"):
        name = el.get("name")
        if not name:
            continue
        plain = "".join(el.itertext())
        parts = [el.text or ""]
        for ch in el:
            if ch.tag == XLIFF and ch.get("id"):
                parts.append("⟨%s⟩" % ch.get("id"))
            else:
                parts.append("".join(ch.itertext()))
            parts.append(ch.tail or "")
        res[name] = (android_unescape(plain), android_unescape("".join(parts)))
    return res


PHP_LABEL_RE = re.compile(
    r"\$(labels|messages)\[\s*['\"]([^'\"]+)['\"]\s*\]\s*=\s*('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*;")


def parse_php_labels(data):
    text = data.decode("utf-8", errors="replace")
    res = {}
    for m in PHP_LABEL_RE.finditer(text):
        if m.group(1) != "labels":
            continue
        v = m.group(3)
        if v[0] == "'":
            v = re.sub(r"\\(['\\])", r"\1", v[1:-1])
        else:
            v = re.sub(r"\\(.)", lambda mm: {"n": "\n", "t": "\t"}.get(mm.group(1), mm.group(1)), v[1:-1])
        res[m.group(2)] = v
    return res


JS_KV_RE = re.compile(r'"?([A-Za-z0-9_.]+)"?\s*:\s*"((?:[^"\\]|\\.)*)"')


def parse_js_translations(data, wanted):
    text = data.decode("utf-8", errors="replace")
    res = {}
    for m in JS_KV_RE.finditer(text):
        k = m.group(1)
        if k in wanted and k not in res:
            try:
                res[k] = json.loads('"%s"' % m.group(2))
            except ValueError:
                res[k] = m.group(2)
    return res


# --------------------------------------------------------------------------
# placeholder normalisation
# --------------------------------------------------------------------------

def printf_tpl(s, names):
    """Replace printf-style %s / %1$s / %d with {names[i]}."""
    idx = [0]

    def rep(m):
        if m.group(0) == "%%":
            return "%"
        if m.group(1):
            i = int(m.group(1)) - 1
        else:
            i = idx[0]
            idx[0] += 1
        return "{%s}" % names[i] if 0 <= i < len(names) else m.group(0)
    return re.sub(r"%%|%(?:(\d+)\$)?[-+ 0#]*\d*(?:\.\d+)?[sd@]", rep, s)


def tb_tpl(s):
    # #1 author, #2 date, #3 time; a few very old locale files still used %s
    s = s.replace("#1", "{sender}").replace("#2", "{date}").replace("#3", "{time}")
    return re.sub(r"%[sS]", "{sender}", s)


def rc_tpl(s):
    # rcube::gettext() substitutes with a plain str_replace() and turns a
    # literal backslash-n into a line break
    return s.replace("$date", "{date}").replace("$sender", "{sender}").replace("\\n", "\n")


EVO_VARS = {
    "Sender": "sender", "SenderName": "name", "SenderEMail": "email",
    "AbbrevWeekdayName": "weekday_abbr", "WeekdayName": "weekday",
    "AbbrevMonthName": "month_abbr", "MonthName": "month_name",
    "AmPmUpper": "ampm", "AmPmLower": "ampm", "Day": "day", " Day": "day",
    "24Hour": "hour", "12Hour": "hour12", "DayOfYear": "day_of_year",
    "Month": "month", "Minute": "minute", "Seconds": "second",
    "2DigitYear": "year2", "Year": "year", "TimeZone": "timezone",
}


def evo_tpl(s):
    return re.sub(r"\$\{([^}]*)\}", lambda m: "{%s}" % EVO_VARS[m.group(1)] if m.group(1) in EVO_VARS else m.group(0), s)


CLAWS_VARS = {"d": "date", "f": "sender", "A": "email", "N": "name", "F": "first_name",
              "L": "last_name", "I": "initials", "s": "subject", "t": "to", "c": "cc",
              "n": "newsgroups", "i": "message_id", "r": "references"}


def claws_tpl(fmt):
    """Claws/Sylpheed quote format -> template of the attribution part."""
    s = fmt.replace("\\n", "\n")
    m = re.search(r"%[qQmM]", s)
    if m:
        s = s[:m.start()]
    s = s.replace("%X", "")
    s = re.sub(r"%D\{[^}]*\}", "{date}", s)
    s = re.sub(r"%([A-Za-z])", lambda mm: "{%s}" % CLAWS_VARS[mm.group(1)] if mm.group(1) in CLAWS_VARS else mm.group(0), s)
    return s.strip("\n")


MUTT_VARS = {"d": "date", "D": "date", "n": "sender", "F": "sender", "f": "sender", "L": "sender",
             "a": "email", "v": "first_name", "s": "subject"}


def mutt_tpl(s):
    def rep(m):
        tok = m.group(0)
        if tok == "%%":
            return "%"
        if m.group(2):
            return "{date}"
        letter = m.group(1)
        return "{%s}" % MUTT_VARS[letter] if letter in MUTT_VARS else tok
    return re.sub(r"%%|%[-=0-9.]*(?:([a-zA-Z])|(\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>))", rep, s)


HORDE_VARS = {"f": "{sender}", "a": "{email}", "p": "{name}", "r": "{date}", "d": "{date}",
              "x": "{date}", "c": "{datetime}", "m": "{message_id}", "s": "{subject}",
              "n": "\n", "%": "%"}


def horde_tpl(s):
    return re.sub(r"%(.)", lambda m: HORDE_VARS.get(m.group(1), m.group(0)), s)


def html_to_text(s):
    s = re.sub(r"<br\s*/?>", "\n", s)
    s = re.sub(r"<[^>]+>", "", s)
    s = re.sub(r"\n\s*\n+", "\n", s)
    return s.strip()


# --------------------------------------------------------------------------
# per-client extractors
# --------------------------------------------------------------------------

TB_REPLY = ["mailnews.reply_header_authorwrotesingle", "mailnews.reply_header_ondateauthorwrote",
            "mailnews.reply_header_authorwroteondate"]
TB_SEP = {"mailnews.reply_header_originalmessage": "original",
          "mailnews.forward_header_originalmessage": "forwarded"}
TB_MIME_LABELS = {"1000": "subject", "1007": "date", "1009": "from", "1010": "reply_to",
                  "1012": "to", "1013": "cc"}
TB_MIME_SEP = {"1041": "forwarded"}
TB_COMPOSE = "mail/chrome/messenger/messengercompose/composeMsgs.properties"
TB_MIME = "mail/chrome/messenger/mime.properties"


def tb_file(out, repo, commit, path, locale, current):
    data = repo.read(commit, path)
    if data is None:
        return
    props = parse_properties(data)
    src = repo.src(commit, path)
    if path.endswith("composeMsgs.properties"):
        for k in TB_REPLY:
            if k in props:
                reply(out, "thunderbird", locale, k, props[k], tb_tpl(props[k]), src, current)
        for k, kind in TB_SEP.items():
            if k in props:
                sep(out, "thunderbird", locale, kind, k, props[k], props[k], src, current)
    else:
        for k, field in TB_MIME_LABELS.items():
            if k in props:
                label(out, "thunderbird", locale, field, k, props[k], src, current)
        for k, kind in TB_MIME_SEP.items():
            if k in props:
                sep(out, "thunderbird", locale, kind, k, props[k], props[k], src, current)


def do_thunderbird(out, l10n, cc, history):
    TB_HIST_RE = r"mailnews\.(reply|forward)_header|^(1000|1007|1009|1010|1012|1013|1041) *="
    if cc:
        for p in ("mail/locales/en-US/chrome/messenger/messengercompose/composeMsgs.properties",
                  "mail/locales/en-US/chrome/messenger/mime.properties"):
            tb_file(out, cc, cc.head, p, "en-US", True)
    if l10n:
        for p in l10n.ls(l10n.head):
            if p.endswith("/" + TB_COMPOSE) or p.endswith("/" + TB_MIME):
                tb_file(out, l10n, l10n.head, p, norm_locale(p.split("/")[0]), True)
    if history:
        if cc:
            specs = ["mail/locales/en-US/chrome/messenger/messengercompose/composeMsgs.properties",
                     "mail/locales/en-US/chrome/messenger/mime.properties"]
            for c in cc.log_commits(TB_HIST_RE, *specs):
                for p in cc.changed(c, *specs):
                    tb_file(out, cc, c, p, "en-US", False)
        if l10n:
            specs = ["*/composeMsgs.properties", "*/mime.properties"]
            for c in l10n.log_commits(TB_HIST_RE, *specs):
                for p in l10n.changed(c, *specs):
                    if p.endswith("composeMsgs.properties") or p.endswith("/mime.properties"):
                        tb_file(out, l10n, c, p, norm_locale(p.split("/")[0]), False)


# language codes used by old Roundcube releases (0.1-0.3) for their localization dirs
RC_LEGACY_LOCALES = {"cz": "cs", "cn": "zh-CN", "tw": "zh-TW", "ee": "et", "ge": "ka", "kr": "ko",
                     "vn": "vi", "se": "sv", "kh_KH": "km-KH", "kur_KU": "ku",
                     "sr_cyrillic": "sr-Cyrl"}
RC_LABELS = {"from": "from", "to": "to", "cc": "cc", "date": "date", "subject": "subject",
             "replyto": "reply_to"}


def rc_file(out, repo, commit, path, current):
    data = repo.read(commit, path)
    if data is None:
        return
    labels = parse_php_labels(data)
    raw_loc = path.split("/")[-2]
    locale = RC_LEGACY_LOCALES.get(raw_loc, norm_locale(raw_loc))
    src = repo.src(commit, path)
    if labels.get("mailreplyintro"):
        v = labels["mailreplyintro"]
        reply(out, "roundcube", locale, "mailreplyintro", v, rc_tpl(v), src, current)
    if labels.get("originalmessage"):
        v = labels["originalmessage"]
        sep(out, "roundcube", locale, "forwarded", "originalmessage", v, "-------- %s --------" % v, src, current)
    if labels.get("forwardedmessage"):
        v = labels["forwardedmessage"]
        sep(out, "roundcube", locale, "forwarded", "forwardedmessage", v, "-------- %s --------" % v, src, current)
    for k, field in RC_LABELS.items():
        if labels.get(k):
            label(out, "roundcube", locale, field, k, labels[k], src, current)


def do_roundcube(out, repo, history):
    for p in repo.ls(repo.head, "program/localization"):
        if p.endswith("/labels.inc"):
            rc_file(out, repo, repo.head, p, True)
    if history:
        spec = "program/localization/*/labels.inc"
        for c in repo.log_commits(r"labels\['(mailreplyintro|originalmessage|forwardedmessage|from|to|cc|date|subject|replyto)'\]", spec):
            for p in repo.changed(c, spec):
                rc_file(out, repo, c, p, False)


K9_LABELS = {"message_compose_quote_header_subject": "subject",
             "message_compose_quote_header_send_date": "sent",
             "message_compose_quote_header_from": "from",
             "message_compose_quote_header_to": "to",
             "message_compose_quote_header_cc": "cc"}
K9_FWD_IDS = {"subject": "subject", "sender": "from", "to": "to", "cc": "cc"}


def k9_file(out, repo, commit, path, current):
    m = ANDROID_VALUES_RE.search(path)
    if not m:
        return
    data = repo.read(commit, path)
    if data is None:
        return
    strings = parse_android_strings(data)
    locale = norm_locale(m.group(1))
    src = repo.src(commit, path)
    C = "k9mail"
    k = "message_compose_reply_header_fmt"
    if strings.get(k):
        plain = strings[k][0]
        reply(out, C, locale, k, plain, printf_tpl(plain, ["sender"]), src, current)
    k = "message_compose_reply_header_fmt_with_date"
    if strings.get(k):
        plain = strings[k][0]
        reply(out, C, locale, k, plain, printf_tpl(plain, ["date", "sender"]), src, current)
    k = "message_compose_quote_header_separator"
    if strings.get(k):
        sep(out, C, locale, "original", k, strings[k][0], strings[k][0], src, current)
    for k, field in K9_LABELS.items():
        if strings.get(k):
            label(out, C, locale, field, k, strings[k][0], src, current)
    k = "message_compose_fwd_header_fmt"  # K-9 <= 3.x: one string for the whole block
    if strings.get(k):
        plain, ids = strings[k]
        lines = [l for l in ids.split("\n") if l.strip()]
        for l in lines:
            mm = re.match(r"^(.*?)⟨(\w+)⟩\s*$", l)
            if mm and mm.group(2) in K9_FWD_IDS:
                label(out, C, locale, K9_FWD_IDS[mm.group(2)], k, mm.group(1), src, current)
            elif "⟨" not in l and re.search(r"-{3,}", l):
                sep(out, C, locale, "original", k, plain, l.strip(), src, current)
    k = "default_signature"
    if strings.get(k):
        plain = strings[k][0]
        text = re.sub(r"^--[ \t]*\n?", "", plain.strip())
        text = printf_tpl(text, ["app_name"]).replace("{app_name}", "K-9 Mail")
        device(out, C, locale, k, plain, text, src, current)


def do_k9(out, repo, history):
    for p in repo.ls(repo.head):
        if p.endswith("/strings.xml") and ANDROID_VALUES_RE.search(p) and "/res/" in p:
            if "legacy/ui/legacy/" in p:
                k9_file(out, repo, repo.head, p, True)
    if history:
        rx = r'name="(message_compose_reply_header_fmt[a-z_]*|message_compose_quote_header_[a-z_]+|message_compose_fwd_header_fmt|default_signature)"'
        for c in repo.log_commits(rx, "*strings.xml"):
            for p in repo.changed(c, "*strings.xml"):
                k9_file(out, repo, c, p, False)


def po_files(repo, commit, prefix, name=None):
    res = []
    for p in repo.ls(commit, prefix):
        if not p.endswith(".po"):
            continue
        if name and os.path.basename(p) != name:
            continue
        res.append(p)
    return res


def po_locale(path, name=None):
    if name:  # .../<locale>/LC_MESSAGES/<name>
        return norm_locale(path.split("/")[-3])
    return norm_locale(os.path.basename(path)[:-3])


EVO_ATTR = ("On ${AbbrevWeekdayName}, ${Year}-${Month}-${Day} at ${24Hour}:${Minute} "
            "${TimeZone}, ${Sender} wrote:")
EVO_SEP = {"-------- Forwarded Message --------": "forwarded",
           "-----Original Message-----": "original"}
PO_LABELS = {"From": "from", "To": "to", "Cc": "cc", "Date": "date", "Subject": "subject",
             "Reply-To": "reply_to"}


def do_evolution(out, repo):
    C = "evolution"
    en_src = repo.src(repo.head, "mail/em-composer-utils.c")
    reply(out, C, "en", EVO_ATTR, EVO_ATTR, evo_tpl(EVO_ATTR), en_src, True)
    for t, kind in EVO_SEP.items():
        sep(out, C, "en", kind, t, t, t, en_src, True)
    lsrc = repo.src(repo.head, "em-format/e-mail-formatter-quote-headers.c")
    for k, field in PO_LABELS.items():
        label(out, C, "en", field, k, k, lsrc, True)
    for p in po_files(repo, repo.head, "po"):
        po, _ = parse_po(repo.read(repo.head, p))
        loc = po_locale(p)
        src = repo.src(repo.head, p)
        if po.get(EVO_ATTR):
            reply(out, C, loc, EVO_ATTR, po[EVO_ATTR], evo_tpl(po[EVO_ATTR]), src, True)
        for t, kind in EVO_SEP.items():
            if po.get(t):
                sep(out, C, loc, kind, t, po[t], po[t], src, True)
        for k, field in PO_LABELS.items():
            if po.get(k):
                label(out, C, loc, field, k, po[k], src, True)


CLAWS_REPLY = ["On %d\\n%f wrote:\\n\\n%q\\n%X", "On %d\\n%f wrote:\\n\\n%q"]
CLAWS_FWD = ("\\n\\nBegin forwarded message:\\n\\n?d{Date: %d\\n}?f{From: %f\\n}?t{To: %t"
             "\\n}?c{Cc: %c\\n}?n{Newsgroups: %n\\n}?s{Subject: %s\\n}\\n\\n%M")
CLAWS_FWD_FIELDS = {"d": "date", "f": "from", "t": "to", "c": "cc", "s": "subject"}


def claws_like(out, C, loc, reply_fmts, fwd_fmt, src, current, key_reply, key_fwd):
    for raw in reply_fmts:
        reply(out, C, loc, key_reply, raw, claws_tpl(raw), src, current)
    if fwd_fmt:
        s = fwd_fmt.replace("\\n", "\n")
        head = s.split("?", 1)[0].strip("\n")
        first = [l for l in head.split("\n") if l.strip()]
        if first:
            sep(out, C, loc, "forwarded", key_fwd, fwd_fmt, first[0].strip(), src, current)
        for m in re.finditer(r"\?([a-z])\{([^{}%]*)%([a-z])", s):
            if m.group(1) == m.group(3) and m.group(1) in CLAWS_FWD_FIELDS:
                label(out, C, loc, CLAWS_FWD_FIELDS[m.group(1)], key_fwd, m.group(2), src, current)


def do_claws(out, repo):
    C = "claws-mail"
    en_src = repo.src(repo.head, "src/prefs_common.c")
    claws_like(out, C, "en", CLAWS_REPLY, CLAWS_FWD, en_src, True, "reply_quote_format", "forward_quote_format")
    for p in po_files(repo, repo.head, "po"):
        po, _ = parse_po(repo.read(repo.head, p))
        loc = po_locale(p)
        fmts = [po[k] for k in CLAWS_REPLY if po.get(k)]
        claws_like(out, C, loc, fmts, po.get(CLAWS_FWD), repo.src(repo.head, p), True,
                   "reply_quote_format", "forward_quote_format")


def do_sylpheed(out, repo):
    C = "sylpheed"
    path = "libsylph/prefs_common.c"
    data = repo.read(repo.head, path)
    if data is None:
        return
    text = data.decode("utf-8", errors="replace")
    m = re.search(r'"reply_quote_format",\s*"((?:[^"\\]|\\.)*)"', text)
    f = re.search(r'"forward_quote_format",\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text)
    rfmt = m.group(1).replace("\\\\", "\\") if m else None
    ffmt = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', f.group(1))).replace("\\\\", "\\") if f else None
    claws_like(out, C, "en", [rfmt] if rfmt else [], ffmt, repo.src(repo.head, path), True,
               "reply_quote_format", "forward_quote_format")


MUTT_KEYS = {"On %d, %n wrote:": ("reply", None),
             "----- Forwarded message from %f -----": ("sep", "forwarded"),
             "----- End forwarded message -----": ("sep", "forwarded_end")}


def do_mutt(out, repo, C, en_path):
    en_src = repo.src(repo.head, en_path)
    items = [("en", {k: k for k in MUTT_KEYS}, en_src)]
    for p in po_files(repo, repo.head, "po"):
        po, _ = parse_po(repo.read(repo.head, p))
        items.append((po_locale(p), po, repo.src(repo.head, p)))
    for loc, po, src in items:
        for k, (what, kind) in MUTT_KEYS.items():
            v = po.get(k)
            if not v:
                continue
            if what == "reply":
                reply(out, C, loc, k, v, mutt_tpl(v), src, True)
            else:
                sep(out, C, loc, kind, k, v, mutt_tpl(v), src, True)


HORDE_SEPS = [  # msgid, kind, format of the line
    ("Message from %s", "original", "----- %s ---------"),
    ("Message", "original", "----- %s ---------"),
    ("End message from %s", "original_end", "----- %s -----"),
    ("End message", "original_end", "----- %s -----"),
    ("Forwarded message from %s", "forwarded", "----- %s -----"),
    ("Forwarded message", "forwarded", "----- %s -----"),
    ("End forwarded message", "forwarded_end", "----- %s -----"),
]


def do_horde(out, repo):
    C = "horde-imp"
    items = [("en", None, repo.src(repo.head, "lib/Compose.php"))]
    for p in po_files(repo, repo.head, "locale", "imp.po"):
        po, _ = parse_po(repo.read(repo.head, p))
        items.append((po_locale(p, "imp.po"), po, repo.src(repo.head, p)))
    for loc, po, src in items:
        get = (lambda k: k) if po is None else po.get
        psrc = repo.src(repo.head, "config/prefs.php") if po is None else src
        v = get("Quoting %f:")
        if v:
            reply(out, C, loc, "Quoting %f:", v, horde_tpl(v), psrc, True)
        for k, kind, fmt in HORDE_SEPS:
            v = get(k)
            if v:
                sep(out, C, loc, kind, k, v, fmt % printf_tpl(v, ["sender"]), src, True)
        for k, field in PO_LABELS.items():
            v = get(k)
            if v:
                label(out, C, loc, field, k, v, src, True)


def php_str_pad_both(s, length, charset):
    try:
        n = len(s.encode(charset))
    except (LookupError, UnicodeEncodeError):
        n = len(s.encode("utf-8"))
    pad = length - n
    if pad <= 0:
        return s
    left = pad // 2
    return "-" * left + s + "-" * (pad - left)


def do_squirrelmail(out, repo, editor_size=76):
    C = "squirrelmail"
    items = [("en", None, "utf-8", repo.src(repo.head, "src/compose.php"))]
    for p in po_files(repo, repo.head, "locale", "squirrelmail.po"):
        po, cs = parse_po(repo.read(repo.head, p))
        items.append((po_locale(p, "squirrelmail.po"), po, cs, repo.src(repo.head, p)))
    for loc, po, cs, src in items:
        get = (lambda k: k) if po is None else po.get
        v = get("%s wrote:")
        if v:
            reply(out, C, loc, "%s wrote:", v, printf_tpl(v, ["sender"]), src, True)
        v = get("On %s, %s wrote:")
        if v:
            reply(out, C, loc, "On %s, %s wrote:", v, printf_tpl(v, ["date", "sender"]), src, True)
        v = get("Original Message")
        if v:
            sep(out, C, loc, "forwarded", "Original Message", v,
                php_str_pad_both(" %s " % v, editor_size - 2, cs), src, True)
        for k, field in PO_LABELS.items():
            if k == "Reply-To":
                continue
            v = get(k)
            if v:
                label(out, C, loc, field, k, v, src, True)


GEARY_REPLY = {"On %1$s, %2$s wrote:": ["date", "sender"], "%s wrote:": ["sender"], "On %s:": ["date"]}
GEARY_DATEFMT = "%a, %b %-e %Y at %X %Z"
GEARY_FWD = "---------- Forwarded message ----------"
GEARY_LABELS = {"From:": "from", "Subject:": "subject", "Date:": "date", "To:": "to", "Cc:": "cc"}


def do_geary(out, repo):
    C = "geary"
    en_src = repo.src(repo.head, "src/client/util/util-email.vala")
    items = [("en", None, en_src)]
    for p in po_files(repo, repo.head, "po"):
        po, _ = parse_po(repo.read(repo.head, p))
        items.append((po_locale(p), po, repo.src(repo.head, p)))
    for loc, po, src in items:
        get = (lambda k: k) if po is None else po.get
        datefmt = get(GEARY_DATEFMT) or GEARY_DATEFMT
        for k, names in GEARY_REPLY.items():
            v = get(k)
            if v:
                reply(out, C, loc, k, v, printf_tpl(v, names), src, True, date_format=datefmt)
        v = get(GEARY_FWD)
        if v:
            sep(out, C, loc, "forwarded", GEARY_FWD, v, v, src, True)
        for k, field in GEARY_LABELS.items():
            v = get(k)
            if v:
                label(out, C, loc, field, k, v, src, True)


def do_mailspring(out, repo):
    C = "mailspring"
    msrc = repo.src(repo.head, "app/src/flux/models/message.ts")
    reply(out, C, "en", "replyAttributionLine", "On ${this.formattedDate()}, ${this.fromContact().toString()} wrote:",
          "On {date}, {sender} wrote:", msrc, True)
    dsrc = repo.src(repo.head, "app/src/flux/stores/draft-factory.ts")
    label(out, C, "en", "from", "From", "From", dsrc, True)  # "From:" is not localized
    for p in repo.ls(repo.head, "app/lang"):
        if not p.endswith(".json"):
            continue
        try:
            d = json.loads(repo.read(repo.head, p).decode("utf-8"))
        except ValueError:
            continue
        loc = norm_locale(os.path.basename(p)[:-5])
        src = repo.src(repo.head, p)
        if d.get("Forwarded Message"):
            v = d["Forwarded Message"]
            sep(out, C, loc, "forwarded", "Forwarded Message", v, "---------- %s ---------" % v, src, True)
        for k, field in (("Subject", "subject"), ("Date", "date"), ("To", "to"), ("Cc", "cc")):
            if d.get(k):
                label(out, C, loc, field, k, d[k], src, True)
        k = "Sent from Mailspring, the best free email app for work"
        if d.get(k):
            device(out, C, loc, k, d[k], d[k], src, True)


TUTA_KEYS = ["by_label", "defaultEmailSignature_msg", "date_label", "from_label", "to_label",
             "cc_label", "subject_label"]
TUTA_LABELS = {"date_label": "date", "from_label": "from", "to_label": "to", "cc_label": "cc",
               "subject_label": "subject"}
TUTA_PATH_RE = re.compile(r"(?:^|/)translations/([A-Za-z_]+)\.(?:ts|js|json)$")
TUTA_SIGNUP_URL = "https://tuta.com/free-email"


def tuta_file(out, repo, commit, path, current):
    m = TUTA_PATH_RE.search(path)
    if not m or m.group(1) in ("index",):
        return
    data = repo.read(commit, path)
    if data is None:
        return
    d = parse_js_translations(data, set(TUTA_KEYS))
    if not d:
        return
    C = "tuta"
    loc = norm_locale(m.group(1))
    src = repo.src(commit, path)
    if d.get("by_label"):
        v = d["by_label"]
        reply(out, C, loc, "by_label", v, "{date} %s {email}:" % v, src, current)
    for k, field in TUTA_LABELS.items():
        if d.get(k):
            label(out, C, loc, field, k, d[k], src, current)
    v = d.get("defaultEmailSignature_msg")
    if v:
        text = html_to_text(v)
        text = re.sub(r"^--\s*\n", "", text).replace("{1}", TUTA_SIGNUP_URL)
        device(out, C, loc, "defaultEmailSignature_msg", v, text, src, current)


def do_tuta(out, repo, history):
    for p in repo.ls(repo.head, "src"):
        if "/translations/" in p and TUTA_PATH_RE.search(p):
            tuta_file(out, repo, repo.head, p, True)
    if history:
        specs = [":(glob)**/translations/*.ts", ":(glob)**/translations/*.js"]
        for c in repo.log_commits("defaultEmailSignature_msg|by_label", *specs):
            for p in repo.changed(c, *specs):
                tuta_file(out, repo, c, p, False)


FAIR_LABELS = {"title_from": "from", "title_to": "to", "title_cc": "cc", "title_date": "date",
               "title_subject": "subject"}


def do_fairemail(out, repo):
    C = "fairemail"
    jsrc = repo.src(repo.head, "app/src/main/java/eu/faircode/email/EntityMessage.java")
    # default (non-extended, no user template) reply header: date + formatted From + ":"
    reply(out, C, "en", "getReplyHeader", 'date + " " + MessageHelper.formatAddresses(from) + ":"',
          "{date} {sender}:", jsrc, True)
    for p in repo.ls(repo.head, "app/src/main/res"):
        m = ANDROID_VALUES_RE.search(p)
        if not m:
            continue
        strings = parse_android_strings(repo.read(repo.head, p))
        loc = norm_locale(m.group(1))
        src = repo.src(repo.head, p)
        for k, field in FAIR_LABELS.items():
            if strings.get(k):
                label(out, C, loc, field, k, strings[k][0], src, True)


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repos", nargs="*", help="NAME=GITDIR pairs (names: %s)" % ", ".join(SOURCES))
    ap.add_argument("--mirror-root", help="directory holding <owner>+<repo>/repo git dirs")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--no-history", action="store_true", help="only read the newest commit of each repo")
    args = ap.parse_args()

    paths = {}
    if args.mirror_root:
        for name, slug in SOURCES.items():
            p = os.path.join(args.mirror_root, slug.replace("/", "+"), "repo")
            if os.path.isdir(p):
                paths[name] = p
    for a in args.repos:
        name, _, p = a.partition("=")
        if name not in SOURCES or not p:
            ap.error("bad repo argument %r" % a)
        paths[name] = p
    repos = {}
    for name, slug in SOURCES.items():
        if name in paths:
            repos[name] = Repo(paths[name], slug)
            warn("%-17s %s@%s" % (name, slug, repos[name].head))
        else:
            warn("%-17s MISSING (skipped)" % name)
    history = not args.no_history
    out = Out()
    g = repos.get
    if g("thunderbird-l10n") or g("comm-central"):
        do_thunderbird(out, g("thunderbird-l10n"), g("comm-central"), history)
    if g("roundcube"):
        do_roundcube(out, g("roundcube"), history)
    if g("k9"):
        do_k9(out, g("k9"), history)
    if g("evolution"):
        do_evolution(out, g("evolution"))
    if g("claws"):
        do_claws(out, g("claws"))
    if g("sylpheed"):
        do_sylpheed(out, g("sylpheed"))
    if g("mutt"):
        do_mutt(out, g("mutt"), "mutt", "init.h")
    if g("neomutt"):
        do_mutt(out, g("neomutt"), "neomutt", "send/config.c")
    if g("horde-imp"):
        do_horde(out, g("horde-imp"))
    if g("squirrelmail"):
        do_squirrelmail(out, g("squirrelmail"))
    if g("geary"):
        do_geary(out, g("geary"))
    if g("mailspring"):
        do_mailspring(out, g("mailspring"))
    if g("tuta"):
        do_tuta(out, g("tuta"), history)
    if g("fairemail"):
        do_fairemail(out, g("fairemail"))
    counts = out.write(args.out)
    for f, n in counts.items():
        warn("%-22s %d" % (f, n))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""An independent IMAP client for the integration tests (Python's imaplib over IMAPS).

  imap_tool.py clear USER...   delete every message in each user's INBOX (and
                               in Tightrope/Processed, if it exists)
  imap_tool.py ids USER...     one JSON line per user: the Message-IDs in the INBOX
                               (ids:FOLDER for another folder)
  imap_tool.py big:MB USER...  append a plain message of MB megabytes to each INBOX
  imap_tool.py bump:N USER...  push the INBOX's UIDNEXT to at least N (messages copied
                               into it and expunged again), so later UIDs have many digits
  imap_tool.py append:DIR USER append every file in DIR (name order) to the INBOX, as
                               if delivered while nobody polled
  imap_tool.py dump USER...    one JSON line per user: for each message, what
                               FETCH (ENVELOPE BODYSTRUCTURE BODY.PEEK[TEXT]) gives,
                               decoded: subject, addresses, structure, text part

Environment: TIGHTROPE_TEST_IMAPS_PORT, TIGHTROPE_TEST_CA, TIGHTROPE_TEST_PASSWORD.
"""
import base64
import email.header
import imaplib
import json
import os
import quopri
import re
import ssl
import sys

PORT = int(os.environ.get("TIGHTROPE_TEST_IMAPS_PORT", "10993"))
CA = os.environ.get("TIGHTROPE_TEST_CA", "/tmp/tightrope-mailstack/tls/ca.crt")
PASSWORD = os.environ.get("TIGHTROPE_TEST_PASSWORD", "tightrope-test-password")


def connect(user, folder="INBOX"):
    ctx = ssl.create_default_context(cafile=CA)
    conn = imaplib.IMAP4_SSL("localhost", PORT, ssl_context=ctx)
    conn.login(user, PASSWORD)
    typ, _ = conn.select(folder)
    if typ != "OK":
        conn.logout()
        return None
    return conn


def flatten(data):
    """Joins an imaplib FETCH response into one string, literals inlined as quoted strings."""
    out = b""
    for item in data:
        if isinstance(item, tuple):
            head, literal = item
            head = re.sub(rb"\{\d+\}$", b"", head)
            out += head + b'"' + literal.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'
        elif item is not None:
            out += item
    return out.decode("utf-8", "replace")


def parse_sexp(text):
    """Parses an IMAP parenthesised list into nested Python lists (strings, None for NIL)."""
    pos = 0

    def parse():
        nonlocal pos
        items = []
        while pos < len(text):
            c = text[pos]
            if c == "(":
                pos += 1
                items.append(parse())
            elif c == ")":
                pos += 1
                return items
            elif c == '"':
                pos += 1
                buf = ""
                while text[pos] != '"':
                    if text[pos] == "\\":
                        pos += 1
                    buf += text[pos]
                    pos += 1
                pos += 1
                items.append(buf)
            elif c.isspace():
                pos += 1
            else:
                start = pos
                while pos < len(text) and not text[pos].isspace() and text[pos] not in "()":
                    pos += 1
                atom = text[start:pos]
                items.append(None if atom == "NIL" else atom)
        return items

    return parse()


def decode(value):
    if value is None:
        return None
    return str(email.header.make_header(email.header.decode_header(value)))


def addresses(lst):
    if not lst:
        return []
    return [{"name": decode(a[0]), "address": f"{a[2]}@{a[3]}"} for a in lst]


def fetch_one(conn, num):
    typ, data = conn.fetch(num, "(ENVELOPE BODYSTRUCTURE)")
    parsed = parse_sexp(flatten(data))
    fields = parsed[1]  # [seq, [ENVELOPE, [...], BODYSTRUCTURE, [...]]]
    info = dict(zip(fields[0::2], fields[1::2]))
    env = info["ENVELOPE"]
    structure = info["BODYSTRUCTURE"]
    typ, text = conn.fetch(num, "(BODY.PEEK[TEXT])")
    raw_text = next(item[1] for item in text if isinstance(item, tuple))
    result = {
        "subject": decode(env[1]),
        "from": addresses(env[2]),
        "reply_to": addresses(env[4]),
        "to": addresses(env[5]),
        "message_id": env[9],
        "in_reply_to": env[8],
        "multipart": isinstance(structure[0], list),
        "subtype": None,
        "text": None,
        "body_bytes": len(raw_text),
    }
    if result["multipart"]:
        # Body parts are the leading lists (type, subtype, params, id, description, encoding, size, ...).
        parts = [p for p in structure if isinstance(p, list) and len(p) >= 7]
        result["subtype"] = next(s for s in structure if isinstance(s, str))
        result["parts"] = [f"{p[0]}/{p[1]}".lower() for p in parts]
        first = parts[0]
    elif str(structure[0]).lower() == "text":
        first = structure
    else:
        first = None
    if first is not None:
        typ, part = conn.fetch(num, "(BODY.PEEK[1])")
        raw = next(item[1] for item in part if isinstance(item, tuple))
        params = {k.lower(): v for k, v in zip(first[2][0::2], first[2][1::2])}
        charset = params.get("charset", "utf-8")
        encoding = (first[5] or "7bit").lower()
        if encoding == "quoted-printable":
            raw = quopri.decodestring(raw)
        result["text"] = raw.decode(charset).replace("\r\n", "\n")
        result["text_encoding"] = encoding
    return result


def main():
    command, users = sys.argv[1], sys.argv[2:]
    folder = "INBOX"
    if command.startswith("ids:"):
        command, folder = "ids", command[4:]
    for user in users:
        if command.startswith("big:"):
            size = int(command[4:]) << 20
            conn = connect(user)
            body = (b"x" * 76 + b"\r\n") * (size // 78 + 1)
            message = b"From: someone@else.example\r\nSubject: a very large message\r\nMessage-ID: <big-%d@else.example>\r\n\r\n" % size + body
            conn.append("INBOX", None, None, message)
            conn.logout()
            continue
        if command.startswith("bump:"):
            target = int(command[5:])
            conn = connect(user)
            for i in range(2):
                conn.append("INBOX", None, None, b"From: x@else.example\r\nSubject: filler\r\n\r\nfiller\r\n")
            while int(re.search(rb"UIDNEXT (\d+)", conn.status("INBOX", "(UIDNEXT)")[1][0]).group(1)) < target:
                conn.uid("COPY", "1:*", "INBOX")
            conn.select("INBOX")
            conn.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
            conn.expunge()
            conn.logout()
            continue
        if command.startswith("append:"):
            directory = command[7:]
            conn = connect(user)
            for name in sorted(os.listdir(directory)):
                with open(os.path.join(directory, name), "rb") as f:
                    conn.append("INBOX", None, None, f.read())
            conn.logout()
            continue
        if command.startswith("grep:"):
            # Every folder of the mailbox, every message's raw bytes (flagged \\Deleted or not):
            # how many messages hold each needle.
            needles = command[5:].split(",")
            conn = connect(user)
            hits = {n: 0 for n in needles}
            scanned = 0
            typ, listing = conn.list()
            for line in listing:
                name = line.decode().rsplit(' "/" ', 1)[-1].strip().strip('"')
                if "\\Noselect" in line.decode():
                    continue
                typ, data = conn.select('"%s"' % name, readonly=True)
                if typ != "OK" or int(data[0]) == 0:
                    continue
                typ, nums = conn.search(None, "ALL")
                for n in nums[0].split():
                    typ, data = conn.fetch(n, "(BODY.PEEK[])")
                    raw = b"".join(item[1] for item in data if isinstance(item, tuple))
                    scanned += 1
                    for needle in needles:
                        if needle.encode() in raw:
                            hits[needle] += 1
            conn.logout()
            print(json.dumps({"user": user, "scanned": scanned, "hits": hits}))
            continue
        if command == "clear":
            for name in ["INBOX", "Tightrope/Processed"]:
                conn = connect(user, name)
                if conn is None:
                    continue
                conn.store("1:*", "+FLAGS", "\\Deleted") if int(conn.select(name)[1][0]) > 0 else None
                conn.expunge()
                conn.logout()
            continue
        conn = connect(user, folder)
        if conn is None:
            print(json.dumps({"user": user, "message_ids": []}))
            continue
        if command == "ids":
            typ, nums = conn.search(None, "ALL")
            ids = []
            for n in nums[0].split():
                typ, data = conn.fetch(n, "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
                raw = next(item[1] for item in data if isinstance(item, tuple)).decode()
                ids.append(raw.split(":", 1)[1].strip() if ":" in raw else "")
            print(json.dumps({"user": user, "message_ids": ids}))
        elif command == "raw":
            # Every message's raw bytes, base64 (what a mail client would reply to).
            typ, nums = conn.search(None, "ALL")
            raws = []
            for n in nums[0].split():
                typ, data = conn.fetch(n, "(BODY.PEEK[])")
                raws.append(base64.b64encode(b"".join(item[1] for item in data if isinstance(item, tuple))).decode())
            print(json.dumps({"user": user, "messages": raws}))
        elif command == "dump":
            typ, nums = conn.search(None, "ALL")
            messages = [fetch_one(conn, n) for n in nums[0].split()]
            print(json.dumps({"user": user, "messages": messages}, ensure_ascii=False))
        conn.logout()


if __name__ == "__main__":
    main()

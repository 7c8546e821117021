#!/usr/bin/env python3
"""Parses each message file with Python's email package (policy=default) and prints, per
file, one JSON line: every defect found (message, parts and headers), and the subject,
addresses and decoded text read back. Used by the Swift tests as an independent reader."""
import email
import email.policy
import json
import sys


def header_defects(msg):
    found = []
    for name, value in msg.items():
        for d in getattr(value, "defects", ()):
            found.append(f"header {name}: {type(d).__name__}")
    return found


def check(path):
    with open(path, "rb") as f:
        raw = f.read()
    result = {"file": path, "defects": []}
    if b"\n" in raw.replace(b"\r\n", b""):
        result["defects"].append("bare LF line ending")
    for line in raw.split(b"\r\n"):
        if len(line) > 998:
            result["defects"].append("line longer than 998 octets")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for part in msg.walk():
        result["defects"] += [type(d).__name__ for d in part.defects]
        result["defects"] += header_defects(part)
    result["subject"] = str(msg["subject"])
    result["from"] = [a.addr_spec for a in msg["from"].addresses] if msg["from"] else []
    result["from_name"] = [a.display_name for a in msg["from"].addresses] if msg["from"] else []
    result["to"] = [a.addr_spec for a in msg["to"].addresses] if msg["to"] else []
    result["to_name"] = [a.display_name for a in msg["to"].addresses] if msg["to"] else []
    result["reply_to"] = [a.addr_spec for a in msg["reply-to"].addresses] if msg["reply-to"] else []
    result["message_id"] = str(msg["message-id"] or "")
    result["content_type"] = msg.get_content_type()
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    result["text"] = text.get_content() if text is not None else None
    result["html"] = html.get_content() if html is not None else None
    result["auto_submitted"] = str(msg["auto-submitted"] or "")
    result["list_unsubscribe"] = str(msg["list-unsubscribe"] or "")
    return result


def main():
    for path in sys.argv[1:]:
        try:
            print(json.dumps(check(path), ensure_ascii=False))
        except Exception as e:  # a crash is a defect too
            print(json.dumps({"file": path, "defects": [f"exception {type(e).__name__}"]}))


if __name__ == "__main__":
    main()

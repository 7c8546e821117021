#!/usr/bin/env python3
"""The reply-extraction baseline for the conformance scorer's --cmd-jsonl mode: mailgun's
talon (PyPI `talon`), quotations plus its rule-based signature stripping. An eml case is
reduced to its first text/plain part (decoded, charset-aware), as the scorer does for
libraries. `talon_reply` is imported by replies_python.py (the in-process timing)."""
import base64
import email
import email.policy
import json
import sys

from talon import quotations
from talon.signature.bruteforce import extract_signature


def body_of(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    part = msg.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        return part.get_content()
    except Exception:
        return part.get_payload(decode=True).decode("utf-8", "replace")


def talon_reply(kind, raw):
    """The new text of one case (kind "eml" or "body"), as talon reads it."""
    text = body_of(raw) if kind == "eml" else raw.decode("utf-8", "replace")
    reply = quotations.extract_from_plain(text)
    reply, _ = extract_signature(reply)
    return reply


if __name__ == "__main__":
    for line in sys.stdin:
        req = json.loads(line)
        reply = talon_reply(req.get("kind"), base64.b64decode(req["input_b64"]))
        sys.stdout.write(json.dumps({"id": req["id"], "output": reply}) + "\n")
        sys.stdout.flush()

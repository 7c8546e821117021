#!/usr/bin/env python3
"""The reply-extraction baseline for the conformance scorer's --cmd-jsonl mode: mailgun's
talon (PyPI `talon`), quotations plus its rule-based signature stripping. An eml case is
reduced to its first text/plain part (decoded, charset-aware), as the scorer does for
libraries."""
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


for line in sys.stdin:
    req = json.loads(line)
    raw = base64.b64decode(req["input_b64"])
    text = body_of(raw) if req.get("kind") == "eml" else raw.decode("utf-8", "replace")
    reply = quotations.extract_from_plain(text)
    reply, _ = extract_signature(reply)
    sys.stdout.write(json.dumps({"id": req["id"], "output": reply}) + "\n")
    sys.stdout.flush()

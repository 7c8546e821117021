#!/usr/bin/env python3
"""The MIME baselines: Python's email package over every message under DIR, one warm
process, files read before the timed part. Prints `<messages> <bytes> <seconds>`.

  mime_python.py default DIR   policy=default, get_body(('plain', 'html')).get_content()
  mime_python.py compat32 DIR  compat32 parser, first text/plain part by walk(), decoded
"""
import email
import email.policy
import os
import sys
import time

mode, root = sys.argv[1], sys.argv[2]
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
data = [open(p, "rb").read() for p in paths]


def default(raw):
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain", "html"))
        return body.get_content() if body is not None else None
    except Exception:
        return None


def compat32(raw):
    try:
        msg = email.message_from_bytes(raw)
        for part in msg.walk():
            if part.get_content_type() == "text/plain":
                payload = part.get_payload(decode=True) or b""
                return payload.decode(part.get_content_charset() or "us-ascii", "replace")
    except Exception:
        return None
    return None


fn = default if mode == "default" else compat32
for raw in data[:20]:  # warm up
    fn(raw)
start = time.perf_counter()
for raw in data:
    fn(raw)
print(len(data), sum(map(len, data)), time.perf_counter() - start)

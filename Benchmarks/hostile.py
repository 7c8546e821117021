#!/usr/bin/env python3
"""Hostile and broken messages for the reading budget (Benchmarks/run hostile and the tests).

  Benchmarks/hostile.py OUTDIR [--max-bytes N]

Writes one .eml per case: each is a shape that made some step of reading slow or large at some
point (a finding of issue #16) or that a hostile sender would try, up to N bytes (default 32 MiB,
the largest message a poll fetches). Deterministic: the same files every run.
"""
import argparse
import base64
import os

HEAD = ("From: Ana Costa <ana@example.org>\r\nTo: checkins+tok@practice.example\r\n"
        "Subject: Re: Your weekly check-in\r\nDate: Mon, 14 Dec 2026 09:00:00 +0000\r\n"
        "Message-ID: <hostile.{name}@example.org>\r\nMIME-Version: 1.0\r\n")


def message(name, content_type, body, extra_headers="", cte="8bit"):
    head = HEAD.format(name=name) + extra_headers
    head += f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
    return head.encode() + (body if isinstance(body, bytes) else body.encode())


def fill(unit, size):
    """`unit` repeated to about `size` bytes (str in, str out; bytes in, bytes out)."""
    return unit * max(1, size // len(unit.encode() if isinstance(unit, str) else unit))


def cases(max_bytes):
    big = max_bytes - 4096
    mb = 1 << 20
    c = {}
    # HTML: nested blockquotes with text at every level (the quadratic "> " prefixes).
    for size, label in ((300 << 10, "300k"), (5 * mb, "5m")):
        depth = size // 60
        html = "<html><body>" + "".join(f"<blockquote>level {i} line<br>\n" for i in range(depth)) + "</body></html>"
        c[f"html-nested-blockquote-{label}"] = message(label, "text/html; charset=utf-8", html)
    c["html-unclosed-divs"] = message("divs", "text/html", fill("<div>x", 8 * mb))
    c["html-one-line-no-space"] = message("oneline", "text/html", "<p>" + "a" * (8 * mb) + "</p>")
    c["html-entities"] = message("entities", "text/html", fill("&amp;&#x1F600;&nbsp;", 8 * mb))
    c["html-unclosed-comment"] = message("comment", "text/html", "<p>hi</p><!--" + "x" * (8 * mb))
    c["html-unclosed-attribute"] = message("attr", "text/html", '<p title="' + "x" * (8 * mb))
    c["html-unclosed-script"] = message("script", "text/html", "<p>1) 4</p><script>" + "x" * (8 * mb))
    c["html-nested-tables"] = message("tables", "text/html", fill("<table><tr><td>a", 8 * mb))
    c["html-max-size"] = message("htmlmax", "text/html", fill("<p>I felt close to her this week.</p>\n", big))
    # Plain text.
    c["plain-max-size"] = message("plainmax", "text/plain; charset=utf-8", fill("1) 4\n2) 3\nWe talked on Sunday.\n", big))
    c["plain-one-line"] = message("plainline", "text/plain", "a" * big)
    c["plain-one-line-words"] = message("plainwords", "text/plain", fill("we talked ", big))
    c["plain-quoted-max"] = message("quoted", "text/plain", "1) 4\n2) 2\n\n" + fill("> > > an old line\n", big))
    c["plain-signature-lines"] = message("sig", "text/plain", "1) 4\n" + fill("--\nAna\n", 5 * mb))
    c["plain-attribution-lines"] = message("attrib", "text/plain", fill("On Mon, 14 Dec 2026, Ana wrote:\n> x\n", 5 * mb))
    c["plain-numbered-answers"] = message("numbered", "text/plain", fill("1) 4\n2) 3\n", 5 * mb))
    c["plain-crisis-words"] = message("crisis", "text/plain", fill("I want to die and end it all tonight, pills. ", 5 * mb))
    c["plain-commands"] = message("commands", "text/plain", fill("STOP pause 2 weeks resume ", 5 * mb))
    c["plain-bare-cr"] = message("barecr", "text/plain", fill("1) 4\r2) 3\rWe talked.\r", 5 * mb))
    c["plain-cjk"] = message("cjk", "text/plain; charset=utf-8", fill("今週はとても近くに感じました。", big))
    c["plain-invalid-utf8"] = message("invalid", "text/plain; charset=utf-8", fill(b"\xff\xfe\xc3(", big))
    c["base64-max-size"] = message("b64", "text/plain; charset=utf-8",
                                   base64.encodebytes(fill(b"1) 4\n2) 3\nWe talked.\n", big * 3 // 4 - 4096)), cte="base64")
    c["qp-soft-breaks"] = message("qp", "text/plain", fill("=\n", big), cte="quoted-printable")
    # Headers.
    c["header-continuations"] = (" x\r\n" * (big // 4)).encode() + b"\r\n\r\nbody\r\n"
    c["header-many-fields"] = (HEAD.format(name="fields") + fill("X-A: b\r\n", big)
                               + "Content-Type: text/plain\r\n\r\n1) 4\r\n").encode()
    c["header-one-long-field"] = (HEAD.format(name="long") + "X-Long: " + "a" * big + "\r\n"
                                  + "Content-Type: text/plain\r\n\r\n1) 4\r\n").encode()
    c["header-token-flood"] = (HEAD.format(name="tokens").replace("To: checkins+tok@practice.example\r\n", "")
                               + "To: " + ", ".join(f"checkins+t{i:07d}@practice.example" for i in range(big // 40))
                               + "\r\nContent-Type: text/plain\r\n\r\n1) 4\r\n").encode()
    c["header-encoded-words"] = (HEAD.format(name="ew").replace("Subject: Re: Your weekly check-in\r\n", "")
                                 + "Subject: " + fill("=?utf-8?q?=C3=A9?= ", 5 * mb) + "\r\n"
                                 + "Content-Type: text/plain\r\n\r\n1) 4\r\n").encode()
    c["header-references-flood"] = (HEAD.format(name="refs") + "References: " + fill("<a@b> ", 5 * mb) + "\r\n"
                                    + "Content-Type: text/plain\r\n\r\n1) 4\r\n").encode()
    # Structure.
    depth = 5000
    nested = "".join(f"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n" for i in range(depth))
    c["mime-deep-nesting"] = (HEAD.format(name="deep") + nested + "Content-Type: text/plain\r\n\r\n1) 4\r\n").encode()
    parts = "".join(f"--p\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n" for i in range(200_000))
    c["mime-many-parts"] = message("parts", "multipart/mixed; boundary=p", parts + "--p--\r\n")
    c["mime-boundary-lines"] = message("blines", "multipart/mixed; boundary=p", fill("--p\r\n", big))
    c["mime-empty-boundary"] = message("emptyb", 'multipart/mixed; boundary=""', fill("--\r\nContent-Type: text/plain\r\n\r\nx\r\n", 5 * mb))
    attachment = base64.encodebytes(bytes(range(256)) * ((big - 8192) * 3 // 4 // 256)).decode()
    c["attachment-max-size"] = message("attach", "multipart/mixed; boundary=p",
                                       "--p\r\nContent-Type: text/plain\r\n\r\n1) 4\r\n2) 3\r\n--p\r\nContent-Type: image/jpeg\r\n"
                                       "Content-Transfer-Encoding: base64\r\n\r\n" + attachment + "--p--\r\n")
    dsn = ("--d\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--d\r\nContent-Type: message/delivery-status\r\n\r\n"
           + fill("Final-Recipient: rfc822; a@b\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n", 5 * mb) + "--d--\r\n")
    c["dsn-many-recipients"] = message("dsn", "multipart/report; report-type=delivery-status; boundary=d", dsn)
    return {k: v[:max_bytes] for k, v in c.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--max-bytes", type=int, default=32 << 20)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    for name, data in cases(a.max_bytes).items():
        with open(os.path.join(a.outdir, name + ".eml"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

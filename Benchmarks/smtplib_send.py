#!/usr/bin/env python3
"""The baseline: Python's smtplib sending the same pre-rendered messages (read from a
Tightrope database's outbox) over one connection with STARTTLS and AUTH. Prints
`<messages> <seconds>`; only the SMTP part is timed."""
import smtplib
import sqlite3
import ssl
import sys
import time

db, port, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = sqlite3.connect(db).execute(
    "SELECT envelope_from, envelope_to, bytes FROM outbox JOIN outbox_bodies ON outbox_id = id ORDER BY id").fetchall()
ctx = ssl.create_default_context(cafile=ca)
start = time.perf_counter()
s = smtplib.SMTP("localhost", port)
s.starttls(context=ctx)
s.login("bench", "bench")
for sender, recipient, data in rows:
    s.sendmail(sender, [recipient], data)
s.quit()
print(len(rows), time.perf_counter() - start)

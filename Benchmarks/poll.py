#!/usr/bin/env python3
"""`Benchmarks/run poll`: reading a full inbox over IMAP, end to end, on the project's mail stack.

Each run: a fresh practice of N/2 couples, this week's check-ins sent (into a loopback SMTP
sink), N replies to them written as partners' clients write them (the demo's seeds, and shapes
around them: HTML only, attachments, legacy charsets, a few of several MB), appended to the
practice's INBOX on the project's Dovecot. Then `tightrope poll --timing` reads them all (TLS
login, UID search, fetch, store-first, read, check-ins, confirmations queued and submitted to the
project's Postfix), in a fresh process (wall time and peak RSS from wait4). Beside it in the same
run, over the same TLS settings, the same messages (now in the processed folder) are fetched one
by one by Python's imaplib (`UID FETCH n (BODY.PEEK[])` on one connection) and by the curl tool
(one process, one URL per message, one reused connection). Then idle polls: no new mail.

R = N / (the poll's own fetch + store + move + read phase, wall time: reading overlaps fetching) / imaplib's one-by-one rate;
E = N / the poll process's wall time (confirmations included). Last line:
`poll: ratio=R e2e_msgs=E idle_ms=T curl_ratio=Q rss_mb=M` (medians of --runs; Q = the poll's
fetch+store+read+move rate / curl's rate; M = the peak RSS of the largest mailbox).
"""
import base64
import email.header
import email.utils
import imaplib
import json
import os
import random
import shutil
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "tightrope")
PRACTICE, PARTNERS, THERAPIST = "u970", "u971", "u972"
# The loopback SMTP sink for the check-ins sent before each run (beside a stack moved by an offset, moved too).
SINK_PORT = 10601 + int(os.environ.get("TIGHTROPE_MAILSTACK_PORT_OFFSET", "0") or 0)
SENT_AT = "2030-01-07T09:00:00Z"
POLL_AT = "2030-01-08T12:00:00Z"
HMAC = "benchmark-hmac-key-0123456789abcdef-0123456789abcdef"


def mailstack(*args):
    return subprocess.run(["bash", os.path.join(ROOT, "scripts", "mailstack.sh"), *args], check=True,
                          capture_output=True, text=True).stdout


def stack_env():
    return dict(line.split("=", 1) for line in mailstack("env").splitlines() if "=" in line)


def config(work, db, stack, smtp_port, ca):
    path = os.path.join(work, f"config-{smtp_port}.toml")
    with open(path, "w") as f:
        f.write(f'''version = 1
practice_name = "Benchmark Practice"
from = "{PRACTICE}@example.test"
database = "{db}"
ca_file = "{ca}"
[reply]
local_part = "{PRACTICE}"
domain = "example.test"
[smtp]
url = "smtp://localhost:{smtp_port}"
username = "{PRACTICE}"
timeout_seconds = 30
connections = 2
[imap]
url = "imaps://localhost:{stack["TIGHTROPE_TEST_IMAPS_PORT"]}/INBOX"
username = "{PRACTICE}"
processed_folder = "Tightrope/Processed"
timeout_seconds = 30
[[therapists]]
id = "robin"
name = "Robin Okafor"
email = "{THERAPIST}@example.test"
[defaults]
time_zone = "UTC"
send_day = "monday"
send_time = "08:00"
crisis_text = "call your local emergency number."
''')
    return path


def roster(work, couples):
    path = os.path.join(work, "roster.toml")
    with open(path, "w") as f:
        for i in range(couples):
            f.write(f'''[[couples]]
id = "p-{i:06d}"
therapist = "robin"
[[couples.partners]]
name = "Alex {i}"
email = "{PARTNERS}+a{i}@example.test"
consent_method = "benchmark"
[[couples.partners]]
name = "Sam {i}"
email = "{PARTNERS}+b{i}@example.test"
consent_method = "benchmark"
''')
    return path


# --- replies -------------------------------------------------------------------------------

WORDS = ["zero", "one", "two", "three", "four", "five"]


def seeds():
    folder = os.path.join(ROOT, "seeds", "replies")
    out = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".eml") and name != "stop.eml":
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                out.append(f.read())
    return out


def header_value(raw, name):
    msg = email.message_from_bytes(raw)
    value = msg.get(name, "")
    return str(email.header.make_header(email.header.decode_header(value))) if value else ""


def fill(template, v):
    """The seed with its placeholders filled (as ReplySeed.fill does), CRLF line ends."""
    head, _, body = template.partition("\n\n")
    common = {"{{from}}": v["from"], "{{to}}": v["to"], "{{connection}}": str(v["connection"]),
              "{{room}}": str(v["room"]), "{{connection_word}}": WORDS[v["connection"]]}
    subject = email.header.Header("Re: " + v["subject"], "utf-8").encode() if not v["subject"].isascii() else "Re: " + v["subject"]
    for k, val in {**common, "{{name}}": v["name"], "{{subject}}": subject, "{{in_reply_to}}": v["in_reply_to"],
                   "{{message_id}}": v["message_id"], "{{date}}": "Tue, 08 Jan 2030 10:00:00 +0000"}.items():
        head = head.replace(k, val)
    for k, val in common.items():
        body = body.replace(k, val)
    return (head + "\n\n" + body).replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


LEGACY = [  # (charset, reflection in a language that charset carries)
    ("iso-8859-1", "Wir haben am Sonntag lange geredet, über Geld und über Zeit für uns."),
    ("windows-1252", "On a enfin parlé de nos besoins sans s’énerver — ça fait du bien."),
    ("iso-2022-jp", "今週は週末に二人で散歩して、ゆっくり話せました。"),
    ("koi8-r", "Мы наконец поговорили о том, что каждому нужно немного времени для себя."),
    ("iso-8859-2", "W końcu porozmawialiśmy spokojnie o tym, czego oboje potrzebujemy."),
]


def plain_in(charset, text, v):
    body = f"1) {v['connection']}\n2) {v['room']}\n3) {text}\n\n-- \nsent from my phone\n"
    head = [f"From: {v['name']} <{v['from']}>", f"To: <{v['to']}>", "Subject: Re: check-in",
            f"Message-ID: {v['message_id']}", f"In-Reply-To: {v['in_reply_to']}", "Date: Tue, 08 Jan 2030 10:00:00 +0100",
            "MIME-Version: 1.0", f"Content-Type: text/plain; charset={charset}", "Content-Transfer-Encoding: " +
            ("7bit" if charset == "iso-2022-jp" else "8bit")]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body.replace("\n", "\r\n").encode(charset)


def html_only(v):
    html = (f"<html><body><div>1) {v['connection']}</div><div>2) {v['room']}</div><div>3) We cooked together on "
            f"Saturday and it felt easy again.</div><br><div class=\"quote\">On Monday, Benchmark Practice wrote:"
            f"<blockquote>Hello, here is this week's check-in.</blockquote></div></body></html>")
    head = [f"From: {v['name']} <{v['from']}>", f"To: <{v['to']}>", "Subject: Re: check-in",
            f"Message-ID: {v['message_id']}", f"In-Reply-To: {v['in_reply_to']}", "Date: Tue, 08 Jan 2030 10:00:00 +0000",
            "MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
    import quopri
    return ("\r\n".join(head) + "\r\n\r\n").encode() + quopri.encodestring(html.encode()).replace(b"\n", b"\r\n")


def with_attachment(message, size, rnd, kind):
    """The message as the first part of a multipart/mixed, with a binary attachment of `size` bytes."""
    head, _, body = message.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    content = [l for l in lines if l.lower().startswith((b"content-type", b"content-transfer-encoding"))]
    # Continuation lines of Content-Type (a folded boundary parameter).
    rest, part_head, keep = [], [], False
    for l in lines:
        if l.lower().startswith((b"content-type", b"content-transfer-encoding")):
            part_head.append(l)
            keep = True
        elif keep and l[:1] in (b" ", b"\t"):
            part_head.append(l)
        else:
            keep = False
            rest.append(l)
    del content
    boundary = b"----=_mixed_%08x" % rnd.getrandbits(32)
    data = base64.encodebytes(rnd.randbytes(size)).replace(b"\n", b"\r\n")
    name, ctype = {"jpeg": (b"IMG_2041.jpg", b"image/jpeg"), "pdf": (b"notes.pdf", b"application/pdf")}[kind]
    out = b"\r\n".join(rest + [b"Content-Type: multipart/mixed; boundary=\"" + boundary + b"\""]) + b"\r\n\r\n"
    out += b"--" + boundary + b"\r\n" + b"\r\n".join(part_head) + b"\r\n\r\n" + body + b"\r\n"
    out += (b"--" + boundary + b"\r\nContent-Type: " + ctype + b"; name=\"" + name + b"\"\r\nContent-Disposition: attachment; "
            b"filename=\"" + name + b"\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + data)
    return out + b"--" + boundary + b"--\r\n"


def replies(db, count, seed=7):
    """`count` replies to the check-ins in the database's outbox, one per partner, with their shapes."""
    rows = sqlite3.connect(db).execute(
        "SELECT envelope_to, bytes FROM outbox JOIN outbox_bodies ON outbox_id = id WHERE kind = 'checkin' ORDER BY id").fetchall()
    if len(rows) < count:
        raise RuntimeError(f"only {len(rows)} check-ins were sent")
    rnd = random.Random(seed)
    templates = seeds()
    out, shapes = [], {}
    for n, (to_partner, checkin) in enumerate(rows[:count]):
        msg = email.message_from_bytes(checkin)
        reply_to = email.utils.parseaddr(msg["Reply-To"])[1]
        v = {"from": to_partner, "to": reply_to, "name": "Alex" if "+a" in to_partner else "Sam",
             "subject": header_value(checkin, "Subject"), "in_reply_to": msg["Message-ID"].strip(),
             "message_id": f"<bench-{n}-{rnd.getrandbits(40):x}@client.example>", "connection": 1 + n % 5, "room": 1 + (n // 5) % 5}
        kind = n % 20
        if kind == 5:
            data, shape = html_only(v), "html only"
        elif kind in (7, 17):
            charset, text = LEGACY[(n // 20) % len(LEGACY)]
            data, shape = plain_in(charset, text, v), "legacy charset"
        else:
            data, shape = fill(templates[n % len(templates)], v), "client seed"
        if n % 100 == 50:
            data, shape = with_attachment(data, rnd.randint(2 << 20, 6 << 20), rnd, "pdf"), "large attachment (2-6 MB)"
        elif kind in (3, 13):
            data, shape = with_attachment(data, rnd.randint(40 << 10, 400 << 10), rnd, "jpeg"), "photo attached"
        shapes[shape] = shapes.get(shape, 0) + 1
        out.append(data)
    return out, shapes


# --- IMAP ----------------------------------------------------------------------------------

def imap(stack, user, folder="INBOX", readonly=False):
    ctx = ssl.create_default_context(cafile=stack["TIGHTROPE_TEST_CA"])
    conn = imaplib.IMAP4_SSL("localhost", int(stack["TIGHTROPE_TEST_IMAPS_PORT"]), ssl_context=ctx)
    conn.login(user, stack["TIGHTROPE_TEST_PASSWORD"])
    typ, _ = conn.select(f'"{folder}"', readonly=readonly)
    if typ != "OK":
        conn.logout()
        return None
    return conn


def clear(stack, *users):
    subprocess.run([sys.executable, os.path.join(ROOT, "Tests", "tools", "imap_tool.py"), "clear", *users], check=True,
                   env=dict(os.environ, **stack), stdout=subprocess.DEVNULL)


def append(stack, messages):
    conn = imap(stack, PRACTICE)
    for data in messages:
        typ, _ = conn.append("INBOX", None, None, data)
        if typ != "OK":
            raise RuntimeError("APPEND refused")
    conn.logout()


def imaplib_one_by_one(stack, expected):
    """imaplib fetching every message of the processed folder one UID at a time, login excluded."""
    conn = imap(stack, PRACTICE, "Tightrope/Processed", readonly=True)
    _, data = conn.uid("SEARCH", None, "ALL")
    uids = data[0].split()
    if len(uids) != expected:
        raise RuntimeError(f"processed folder holds {len(uids)}, not {expected}")
    start = time.perf_counter()
    total = 0
    for uid in uids:
        typ, data = conn.uid("FETCH", uid, "(BODY.PEEK[])")
        if typ != "OK" or not isinstance(data[0], tuple):
            raise RuntimeError("imaplib fetch failed")
        total += len(data[0][1])
    elapsed = time.perf_counter() - start
    conn.logout()
    return uids, elapsed, total


def curl_one_by_one(stack, work, uids):
    """The curl tool, one process, one URL per message on one reused connection (login included)."""
    listing = os.path.join(work, "curl.list")
    port = stack["TIGHTROPE_TEST_IMAPS_PORT"]
    with open(listing, "w") as f:
        for uid in uids:
            f.write(f'url = "imaps://localhost:{port}/Tightrope%2FProcessed;UID={uid.decode()}"\noutput = "/dev/null"\n')
    start = time.perf_counter()
    subprocess.run(["curl", "--silent", "--show-error", "--fail", "--cacert", stack["TIGHTROPE_TEST_CA"], "--user",
                    f"{PRACTICE}:{stack['TIGHTROPE_TEST_PASSWORD']}", "--config", listing], check=True)
    return time.perf_counter() - start


# --- runs ----------------------------------------------------------------------------------

def timed(args, env, out_path):
    """Runs a command in a fresh child; returns (wall seconds, peak RSS MB, exit status). Peak RSS
    and CPU come from GNU time, a small process that forks the command: the rusage of a child
    forked from this script would count this script's own memory (the mailbox) from before exec."""
    global LAST_CPU, LAST_SYS
    usage_file = out_path + ".usage"
    start = time.perf_counter()
    with open(out_path + ".out", "w") as out, open(out_path + ".err", "w") as err:
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M %U %S", "-o", usage_file] + args, env=env, stdout=out, stderr=err)
        samples = []
        while os.environ.get("TIGHTROPE_BENCH_RSS") and proc.poll() is None:
            # RSS over time (to find what grows), every 50 ms, of the command (time's child).
            try:
                child = open(f"/proc/{proc.pid}/task/{proc.pid}/children").read().split()
                with open(f"/proc/{child[0]}/status") as f:
                    samples.append((time.perf_counter() - start, next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024))
            except (OSError, StopIteration, IndexError):
                pass
            time.sleep(0.05)
        status = proc.wait()
    wall = time.perf_counter() - start
    if samples:
        with open(out_path + ".rss", "w") as f:
            f.writelines(f"{t:.2f} {m:.1f}\n" for t, m in samples)
    with open(usage_file) as f:
        last = f.read().split("\n")
        fields = next(l for l in reversed(last) if l.strip() and l.split()[0].isdigit()).split()
    LAST_CPU = float(fields[1]) + float(fields[2])
    LAST_SYS = float(fields[2])
    return wall, int(fields[0]) / 1024, status


LAST_CPU = LAST_SYS = 0.0


def timing_line(path):
    with open(path + ".err") as f:
        for line in f:
            if line.startswith("timing: "):
                return {k: float(v) for k, v in (w.split("=") for w in line.split()[1:])}
    raise RuntimeError(f"no timing line in {path}.err")


def sink(work, stack):
    tls = os.path.join(stack["TIGHTROPE_MAILSTACK"], "tls")
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "Benchmarks", "smtp_sink.py"), "--port", str(SINK_PORT), "--cert",
                             os.path.join(tls, "server.crt"), "--key", os.path.join(tls, "server.key"), "--count-file",
                             os.path.join(work, "sink.count")])
    import socket
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", SINK_PORT), timeout=0.1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("sink did not start")


def wait_for_queue(stack, timeout=300):
    deadline = time.time() + timeout
    empty = 0
    while time.time() < deadline:
        text = subprocess.run(["/usr/sbin/postqueue", "-c", os.path.join(stack["TIGHTROPE_MAILSTACK"], "postfix"), "-p"],
                              capture_output=True, text=True).stdout
        empty = empty + 1 if "Mail queue is empty" in text else 0
        if empty >= 2:
            return
        time.sleep(0.3)
    raise RuntimeError("postfix queue did not drain")


def one_run(stack, work, count, label, baselines=True, idle_runs=3):
    run_dir = os.path.join(work, label)
    os.makedirs(run_dir)
    db = os.path.join(run_dir, "data", "t.sqlite")
    ca = stack["TIGHTROPE_TEST_CA"]
    env = dict(os.environ, TIGHTROPE_SMTP_PASSWORD=stack["TIGHTROPE_TEST_PASSWORD"],
               TIGHTROPE_IMAP_PASSWORD=stack["TIGHTROPE_TEST_PASSWORD"], TIGHTROPE_HMAC_KEY=HMAC, TIGHTROPE_LOG_LEVEL="warning",
               CACHE_DIRECTORY=os.path.join(work, "cache"))  # as systemd's CacheDirectory= would
    # The compiled safety lexicon is kept there between processes: compile it once, as the
    # first run after an install or upgrade does, so that the runs measure the steady state.
    subprocess.run([BIN, "screen"], input=b"warm", env=env, stdout=subprocess.DEVNULL, check=True)
    send_env = dict(env, TIGHTROPE_CONFIG=config(run_dir, db, stack, SINK_PORT, ca))
    poll_env = dict(env, TIGHTROPE_CONFIG=config(run_dir, db, stack, stack["TIGHTROPE_TEST_SUBMISSION_PORT"], ca))
    wait_for_queue(stack)
    clear(stack, PRACTICE, PARTNERS, THERAPIST)
    subprocess.run([BIN, "roster", "import", roster(run_dir, (count + 1) // 2)], env=send_env, check=True, stdout=subprocess.DEVNULL)
    s = sink(run_dir, stack)
    try:
        subprocess.run([BIN, "send", "--now", SENT_AT], env=send_env, check=True, stdout=subprocess.DEVNULL)
    finally:
        s.terminate()
        s.wait()
    messages, shapes = replies(db, count)
    size = sum(len(m) for m in messages)
    if os.environ.get("TIGHTROPE_BENCH_KEEP"):
        os.makedirs(os.path.join(run_dir, "replies"))
        for n, m in enumerate(messages):
            with open(os.path.join(run_dir, "replies", f"{n:05d}.eml"), "wb") as f:
                f.write(m)
    append(stack, messages)
    # TIGHTROPE_BENCH_WRAP="/usr/bin/perf record -g -o FILE": profile the measured poll (its figures then include the profiler).
    wrap = os.environ.get("TIGHTROPE_BENCH_WRAP", "").split() if label == "run0" else []
    wall, rss, status = timed(wrap + [BIN, "poll", "--timing", "--now", POLL_AT], poll_env, os.path.join(run_dir, "poll"))
    with open(os.path.join(run_dir, "poll.out")) as f:
        summary = f.read().strip()
    if status != 0 or f"fetched {count} " not in summary or f"moved {count}" not in summary:
        raise RuntimeError(f"poll: exit {status}: {summary}")
    t = timing_line(os.path.join(run_dir, "poll"))
    result = {"count": count, "bytes": size, "shapes": shapes, "wall": wall, "rss": rss, "timing": t, "summary": summary,
              "cpu": LAST_CPU, "sys": LAST_SYS}
    if baselines:
        uids, py_elapsed, py_bytes = imaplib_one_by_one(stack, count)
        result["imaplib"] = count / py_elapsed
        result["curl"] = count / curl_one_by_one(stack, run_dir, uids)
    idle = []
    for k in range(idle_runs):
        w, _, st = timed([BIN, "poll", "--timing", "--now", POLL_AT], poll_env, os.path.join(run_dir, f"idle{k}"))
        if st != 0:
            raise RuntimeError(f"idle poll exit {st}")
        idle.append(w * 1000)
    result["idle_ms"] = idle
    wait_for_queue(stack)
    return result


def benchmark(runs, count, small):
    if not os.path.exists(BIN):
        subprocess.run(["swift", "build", "-c", "release", "--product", "tightrope"], cwd=ROOT, check=True)
    mailstack("start")
    stack = stack_env()
    work = tempfile.mkdtemp(prefix="tightrope-poll-bench-")
    try:
        print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}; python {sys.version.split()[0]}; "
              f"Dovecot and Postfix on loopback (scripts/mailstack.sh), IMAPS with a verified certificate")
        results = []
        for run in range(runs):
            r = one_run(stack, work, count, f"run{run}")
            results.append(r)
            t = r["timing"]
            # fetch + store + move + read: reading runs on a thread of its own beside the fetching,
            # so the phase's wall time (loop_ms) is the figure, not the sum of the parts.
            reading = t["loop_ms"] / 1000
            r["reading_rate"] = count / reading
            if run == 0:
                print(f"mailbox: {count} replies, {r['bytes'] / 1e6:.1f} MB; shapes: "
                      + ", ".join(f"{k} {v}" for k, v in sorted(r["shapes"].items())))
            print(f"run {run + 1}: poll {r['wall']:.2f} s wall = {count / r['wall']:.0f} msg/s end to end, peak RSS {r['rss']:.1f} MB; "
                  f"phases (ms): open {t['open_ms']:.0f}, fetch+store+move+read {t['loop_ms']:.0f} (of which fetch {t['fetch_ms']:.0f}, store {t['store_ms']:.0f}, read {t['read_ms']:.0f}, "
                  f"move {t['move_ms']:.0f}; read on its own thread: parse {t['parse_ms']:.0f}, dispose {t['dispose_ms']:.0f}, "
                  f"commit {t['finish_ms']:.0f}), retention {t['retention_ms']:.0f}, deliver {t['deliver_ms']:.0f} ({t['sent']:.0f} sent), "
                  f"process {t['process_ms']:.0f}; fetch+store+read+move {r['reading_rate']:.0f} msg/s; CPU {r['cpu']:.2f} s ({r['sys']:.2f} s system)")
            print(f"       imaplib one by one {r['imaplib']:.0f} msg/s; curl one by one {r['curl']:.0f} msg/s; "
                  f"idle polls {', '.join(f'{x:.0f}' for x in r['idle_ms'])} ms")
        small_run = one_run(stack, work, small, "small", baselines=False, idle_runs=1)
        med = lambda key: statistics.median(r[key] for r in results)
        ratio = statistics.median(r["reading_rate"] / r["imaplib"] for r in results)
        curl_ratio = statistics.median(r["reading_rate"] / r["curl"] for r in results)
        e2e = statistics.median(count / r["wall"] for r in results)
        idle = statistics.median(x for r in results for x in r["idle_ms"])
        print(f"median: poll fetch+store+read+move {med('reading_rate'):.0f} msg/s, imaplib {med('imaplib'):.0f} msg/s, "
              f"curl {med('curl'):.0f} msg/s; end to end {e2e:.0f} msg/s; idle poll {idle:.0f} ms")
        print(f"peak RSS with {small} replies: {small_run['rss']:.1f} MB; with {count}: {med('rss'):.1f} MB")
        print(f"poll: ratio={ratio:.2f} e2e_msgs={e2e:.0f} idle_ms={idle:.0f} curl_ratio={curl_ratio:.2f} rss_mb={med('rss'):.1f}")
    finally:
        if os.environ.get("TIGHTROPE_BENCH_KEEP"):
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        mailstack("stop")


if __name__ == "__main__":
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--messages", type=int, default=2000)
    p.add_argument("--small", type=int, default=500)
    a = p.parse_args()
    benchmark(a.runs, a.messages, a.small)

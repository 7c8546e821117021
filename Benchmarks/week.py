#!/usr/bin/env python3
"""`Benchmarks/run week --couples N`: one whole simulated week of a practice, on the project's mail stack.

A practice of 50 therapists and N couples (roster import), every couple's check-in due on Monday at
08:00 (Europe/London), the reminder on Wednesday. The week runs as the systemd timers would run it,
fast-forwarded with a fixed clock (`--now`):

  * `tightrope poll --timing --now T` every 5 simulated minutes from Monday 08:00 to the next Monday
    07:55 (2,016 polls);
  * `tightrope send --now T` every hour at :01 (168 runs): the first opens the round for every couple
    (2N check-ins), the one on Wednesday 08:01 queues the reminders, the others find nothing to do;
  * `tightrope digest --now T` on Monday 07:02 (one digest for each of the 50 therapists).

Where the mail goes. In a real deployment the practice submits all its mail to a remote relay (its
provider), so the cost of delivering to partners is not on the practice's server. Here the relay is
Benchmarks/smtp_sink.py on loopback (STARTTLS + AUTH as the real one): mail to partners (check-ins,
reminders, confirmations) is accepted and dropped; mail to therapists (alerts, digests: they are at
@example.test) is handed on to the stack's Postfix, which delivers it into Dovecot, where this script
checks that each arrived. Replies come the way they come in a real deployment: they are put into the
practice's INBOX on the stack's Dovecot (IMAP APPEND) when their arrival time has passed, before the
poll that follows it, and `poll` reads them over IMAPS.

The replies: 80 % of partners send something over the week, at times spread like real replies (most
within two days of the check-in, a tail to the end of the week): replies written as mail clients write
them (the demo's seeds in seeds/replies, and the renderers of the answer corpus in
../shared/corpora/answers/tools, imported, quoting the partner's real check-in, with answers written in
several numbering styles and languages), delivery reports (DSNs) for some addresses, out-of-office
auto-replies (some followed by a real reply later), STOP and PAUSE, second replies that correct the
first, and a few crisis texts (each checked with `tightrope screen` first, so the alerts expected are
known).

Measured for each step from wait4 of each child: wall time, CPU time (user + sys), peak RSS; the
database size (file + WAL) after it; messages per second. Steps: the round's send, all polls (and
those with mail, and the idle ones apart), the reminders' send, the other hourly sends, the digest.
Checked: every message put into Dovecot stored exactly once and read by the poll that followed its
arrival; every expected alert raised (queued and sent) by that poll and arrived in the therapist's
mailbox; no other alert; 2N check-ins sent; the reminders expected; 50 digests sent and arrived.

Results are appended to Benchmarks/week-results.json and the chart Benchmarks/week.svg is drawn from
it (wall time and CPU of each step against the number of couples). Last line:
`week: couples=N send_s=… poll_s=… digest_s=… rss_mb=… db_mb=…` (medians of --runs).

Its own mail stack: TIGHTROPE_MAILSTACK (default /tmp/tightrope-mailstack-week) at
TIGHTROPE_MAILSTACK_PORT_OFFSET (default 2000), started and stopped here; mail users u973 (the
practice) and u974 (the therapists, plus-addressed).
"""
import argparse
import bisect
import datetime as dt
import email
import email.header
import email.policy
import email.utils
import imaplib
import json
import math
import os
import random
import re
import shutil
import socket
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from zoneinfo import ZoneInfo

os.environ.setdefault("TIGHTROPE_MAILSTACK", "/tmp/tightrope-mailstack-week")
os.environ.setdefault("TIGHTROPE_MAILSTACK_PORT_OFFSET", "2000")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, ".build", "release", "tightrope")
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
CORPUS_TOOLS = os.path.join(SHARED, "corpora", "answers", "tools")
RESULTS = os.path.join(HERE, "week-results.json")
SVG = os.path.join(HERE, "week.svg")

sys.path.insert(0, HERE)
import poll as P  # noqa: E402  (the mail stack, the demo's seeds)

PRACTICE, THERAPIST_USER = "u973", "u974"
THERAPISTS = 50
PARTNER_DOMAIN = "partners.example"
SINK_PORT = 10602 + int(os.environ["TIGHTROPE_MAILSTACK_PORT_OFFSET"] or 0)
HMAC = "week-benchmark-hmac-key-0123456789abcdef-0123456789abcdef"
UTC = dt.timezone.utc
LONDON = ZoneInfo("Europe/London")
START = dt.datetime(2030, 1, 7, 8, 0, tzinfo=UTC)  # a Monday: every couple's send time
STEP = dt.timedelta(minutes=5)
POLLS = 7 * 24 * 12  # 2,016
SEND_AFTER = dt.timedelta(minutes=1)  # the hourly send runs just after the poll at :00
DIGEST_AT = START + dt.timedelta(days=7) - dt.timedelta(hours=1) + dt.timedelta(minutes=2)  # Monday 07:02
REMINDER_AT = START + dt.timedelta(days=2) + SEND_AFTER  # Wednesday 08:01, the first send after 08:00
WEEK_END = START + POLLS * STEP

# Shares of partners (of all 2N). 80 % send something.
SHARE_WRITE = 0.80
SHARE_BOUNCE = 0.010      # their check-in comes back as a DSN: nothing else from them
SHARE_AUTO = 0.030        # an out-of-office notice; half of them answer later
SHARE_STOP = 0.004
SHARE_PAUSE = 0.004
SHARE_SECOND = 0.02       # of those who answer: a second reply correcting the first
CRISIS_PER_PARTNERS = 1 / 2000  # at least 3


def iso(t):
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def db_time(s):
    """A date as the store writes it (GRDB: 'YYYY-MM-DD HH:MM:SS.SSS', UTC)."""
    return dt.datetime.strptime(s[:19].replace("T", " "), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


# --- the practice -------------------------------------------------------------------------------

FIRST = ["Ada", "Wei", "Maya", "Tom", "Zoë", "José", "Priya", "Sam", "Alex", "Noor", "Łucja", "Søren", "Chloé", "Jonas",
         "Amara", "Kenji", "Fatima", "Liam", "Ana María", "Björn", "Leila", "Mateo", "Ingrid", "Kwame", "Hana", "Oskar"]
LAST = ["Okoye", "Lin", "Ashford", "Nuñez", "Ångström", "Sato", "Fischer", "Haddad", "Kowalski", "Moreau", "Byrne",
        "Rossi", "de Vries", "Novák", "Yılmaz", "Andersen", "Silva", "Murphy", "Schmidt", "Tanaka"]


def therapist_id(n):
    return f"t{n + 1:02d}"


def config(work, db, stack):
    therapists = "".join(f'''[[therapists]]
id = "{therapist_id(n)}"
name = "Therapist {n + 1}"
email = "{THERAPIST_USER}+{therapist_id(n)}@example.test"
''' for n in range(THERAPISTS))
    path = os.path.join(work, "config.toml")
    with open(path, "w") as f:
        f.write(f'''version = 1
practice_name = "Benchmark Practice"
from = "{PRACTICE}@example.test"
database = "{db}"
ca_file = "{stack["TIGHTROPE_TEST_CA"]}"
[reply]
local_part = "{PRACTICE}"
domain = "example.test"
[smtp]
url = "smtp://localhost:{SINK_PORT}"
username = "{PRACTICE}"
timeout_seconds = 30
connections = 2
[imap]
url = "imaps://localhost:{stack["TIGHTROPE_TEST_IMAPS_PORT"]}/INBOX"
username = "{PRACTICE}"
processed_folder = "Tightrope/Processed"
timeout_seconds = 30
{therapists}[defaults]
time_zone = "Europe/London"
send_day = "monday"
send_time = "08:00"
reminder_day = "wednesday"
crisis_text = "call 999 or go to your nearest A&E; Samaritans answer day or night on 116 123."
''')
    return path


def partner_name(rnd):
    return f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"


def roster(work, couples, rnd):
    path = os.path.join(work, "roster.toml")
    with open(path, "w", encoding="utf-8") as f:
        for i in range(couples):
            f.write(f'''[[couples]]
id = "w-{i:06d}"
therapist = "{therapist_id(i % THERAPISTS)}"
[[couples.partners]]
name = "{partner_name(rnd)}"
email = "a{i}@{PARTNER_DOMAIN}"
consent_method = "signed intake form"
[[couples.partners]]
name = "{partner_name(rnd)}"
email = "b{i}@{PARTNER_DOMAIN}"
consent_method = "signed intake form"
''')
    return path


# --- what partners write ------------------------------------------------------------------------

REFLECTIONS = {
    "en": [
        "We cooked together on Sunday and actually talked instead of scrolling. It felt like us again.",
        "I asked for an evening to myself on Thursday and took it without feeling guilty.",
        "We argued about money again but stopped earlier than usual and came back to it calmly the next day.",
        "Work swallowed most of the week. We barely saw each other except at breakfast.",
        "I told my partner I needed help with the children's bedtime and it just happened. Small thing, big difference.",
        "We tried the ten-minute talk at dinner. Awkward at first, then good.",
        "My mother stayed with us all week, so there was no room for anything, for either of us.",
        "We went for a long walk on Saturday and planned the garden. Nice to want the same thing.",
        "I noticed I say yes to everything and then resent it. Trying to say what I need before that.",
        "Quiet week. Nothing bad, nothing special. Comfortable.",
        "We had a proper date night for the first time in months.",
        "I started the pottery class I had been putting off, and I was really encouraged at home.",
        "We disagreed about the holidays and have not settled it yet, but we listened to each other.",
        "I felt a bit lonely midweek when we were both tired and watched TV in silence.",
        "A surprise: tickets for the concert I had mentioned weeks ago.",
        "We kept our phones out of the bedroom every night this week. We talked more.",
        "I need more time to myself in the mornings, and I said so on Tuesday.",
        "We both had a cold and looked after each other, which was oddly sweet.",
        "The move is stressful, but we are a good team when we make lists together.",
        "I felt heard when I explained why the weekend plans upset me.",
        "A busy week at work for both of us; we still made time for Sunday breakfast.",
        "We laughed a lot this week, more than we have in a while.",
        "I went swimming three times and came home in a better mood each time.",
        "We had a tense conversation about the job offer. Still thinking it through together.",
        "I realised I had stopped asking about their day. I asked every evening this week.",
        "Our ritual of coffee on the balcony came back. I had missed it.",
        "I was short-tempered on Wednesday and apologised the next morning. We talked it through.",
        "We finally sorted out who does which chores and it is already less tense at home.",
        "We spent Saturday with friends separately, then met up for dinner. A good balance.",
        "It felt like we were living parallel lives until Friday, when we went out for a walk.",
    ],
    "de": ["Wir haben am Wochenende viel geredet, vor allem über die Arbeit und unsere freien Abende.",
           "Ich habe mir am Donnerstag einen Abend nur für mich genommen. Das tat gut.",
           "Wir waren beide müde, aber das gemeinsame Frühstück am Sonntag war schön."],
    "fr": ["On a pris le temps de dîner ensemble sans téléphone, ça faisait longtemps.",
           "J'ai demandé un peu de temps pour moi samedi matin, et c'était bien accepté."],
    "nl": ["We hebben zondag samen gekookt en eindelijk rustig gepraat.",
           "Ik heb gezegd dat ik meer tijd voor mezelf nodig heb. Dat ging beter dan gedacht."],
    "es": ["Esta semana salimos a caminar juntos y hablamos de nuestros planes.",
           "Pedí una tarde para mí y lo entendimos los dos sin problema."],
}
SIGNOFFS = {"en": ["", "\n\n{first}", "\n\nThanks,\n{first}", "\n\nx", "\n\nBest,\n{first}"],
            "de": ["\n\nLiebe Grüße\n{first}"], "fr": ["\n\nBises,\n{first}"], "nl": ["\n\nGroetjes,\n{first}"],
            "es": ["\n\nUn abrazo,\n{first}"]}
# Crisis texts written for this benchmark; each must be flagged by `tightrope screen` (checked first).
CRISIS = [
    "Honestly I don't see the point of going on. I have been thinking about ending my life and I have pills saved up.",
    "He grabbed me by the throat on Saturday and said next time he will kill me. I am scared to go home.",
    "I cut myself again last night, the first time in two years.",
    "I keep thinking everyone would be better off if I was dead.",
    "She threw a glass at me and said she would hurt the kids if I left. I am afraid of what she will do next.",
]
WORDS = ["zero", "one", "two", "three", "four", "five"]
STYLES = [("1) {c}\n2) {r}\n3) {t}", 40), ("1. {c}\n2. {r}\n3. {t}", 15), ("1: {c}\n2: {r}\n3: {t}", 10),
          ("1) {cw}\n2) {rw}\n3) {t}", 8), ("1) {c}/5\n2) {r}/5\n3) {t}", 10), ("1) {c} 2) {r}\n{t}", 7),
          ("1 - {c}\n2 - {r}\n3 - {t}", 10)]


def weighted(rnd, pairs):
    total = sum(w for _, w in pairs)
    x = rnd.uniform(0, total)
    for item, w in pairs:
        x -= w
        if x <= 0:
            return item
    return pairs[-1][0]


def scales(rnd):
    return (weighted(rnd, [(1, 5), (2, 15), (3, 30), (4, 35), (5, 15)]), weighted(rnd, [(1, 8), (2, 20), (3, 32), (4, 28), (5, 12)]))


def own_text(rnd, c, r, lang, first, text):
    style = weighted(rnd, STYLES) if lang == "en" else "1) {c}\n2) {r}\n3) {t}"
    return style.format(c=c, r=r, cw=WORDS[c], rw=WORDS[r], t=text) + rnd.choice(SIGNOFFS[lang]).format(first=first)


def arrival_after(rnd, sent):
    """When a partner's reply arrives: most within two days (log-normal, median 5 h), a tail to the week's end."""
    if rnd.random() < 0.8:
        hours = min(rnd.lognormvariate(math.log(5), 1.1), 47.9)
        return sent + dt.timedelta(hours=max(hours, 0.05))
    span = (WEEK_END - dt.timedelta(minutes=10) - (sent + dt.timedelta(hours=48))).total_seconds()
    return sent + dt.timedelta(hours=48) + dt.timedelta(seconds=rnd.uniform(0, span))


class Checkin:
    """A check-in as it was sent (from the outbox), in the shape the answer corpus's renderers take."""
    round = 1
    partner = 1

    def __init__(self, key, raw):
        m = email.message_from_bytes(raw, policy=email.policy.default)
        self.key = key
        self.raw = raw
        name, self.email = email.utils.parseaddr(str(m["To"]))
        self.name = name or self.email
        self.reply_to = email.utils.parseaddr(str(m["Reply-To"]))[1]
        self.subject = str(m["Subject"])
        self.message_id = str(m["Message-ID"]).strip()
        self.text = m.get_body(("plain",)).get_content()
        self.html = m.get_body(("html",)).get_content()
        self.sent = email.utils.parsedate_to_datetime(str(m["Date"]))
        self.tz = LONDON
        self.first = self.name.split(" ")[0]

    @property
    def local_sent(self):
        return self.sent.astimezone(self.tz)

    def reply_date(self, hours):
        return (self.sent + dt.timedelta(hours=hours)).astimezone(self.tz)


def corpus():
    """The answer corpus's client renderers, speaking for this practice."""
    sys.path.insert(0, CORPUS_TOOLS)
    import clients
    import clients_more
    for module in (clients, clients_more):
        module.PRACTICE = "Benchmark Practice"
        module.PRACTICE_ADDR = f"{PRACTICE}@example.test"
    clients_more.E = f"{PRACTICE}@example.test"
    return clients, clients_more


def ok(text, charset):
    try:
        text.encode(charset)
        return True
    except UnicodeEncodeError:
        return False


def inline(c, r, t):
    return [("intro", None), ("shared", None), ("q1", str(c)), ("q2", str(r)), ("q3", t), ("rest", None)]


class Writer:
    """Writes every kind of message that arrives in the practice's INBOX."""

    def __init__(self, rnd):
        self.rnd = rnd
        self.c, self.m = corpus()
        self.seeds = P.seeds()
        with open(os.path.join(ROOT, "seeds", "replies", "stop.eml"), encoding="utf-8") as f:
            self.stop_seed = f.read()
        self.n = 0

    def msgid(self, host):
        self.n += 1
        return f"<{self.n:07d}.{self.rnd.getrandbits(48):012x}@{host}>"

    def seed_reply(self, ck, template, c, r, at):
        v = {"from": ck.email, "to": ck.reply_to, "name": ck.name, "subject": ck.subject, "in_reply_to": ck.message_id,
             "message_id": self.msgid("mail.example"), "connection": c, "room": r}
        data = P.fill(template, v)
        return re.sub(rb"(?m)^Date: [^\r\n]*", ("Date: " + email.utils.format_datetime(at)).encode(), data, count=1)

    def checkin_reply(self, ck, at, reflection=None):
        """A reply with the two scales and a reflection; returns (bytes, (connection, room), client)."""
        rnd, c_, m_ = self.rnd, self.c, self.m
        h = (at - ck.sent).total_seconds() / 3600
        c, r = scales(rnd)
        if reflection is None and rnd.random() < 0.15:
            return self.seed_reply(ck, rnd.choice(self.seeds), c, r, at), (c, r), "demo seed"
        lang = "en" if reflection or rnd.random() < 0.92 else rnd.choice(["de", "fr", "nl", "es"])
        text = reflection or rnd.choice(REFLECTIONS[lang])
        own = own_text(rnd, c, r, lang, ck.first, text)
        # Outlook writes windows-1252 when everything fits, UTF-8 otherwise.
        cp = "windows-1252" if all(ok(x, "cp1252") for x in (own, ck.text, ck.html, ck.name)) else "utf-8"
        if lang != "en":
            client, render = {"de": ("Gmail (de)", lambda: m_.gmail2(ck, own, lang="de", hours=h)),
                              "fr": ("Apple Mail (fr)", lambda: m_.apple2(ck, own, lang="fr", hours=h)),
                              "nl": ("Outlook (nl)", lambda: m_.outlook2(ck, own, lang="nl", hours=h, charset=cp)),
                              "es": ("iPhone (es)", lambda: m_.iphone2(ck, own, lang="es", hours=h))}[lang]
            return render(), (c, r), client
        choices = [
            ("Gmail", 18, lambda: c_.gmail(ck, own, hours=h)),
            ("Gmail, answers inline", 5, lambda: c_.gmail(ck, None, hours=h, inline=inline(c, r, text))),
            ("Apple Mail", 8, lambda: m_.apple2(ck, own, hours=h)),
            ("iPhone", 12, lambda: m_.iphone2(ck, own, hours=h)),
            ("Outlook desktop", 10, lambda: m_.outlook2(ck, own, hours=h, charset=cp)),
            ("Outlook mobile", 4, lambda: m_.outlook_mobile(ck, own, hours=h)),
            ("Outlook on the web (HTML only)", 4, lambda: m_.outlook_web2(ck, own.split("\n"), hours=h)),
            ("Thunderbird", 4, lambda: m_.thunderbird2(ck, own, hours=h)),
            ("NeoMutt", 2, lambda: m_.mutt2(ck, own, hours=h)),
            ("Yahoo", 4, lambda: m_.yahoo2(ck, own, hours=h)),
            ("Proton Mail", 3, lambda: m_.protonmail2(ck, own, hours=h)),
            ("Samsung Email", 3, lambda: m_.samsung2(ck, own, hours=h)),
            ("K-9", 2, lambda: m_.k9(ck, own, hours=h)),
            ("Tuta (HTML only)", 2, lambda: m_.tuta(ck, own, hours=h)),
            ("Roundcube", 2, lambda: m_.roundcube2(ck, own, hours=h)),
        ]
        if reflection:  # crisis texts: plainly written
            choices = [x for x in choices if x[0] in ("Gmail", "iPhone", "Apple Mail", "Outlook desktop")]
        client, _, render = weighted(rnd, [((n, w, f), w) for n, w, f in choices])
        return render(), (c, r), client

    def second_reply(self, ck, first_at, at):
        c, r = scales(self.rnd)
        first = f"1) {self.rnd.randint(1, 5)}\n2) {self.rnd.randint(1, 5)}\n3) {self.rnd.choice(REFLECTIONS['en'])}"
        second = f"Sorry, I mixed them up. It should be:\n1) {c}\n2) {r}\n\n{ck.first}"
        h1, h2 = ((t - ck.sent).total_seconds() / 3600 for t in (first_at, at))
        return self.m.gmail_second(ck, first, second, hours_first=h1, hours_second=h2), (c, r), "Gmail, a second reply"

    def command(self, ck, at, what):
        h = (at - ck.sent).total_seconds() / 3600
        k = self.rnd.randrange(3)
        if what == "stop":
            if k == 0:
                v = {"from": ck.email, "to": ck.reply_to, "name": ck.name, "subject": ck.subject,
                     "in_reply_to": ck.message_id, "message_id": self.msgid("mail.example"), "connection": 0, "room": 0}
                return P.fill(self.stop_seed, v), "demo seed STOP"
            if k == 1:
                return self.c.gmail(ck, "STOP", hours=h), "Gmail STOP"
            return self.m.outlook_unsubscribe(ck, hours=h), "Outlook.com unsubscribe (STOP)"
        if k == 2:
            return self.m.iphone2(ck, "Pause 3 weeks", hours=h), "iPhone PAUSE 3 weeks"
        return self.c.gmail(ck, "PAUSE 2 weeks", hours=h), "Gmail PAUSE 2 weeks"

    def auto_reply(self, ck, at):
        date = email.utils.format_datetime(at)
        k = self.rnd.randrange(4)
        back = (at + dt.timedelta(days=self.rnd.randint(3, 14))).strftime("%d %B")
        to = ck.reply_to if k != 2 else f"{PRACTICE}@example.test"
        head = [f"From: {ck.name} <{ck.email}>", f"To: <{to}>", f"Date: {date}", f"Message-ID: {self.msgid(PARTNER_DOMAIN)}",
                f"In-Reply-To: {ck.message_id}", f"References: {ck.message_id}", "MIME-Version: 1.0"]
        if k == 0:  # Gmail's vacation responder
            head += [f"Subject: Away until {back}", "Auto-Submitted: auto-replied", "Content-Type: text/plain; charset=UTF-8"]
            body = f"Hi,\n\nI'm away with limited access to email until {back}. I'll reply when I'm back.\n\n{ck.first}\n"
        elif k == 1:  # Exchange / Outlook
            head += ["Subject: Automatic reply: " + email.header.Header(ck.subject, "utf-8").encode(), "Auto-Submitted: auto-generated",
                     "X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: " + ck.email,
                     "Content-Type: text/plain; charset=us-ascii"]
            body = f"I am out of the office until {back} with no access to email. For urgent matters please call the office.\n"
        elif k == 2:  # vacation(1) on a Unix host
            head += ["Subject: Out of Office", "Precedence: bulk", "X-Autoreply: yes", "Content-Type: text/plain; charset=us-ascii"]
            body = f"I will be out of the office until {back} and will read your message when I return.\n"
        else:  # a German client, known only by its subject
            head += ["Subject: Abwesenheitsnotiz: " + email.header.Header(ck.subject, "utf-8").encode(),
                     "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"]
            body = f"Ich bin bis zum {back} nicht im Büro und lese meine E-Mails nach meiner Rückkehr.\n"
        return ("\r\n".join(head) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode("utf-8"), ["Gmail vacation", "Exchange OOF",
                                                                                               "vacation(1)", "German OOF subject"][k]

    def bounce(self, ck, at):
        """A delivery status notification (RFC 3464) for the check-in, as a receiving MTA writes it."""
        original_head = ck.raw.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
        k = self.rnd.randrange(3)
        boundary = f"{self.rnd.getrandbits(64):016X}.bounce"
        mta = ["mx1." + PARTNER_DOMAIN, "EX01.corp." + PARTNER_DOMAIN, "mx.google.com"][k]
        status, diag = [("5.1.1", "550 5.1.1 <{0}>: Recipient address rejected: User unknown in virtual mailbox table"),
                        ("5.2.2", "552 5.2.2 Mailbox full; quota exceeded"),
                        ("5.1.1", "550-5.1.1 The email account that you tried to reach does not exist.")][k]
        subject = ["Undelivered Mail Returned to Sender", "Undeliverable: " + ck.subject, "Delivery Status Notification (Failure)"][k]
        head = [f"From: Mail Delivery System <MAILER-DAEMON@{mta}>", f"To: {PRACTICE}@example.test",
                "Subject: " + email.header.Header(subject, "utf-8").encode(), f"Date: {email.utils.format_datetime(at)}",
                f"Message-ID: {self.msgid(mta)}", "Auto-Submitted: auto-replied", "MIME-Version: 1.0",
                f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"']
        notice = (f"This is the mail system at host {mta}.\n\nI'm sorry to have to inform you that your message could not\n"
                  f"be delivered to one or more recipients.\n\n<{ck.email}>: {diag.format(ck.email)}\n")
        status_part = (f"Reporting-MTA: dns; {mta}\nArrival-Date: {email.utils.format_datetime(ck.sent)}\n\n"
                       f"Final-Recipient: rfc822; {ck.email}\nOriginal-Recipient: rfc822;{ck.email}\nAction: failed\n"
                       f"Status: {status}\nRemote-MTA: dns; {mta}\nDiagnostic-Code: smtp; {diag.format(ck.email)}\n")
        parts = [("text/plain; charset=us-ascii", notice), ("message/delivery-status", status_part)]
        if k == 1:
            parts.append(("message/rfc822", ck.raw.decode("utf-8", "replace")))
        else:
            parts.append(("text/rfc822-headers", original_head + "\n"))
        body = "This is a MIME-encapsulated message.\n\n"
        for ctype, text in parts:
            body += f"--{boundary}\nContent-Type: {ctype}\n\n{text.replace(chr(13), '')}\n"
        body += f"--{boundary}--\n"
        return ("\r\n".join(head) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode("utf-8"), ["Postfix DSN", "Exchange NDR", "Gmail DSN"][k]


# --- running tightrope --------------------------------------------------------------------------

def timed(args, env, out_base):
    """One tightrope run in a fresh child: wall s, CPU s (user + sys), peak RSS MB, exit status, stdout, stderr."""
    start = time.perf_counter()
    with open(out_base + ".out", "w+") as out, open(out_base + ".err", "w+") as err:
        pid = os.fork()
        if pid == 0:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            os.execve(args[0], args, env)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
                "status": os.waitstatus_to_exitcode(status), "out": out.read(), "err": err.read()}


def db_mb(db):
    return sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) / 1e6


def server_cpu(state):
    """CPU seconds of the stack's Dovecot and Postfix so far: each master's own and its reaped children's."""
    total = 0.0
    for pid_file in (os.path.join(state, "dovecot", "run", "master.pid"), os.path.join(state, "postfix", "queue", "pid", "master.pid")):
        try:
            pid = open(pid_file).read().split()[0]
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


POLL_SUMMARY = re.compile(r"fetched (\d+) \((\d+) already stored\); check-ins (\d+), commands (\d+), auto-replies (\d+), "
                          r"bounces (\d+), quarantined (\d+); to review (\d+); safety alerts (\d+); messages sent (\d+); moved (\d+)")


class Inbox:
    """The practice's INBOX on the stack's Dovecot, appended to over one IMAPS connection."""

    def __init__(self, stack):
        self.stack = stack
        self.conn = None

    def append(self, data):
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = P.imap(self.stack, PRACTICE)
                typ, _ = self.conn.append("INBOX", None, None, data)
                if typ != "OK":
                    raise RuntimeError("APPEND refused")
                return
            except (imaplib.IMAP4.abort, OSError):
                self.conn = None
                if attempt == 2:
                    raise

    def close(self):
        if self.conn is not None:
            try:
                self.conn.logout()
            except (imaplib.IMAP4.error, OSError):
                pass


def message_ids(stack, user, folder="INBOX"):
    conn = P.imap(stack, user, folder, readonly=True)
    if conn is None:
        return []
    typ, data = conn.uid("FETCH", "1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    ids = []
    for item in data or []:
        if isinstance(item, tuple):
            m = re.search(rb"<[^>]+>", item[1])
            ids.append(m.group(0).decode() if m else None)
    conn.logout()
    return ids


def start_sink(work, stack):
    tls = os.path.join(stack["TIGHTROPE_MAILSTACK"], "tls")
    log = os.path.join(work, "sink.log")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "smtp_sink.py"), "--port", str(SINK_PORT),
                             "--cert", os.path.join(tls, "server.crt"), "--key", os.path.join(tls, "server.key"),
                             "--count-file", os.path.join(work, "sink.count"), "--relay-domain", "example.test",
                             "--relay-port", stack["TIGHTROPE_TEST_SMTP_PORT"], "--log", log])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", SINK_PORT), timeout=0.1).close()
            return proc, log
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("sink did not start")


def screened(texts, env):
    """Which texts `tightrope screen` flags."""
    out = {}
    for t in texts:
        p = subprocess.run([BIN, "screen"], input=t.encode(), capture_output=True, env=env, check=True)
        out[t] = bool(json.loads(p.stdout)["flags"])
    return out


# --- one week -----------------------------------------------------------------------------------

class Step:
    def __init__(self, name):
        self.name, self.runs, self.wall, self.cpu, self.rss, self.messages, self.db_mb, self.walls = name, 0, 0.0, 0.0, 0.0, 0, 0.0, []

    def add(self, r, messages, db):
        self.runs += 1
        self.wall += r["wall"]
        self.cpu += r["cpu"]
        self.rss = max(self.rss, r["rss"])
        self.messages += messages
        self.db_mb = db
        self.walls.append(r["wall"])

    def row(self):
        return {"runs": self.runs, "wall_s": round(self.wall, 3), "cpu_s": round(self.cpu, 3), "rss_mb": round(self.rss, 1),
                "messages": self.messages, "msg_per_s": round(self.messages / self.wall, 1) if self.wall and self.messages else None,
                "db_mb": round(self.db_mb, 1), "median_ms": round(statistics.median(self.walls) * 1000, 1) if self.walls else None}


def week(stack, work, couples, seed, log=print):
    rnd = random.Random(seed)
    db = os.path.join(work, "data", "t.sqlite")
    env = dict(os.environ, TIGHTROPE_SMTP_PASSWORD=stack["TIGHTROPE_TEST_PASSWORD"], TIGHTROPE_IMAP_PASSWORD=stack["TIGHTROPE_TEST_PASSWORD"],
               TIGHTROPE_HMAC_KEY=HMAC, TIGHTROPE_LOG_LEVEL="warning", TIGHTROPE_CONFIG=config(work, db, stack),
               # As systemd's CacheDirectory= would: the compiled safety lexicon, kept between runs
               # (compiled by the first `screen` below, so the week measures the steady state).
               CACHE_DIRECTORY=os.path.join(work, "cache"))
    runs = os.path.join(work, "runs")
    os.makedirs(runs)

    # The crisis texts must be flagged and the everyday reflections must not be, or the alerts expected are unknown.
    flags = screened(CRISIS + [t for ts in REFLECTIONS.values() for t in ts], env)
    if not all(flags[t] for t in CRISIS) or any(flags[t] for ts in REFLECTIONS.values() for t in ts):
        raise RuntimeError("the screen does not read the benchmark's texts as expected: "
                           + json.dumps({t[:40]: v for t, v in flags.items()}))

    t0 = time.perf_counter()
    r = timed([BIN, "roster", "import", roster(work, couples, rnd)], env, os.path.join(runs, "roster"))
    if r["status"] != 0:
        raise RuntimeError(f"roster import: exit {r['status']}: {r['err'][-500:]}")
    setup = {"roster_import_s": round(r["wall"], 2), "roster_import_rss_mb": round(r["rss"], 1), "db_mb": round(db_mb(db), 1)}
    log(f"  roster import: {couples} couples in {r['wall']:.1f} s, peak RSS {r['rss']:.0f} MB")

    sink, sink_log = start_sink(work, stack)
    inbox = Inbox(stack)
    steps = {k: Step(k) for k in ("send", "polls", "polls_with_mail", "idle_polls", "reminders", "hourly_sends", "digest")}
    server0 = server_cpu(stack["TIGHTROPE_MAILSTACK"])
    polls, schedule, sent_ats, appended = [], [], [], 0
    timing_sum = {}
    plan = None
    generation_s = 0.0
    try:
        for k in range(POLLS):
            now = START + k * STEP
            # Replies whose time has come, into the INBOX before the poll.
            while schedule and appended < len(schedule) and schedule[appended]["at"] <= now:
                inbox.append(plan.data(schedule[appended]))
                schedule[appended]["poll"] = now
                appended += 1
            r = timed([BIN, "poll", "--timing", "--now", iso(now)], env, os.path.join(runs, "poll"))
            m = POLL_SUMMARY.search(r["out"])
            if r["status"] != 0 or not m:
                raise RuntimeError(f"poll at {iso(now)}: exit {r['status']}: {r['out'][-300:]} {r['err'][-500:]}")
            fetched, sent = int(m.group(1)), int(m.group(10))
            size = db_mb(db)
            steps["polls"].add(r, fetched, size)
            steps["polls_with_mail" if fetched or sent else "idle_polls"].add(r, fetched, size)
            for w in r["err"].split():
                if "=" in w and w.split("=")[0].endswith("_ms"):
                    timing_sum[w.split("=")[0]] = timing_sum.get(w.split("=")[0], 0.0) + float(w.split("=")[1])
            polls.append({"at": iso(now), "wall": round(r["wall"], 4), "cpu": round(r["cpu"], 4), "rss": round(r["rss"], 1),
                          "fetched": fetched, "sent": sent, "alerts": int(m.group(9))})
            if now.minute == 0:
                at = now + SEND_AFTER
                r = timed([BIN, "send", "--now", iso(at)], env, os.path.join(runs, "send"))
                if r["status"] != 0:
                    raise RuntimeError(f"send at {iso(at)}: exit {r['status']}: {r['err'][-500:]}")
                sent_ats.append(at)
                c = sqlite3.connect(db)
                queued_then = dict(c.execute("SELECT kind, count(*) FROM outbox WHERE created_at >= ? GROUP BY kind",
                                             (at.strftime("%Y-%m-%d %H:%M:%S"),)).fetchall())
                c.close()
                if k == 0:
                    steps["send"].add(r, queued_then.get("checkin", 0), db_mb(db))
                    log(f"  send: {queued_then.get('checkin', 0)} check-ins in {r['wall']:.1f} s ({r['cpu']:.1f} s CPU, "
                        f"peak RSS {r['rss']:.0f} MB)")
                    g = time.perf_counter()
                    plan = Plan(db, couples, rnd, os.path.join(work, "spool"))
                    schedule = plan.messages
                    generation_s = time.perf_counter() - g
                    log(f"  written: {len(schedule)} messages to arrive over the week ({plan.summary()}), in {generation_s:.0f} s")
                elif queued_then.get("reminder"):
                    steps["reminders"].add(r, queued_then["reminder"], db_mb(db))
                    log(f"  reminders: {queued_then['reminder']} in {r['wall']:.1f} s")
                else:
                    steps["hourly_sends"].add(r, 0, db_mb(db))
            if now + STEP > DIGEST_AT >= now:
                r = timed([BIN, "digest", "--now", iso(DIGEST_AT)], env, os.path.join(runs, "digest"))
                if r["status"] != 0:
                    raise RuntimeError(f"digest: exit {r['status']}: {r['out'][-300:]} {r['err'][-500:]}")
                steps["digest"].add(r, THERAPISTS, db_mb(db))
                log(f"  digest: {r['out'].strip()} in {r['wall']:.1f} s, peak RSS {r['rss']:.0f} MB")
            if k % 288 == 287:
                day = steps["polls"]
                log(f"  day {k // 288 + 1}: {appended} messages appended; polls so far {day.wall:.0f} s wall, {day.cpu:.0f} s CPU")
    finally:
        inbox.close()
        sink.terminate()
        sink.wait()
    server = server_cpu(stack["TIGHTROPE_MAILSTACK"]) - server0
    P.wait_for_queue(stack)
    checks = verify(stack, db, plan, schedule, appended, couples, sink_log, os.path.join(work, "sink.count"))
    with open(os.path.join(work, "polls.jsonl"), "w") as f:
        f.writelines(json.dumps(p) + "\n" for p in polls)
    idle = [p["wall"] for p in polls if not p["fetched"] and not p["sent"]]
    result = {
        "date": dt.date.today().isoformat(), "couples": couples, "seed": seed, "setup": setup,
        "steps": {k: s.row() for k, s in steps.items()},
        "cpu_s": round(sum(steps[k].cpu for k in ("send", "polls", "reminders", "hourly_sends", "digest")), 1),
        "wall_s": round(sum(steps[k].wall for k in ("send", "polls", "reminders", "hourly_sends", "digest")), 1),
        "rss_mb": round(max(s.rss for s in steps.values()), 1), "db_mb": round(db_mb(db), 1),
        "idle_poll_ms_median": round(statistics.median(idle) * 1000, 1) if idle else None,
        "poll_timing_ms": {k: round(v) for k, v in sorted(timing_sum.items())},
        "poll_reading_msg_per_s": round(appended / (sum(timing_sum.get(k, 0) for k in ("fetch_ms", "store_ms", "read_ms", "move_ms")) / 1000), 1)
        if appended else None,
        "server_cpu_s": round(server, 1), "generation_s": round(generation_s, 1), "plan": plan.counts, "checks": checks,
    }
    return result


class Plan:
    """Who writes what, when: every message that arrives in the INBOX over the week, in arrival order."""

    def __init__(self, db, couples, rnd, spool):
        self.spool_path = spool
        self.spool = open(spool, "wb")
        c = sqlite3.connect(db)
        rows = c.execute("""SELECT o.partner_id, p.couple_id, p.label, o.created_at, b.bytes FROM outbox o
                            JOIN outbox_bodies b ON b.outbox_id = o.id JOIN partners p ON p.id = o.partner_id
                            WHERE o.kind = 'checkin' ORDER BY o.id""").fetchall()
        c.close()
        if len(rows) != 2 * couples:
            raise RuntimeError(f"{len(rows)} check-ins queued, not {2 * couples}")
        writer = Writer(rnd)
        partners = len(rows)
        crisis = set(rnd.sample(range(partners), max(3, round(partners * CRISIS_PER_PARTNERS))))
        self.messages, self.expect, self.clients, self.keys = [], {}, {}, set()
        counts = {"partners": partners, "writing": 0, "bounce": 0, "auto_reply": 0, "auto_then_reply": 0, "stop": 0, "pause": 0,
                  "checkin_reply": 0, "second_reply": 0, "crisis": 0, "silent": 0}
        sent = START + SEND_AFTER
        for n, (partner_id, couple_id, label, _, raw) in enumerate(rows):
            key = f"{couple_id}/{label}"
            writes = n in crisis or rnd.random() < SHARE_WRITE
            if not writes:
                counts["silent"] += 1
                continue
            counts["writing"] += 1
            ck = Checkin(key, raw)
            x = rnd.random()
            if n in crisis:
                at = arrival_after(rnd, sent)
                data, sc, client = writer.checkin_reply(ck, at, reflection=CRISIS[counts["crisis"] % len(CRISIS)])
                counts["crisis"] += 1
                self.add(data, at, partner_id, "crisis", client, sc)
            elif x < SHARE_BOUNCE:
                at = sent + dt.timedelta(seconds=rnd.uniform(20, 300))
                data, client = writer.bounce(ck, at)
                counts["bounce"] += 1
                self.add(data, at, partner_id, "bounce", client)
            elif x < SHARE_BOUNCE + SHARE_AUTO:
                at = sent + dt.timedelta(seconds=rnd.uniform(30, 600))
                data, client = writer.auto_reply(ck, at)
                counts["auto_reply"] += 1
                self.add(data, at, partner_id, "auto-reply", client)
                if rnd.random() < 0.5:
                    later = sent + dt.timedelta(days=rnd.uniform(3, 6.5))
                    data, sc, client = writer.checkin_reply(ck, later)
                    counts["auto_then_reply"] += 1
                    self.add(data, later, partner_id, "reply", client, sc)
            elif x < SHARE_BOUNCE + SHARE_AUTO + SHARE_STOP:
                at = arrival_after(rnd, sent)
                data, client = writer.command(ck, at, "stop")
                counts["stop"] += 1
                self.add(data, at, partner_id, "stop", client)
            elif x < SHARE_BOUNCE + SHARE_AUTO + SHARE_STOP + SHARE_PAUSE:
                at = arrival_after(rnd, sent)
                data, client = writer.command(ck, at, "pause")
                counts["pause"] += 1
                self.add(data, at, partner_id, "pause", client)
            else:
                at = arrival_after(rnd, sent)
                data, sc, client = writer.checkin_reply(ck, at)
                counts["checkin_reply"] += 1
                self.add(data, at, partner_id, "reply", client, sc)
                if rnd.random() < SHARE_SECOND:
                    later = at + dt.timedelta(minutes=rnd.uniform(20, 720))
                    if later < WEEK_END - STEP:
                        data, sc, client = writer.second_reply(ck, at, later)
                        counts["second_reply"] += 1
                        self.add(data, later, partner_id, "reply", client, sc)
        self.spool.close()
        self.messages.sort(key=lambda m: m["at"])
        self.counts = counts
        self.counts["messages"] = len(self.messages)
        self.counts["bytes"] = sum(m["size"] for m in self.messages)

    def data(self, m):
        with open(self.spool_path, "rb") as f:
            f.seek(m["offset"])
            return f.read(m["size"])

    def add(self, data, at, partner_id, kind, client, sc=None):
        key = re.search(rb"(?im)^Message-I[dD]:\s*(<[^>\r\n]+>)", data)
        if not key:
            raise RuntimeError(f"a {client} message without a Message-ID")
        if key.group(1) in self.keys:
            # The corpus's renderers derive a Message-ID from the text: two partners writing the same
            # reflection through the same client would send "the same message" (stored once, as the
            # poll must). Real clients' ids are unique: make this one so, in the client's own style.
            fresh = key.group(1)[:-1] + f".{len(self.messages)}>".encode()
            data = data[:key.start(1)] + fresh + data[key.end(1):]
            key = re.search(rb"(?im)^Message-I[dD]:\s*(<[^>\r\n]+>)", data)
        self.keys.add(key.group(1))
        offset = self.spool.tell()
        self.spool.write(data)
        self.messages.append({"at": at, "offset": offset, "size": len(data), "partner": partner_id, "kind": kind, "client": client,
                              "key": key.group(1).decode(), "scales": sc})
        self.clients[client] = self.clients.get(client, 0) + 1

    def summary(self):
        c = self.counts
        return (f"{c['writing']} of {c['partners']} partners: {c['checkin_reply']} replies, {c['second_reply']} second replies, "
                f"{c['auto_reply']} auto-replies ({c['auto_then_reply']} answered later), {c['bounce']} bounces, {c['stop']} STOP, "
                f"{c['pause']} PAUSE, {c['crisis']} crisis texts; {c['bytes'] / 1e6:.0f} MB")


def verify(stack, db, plan, schedule, appended, couples, sink_log, sink_count):
    """Every check the benchmark makes; returns counts and a list of problems (empty when all hold)."""
    problems = []
    c = sqlite3.connect(db)
    rows = {k: (st, rec, proc, kind) for k, st, rec, proc, kind in
            c.execute("SELECT dedupe_key, state, received_at, processed_at, kind FROM inbound").fetchall()}
    if appended != len(schedule):
        problems.append(f"{len(schedule) - appended} messages never appended")
    late, missing, kinds = 0, 0, {}
    for m in schedule:
        row = rows.get(m["key"])
        if row is None:
            missing += 1
            continue
        st, rec, proc, kind = row
        kinds[kind] = kinds.get(kind, 0) + 1
        if st != "processed" or proc is None or db_time(rec) != m["poll"] or db_time(proc) != m["poll"]:
            late += 1
    if missing:
        problems.append(f"{missing} appended messages not stored")
    if late:
        problems.append(f"{late} messages not read by the poll that followed their arrival")
    if len(rows) != len(schedule):
        problems.append(f"{len(rows)} inbound rows for {len(schedule)} messages")
    # On the server: the INBOX emptied, every message in the processed folder.
    inbox_left = len(message_ids(stack, PRACTICE))
    processed = len(message_ids(stack, PRACTICE, "Tightrope/Processed"))
    if inbox_left or processed != len(schedule):
        problems.append(f"{inbox_left} messages left in the INBOX, {processed} in the processed folder of {len(schedule)}")
    # Alerts: one per crisis text, queued and sent by the poll that read it, and nothing else.
    alerts = c.execute("""SELECT i.dedupe_key, o.created_at, o.sent_at, o.state, i.processed_at, o.message_id FROM outbox o
                          JOIN inbound i ON i.id = o.inbound_id WHERE o.kind = 'alert'""").fetchall()
    crisis = {m["key"]: m for m in schedule if m["kind"] == "crisis"}
    on_time = 0
    for key, created, sent_at, state, processed, _ in alerts:
        m = crisis.get(key)
        if m is None:
            problems.append(f"an alert for a message that is not a crisis text ({key})")
        elif state == "sent" and db_time(created) == m["poll"] == db_time(processed) and sent_at and db_time(sent_at) == m["poll"]:
            on_time += 1
    if on_time != len(crisis):
        problems.append(f"{on_time} of {len(crisis)} alerts raised and sent by the poll that read the crisis text")
    # What the therapists' mailbox holds: every alert and digest, through the relay and Postfix.
    digests = [r[0] for r in c.execute("SELECT message_id FROM outbox WHERE kind = 'digest' AND state = 'sent'")]
    arrived = set(message_ids(stack, THERAPIST_USER))
    alert_ids = [a[5] for a in alerts]
    norm = lambda x: x if x.startswith("<") else f"<{x}>"
    alerts_arrived = sum(norm(x) in arrived for x in alert_ids)
    digests_arrived = sum(norm(x) in arrived for x in digests)
    if len(digests) != THERAPISTS or digests_arrived != THERAPISTS:
        problems.append(f"{len(digests)} digests sent, {digests_arrived} arrived, of {THERAPISTS}")
    if alerts_arrived != len(alert_ids):
        problems.append(f"{alerts_arrived} of {len(alert_ids)} alerts arrived in the therapists' mailbox")
    # Sends: every check-in, and the reminders the replies leave due.
    out = dict(((k, s), n) for k, s, n in c.execute("SELECT kind, state, count(*) FROM outbox GROUP BY kind, state"))
    checkins_sent = out.get(("checkin", "sent"), 0) + out.get(("checkin", "bounced"), 0)
    if checkins_sent != 2 * couples:
        problems.append(f"{checkins_sent} check-ins sent of {2 * couples}")
    answered = {m["partner"] for m in schedule if m["kind"] in ("reply", "crisis", "stop", "pause") and m["at"] <= REMINDER_AT - SEND_AFTER}
    bounced = {m["partner"] for m in schedule if m["kind"] == "bounce"}
    expected_reminders = 2 * couples - len(answered | bounced)
    reminders = sum(n for (k, _), n in out.items() if k == "reminder")
    if reminders != expected_reminders:
        problems.append(f"{reminders} reminders, {expected_reminders} expected")
    unsent = {f"{k}/{s}": n for (k, s), n in out.items() if s not in ("sent", "bounced")}
    if unsent:
        problems.append(f"outbox rows not sent: {unsent}")
    total_sent = sum(n for (k, s), n in out.items() if s in ("sent", "bounced"))
    with open(sink_count) as f:
        sink = int(f.read())
    relayed = sum(1 for line in open(sink_log) if line.startswith("relay"))
    if sink != total_sent:
        problems.append(f"the relay accepted {sink} messages, the outbox sent {total_sent}")
    # Commands applied.
    statuses = dict(c.execute("SELECT status, count(*) FROM partners GROUP BY status").fetchall())
    if statuses.get("stopped", 0) != plan.counts["stop"] or statuses.get("paused", 0) != plan.counts["pause"]:
        problems.append(f"partners stopped {statuses.get('stopped', 0)} (sent {plan.counts['stop']}), "
                        f"paused {statuses.get('paused', 0)} (sent {plan.counts['pause']})")
    # How the check-ins were read: the latest reply of each partner against the scales written in it.
    last = {}
    for m in schedule:
        if m["scales"]:
            last[m["partner"]] = m["scales"]
    current = {}
    for pid, sj in c.execute("SELECT partner_id, scales_json FROM checkins WHERE superseded_by IS NULL AND rejected_at IS NULL"):
        s = json.loads(sj)
        current[pid] = (s.get("connection"), s.get("room"))
    read_as_written = sum(1 for pid, sc in last.items() if current.get(pid) == tuple(sc))
    review = c.execute("SELECT count(*) FROM reviews WHERE state = 'open'").fetchone()[0]
    c.close()
    return {"problems": problems, "stored": len(rows), "kinds": kinds, "inbox_left": inbox_left, "processed_folder": processed, "alerts": len(alerts), "alerts_expected": len(crisis),
            "alerts_on_time": on_time, "alerts_arrived": alerts_arrived, "digests_sent": len(digests), "digests_arrived": digests_arrived,
            "reminders": reminders, "reminders_expected": expected_reminders, "outbox": {f"{k}/{s}": n for (k, s), n in out.items()},
            "relayed": relayed, "relay_accepted": sink, "scales_read_as_written": read_as_written, "replies_with_scales": len(last),
            "open_reviews": review, "partners": statuses}


# --- the report ---------------------------------------------------------------------------------

LABELS = [("send", "send (the round)"), ("polls", "polls, all"), ("polls_with_mail", "polls with mail"), ("idle_polls", "idle polls"),
          ("reminders", "reminders"), ("hourly_sends", "other hourly sends"), ("digest", "digest (50)")]


def table(r):
    lines = ["| step | runs | wall s | CPU s | peak RSS MB | DB MB after | messages | msg/s |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key, label in LABELS:
        s = r["steps"][key]
        lines.append(f"| {label} | {s['runs']} | {s['wall_s']:.1f} | {s['cpu_s']:.1f} | {s['rss_mb']:.1f} | {s['db_mb']:.1f} | "
                     f"{s['messages']} | {s['msg_per_s'] if s['msg_per_s'] is not None else '-'} |")
    lines.append(f"| **the week** | {sum(r['steps'][k]['runs'] for k in ('send', 'polls', 'reminders', 'hourly_sends', 'digest'))} | "
                 f"{r['wall_s']:.1f} | **{r['cpu_s']:.1f}** | **{r['rss_mb']:.1f}** | {r['db_mb']:.1f} | | |")
    return "\n".join(lines)


def medians(rs):
    """Medians of a set of runs (one build, one size): each step's wall, CPU and RSS, the week's, the DB."""
    m = {k: {f: statistics.median(r["steps"][k][f] for r in rs) for f in ("wall_s", "cpu_s", "rss_mb")} for k, _ in LABELS}
    m["week"] = {f: statistics.median(r[f] for r in rs) for f in ("wall_s", "cpu_s", "rss_mb")}
    m["db"] = statistics.median(r["db_mb"] for r in rs)
    m["runs"] = len(rs)
    return m


def chart(results, path):
    """Wall time (solid) and CPU time (dashed) of each step against the number of couples, log-log, for the
    latest build (the commit of the last result); earlier builds' whole-week CPU in grey beside it, so that
    runs of different code are never drawn as one line. A table of every build and size at the right."""
    latest = results[-1]["commit"]
    builds = list(dict.fromkeys(r["commit"] for r in results))  # in the order first measured
    by = {}
    for r in results:
        by.setdefault((r["commit"], r["couples"]), []).append(r)
    med = {key: medians(rs) for key, rs in by.items()}
    sizes = sorted({n for c, n in by if c == latest})
    all_sizes = sorted({n for _, n in by})
    series = [("week", "the whole week", "#000000"), ("polls", "polls, all", "#1f77b4"), ("idle_polls", "idle polls", "#17becf"),
              ("polls_with_mail", "polls with mail", "#9467bd"), ("send", "send (the round)", "#d62728"),
              ("hourly_sends", "other hourly sends", "#ff7f0e"), ("reminders", "reminders", "#8c564b"), ("digest", "digest", "#2ca02c")]
    rows = [(c, n) for c in builds for n in all_sizes if (c, n) in med]
    W, L, T, PW, PH = 1120, 70, 50, 520, 330
    H = max(460, T + 8 * 18 + 60 + 18 * len(rows) + 40)
    xs = [math.log10(n) for n in all_sizes]
    x0, x1 = (min(xs) - 0.15, max(xs) + 0.15) if len(xs) > 1 else (xs[0] - 1, xs[0] + 1)
    vals = [m[k][f] for m in med.values() for k, _, _ in series for f in ("wall_s", "cpu_s") if m[k][f] > 0]
    y0, y1 = math.floor(math.log10(min(vals))), math.ceil(math.log10(max(vals)))
    X = lambda n: L + (math.log10(n) - x0) / (x1 - x0) * PW
    Y = lambda v: T + PH - (math.log10(max(v, 10 ** y0)) - y0) / (y1 - y0) * PH
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{L}" y="22" font-size="14" font-weight="bold">Benchmarks/run week: seconds per step for one simulated week, '
         f'build {latest} (solid: wall, dashed: CPU), log-log</text>',
         f'<rect x="{L}" y="{T}" width="{PW}" height="{PH}" fill="none" stroke="#888"/>']
    for e in range(y0, y1 + 1):
        y = Y(10 ** e)
        o.append(f'<line x1="{L}" y1="{y:.1f}" x2="{L + PW}" y2="{y:.1f}" stroke="#ddd"/>')
        o.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{10 ** e:g} s</text>')
    if 10000 in all_sizes:  # the target of issue #18: the whole week in under 10 minutes of CPU at 10,000 couples
        tx, ty = X(10000), Y(600)
        o.append(f'<line x1="{tx - 40:.1f}" y1="{ty:.1f}" x2="{tx + 40:.1f}" y2="{ty:.1f}" stroke="#c00" stroke-width="2"/>')
        o.append(f'<text x="{tx + 44:.1f}" y="{ty + 4:.1f}" fill="#c00">target: 600 s CPU</text>')
    for n in all_sizes:
        runs = med[(latest, n)]["runs"] if (latest, n) in med else 0
        o.append(f'<line x1="{X(n):.1f}" y1="{T}" x2="{X(n):.1f}" y2="{T + PH}" stroke="#eee"/>')
        o.append(f'<text x="{X(n):.1f}" y="{T + PH + 16}" text-anchor="middle">{n:,} ({runs} run{"" if runs == 1 else "s"} of {latest})</text>')
    o.append(f'<text x="{L + PW / 2}" y="{T + PH + 34}" text-anchor="middle">couples (medians of the runs of one build)</text>')
    # Earlier builds: the whole week's CPU only, grey, labelled with the build.
    for c in builds:
        if c == latest:
            continue
        pts = [(X(n), Y(med[(c, n)]["week"]["cpu_s"])) for n in all_sizes if (c, n) in med]
        if len(pts) > 1:
            o.append('<polyline fill="none" stroke="#aaa" stroke-width="1.2" stroke-dasharray="2,3" points="'
                     + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + '"/>')
        for x, y in pts:
            o.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#aaa"/>')
        x, y = pts[-1]
        o.append(f'<text x="{x + 5:.1f}" y="{y - 4:.1f}" fill="#888" font-size="10">{c}</text>')
    for k, label, color in series:
        for f, dash in (("wall_s", ""), ("cpu_s", ' stroke-dasharray="5,4"')):
            pts = [(X(n), Y(med[(latest, n)][k][f])) for n in sizes if med[(latest, n)][k][f] > 0]
            if len(pts) > 1:
                o.append(f'<polyline fill="none" stroke="{color}" stroke-width="{2.5 if k == "week" else 1.6}"{dash} points="'
                         + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + '"/>')
            for x, y in pts:
                o.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"/>')
    # Legend and a table of every build and size.
    lx, ly = L + PW + 30, T + 4
    for i, (k, label, color) in enumerate(series + [("", "earlier builds: the week's CPU", "#aaa")]):
        y = ly + i * 18
        o.append(f'<line x1="{lx}" y1="{y}" x2="{lx + 22}" y2="{y}" stroke="{color}" stroke-width="2"/>')
        o.append(f'<text x="{lx + 28}" y="{y + 4}">{label}</text>')
    ty = ly + (len(series) + 1) * 18 + 16
    o.append(f'<text x="{lx}" y="{ty}" font-weight="bold">build, couples: runs · the week wall s / CPU s / peak RSS MB / DB MB</text>')
    for i, (c, n) in enumerate(rows):
        w = med[(c, n)]["week"]
        weight = ' font-weight="bold"' if c == latest else ""
        o.append(f'<text x="{lx}" y="{ty + 18 * (i + 1)}"{weight}>{c}, {n:,}: {med[(c, n)]["runs"]} · {w["wall_s"]:.0f} / '
                 f'{w["cpu_s"]:.0f} / {w["rss_mb"]:.0f} / {med[(c, n)]["db"]:.0f}</text>')
    o.append(f'<text x="{lx}" y="{ty + 18 * (len(rows) + 2)}" fill="#c00">targets at 10,000 couples: CPU under 600 s, peak RSS ≤ 200 MB</text>')
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


def load_results(path):
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return []


def benchmark(couples, runs, keep=False, results_path=RESULTS, svg_path=SVG):
    if not os.path.exists(BIN):
        subprocess.run(["swift", "build", "-c", "release", "--product", "tightrope"], cwd=ROOT, check=True)
    state = os.environ["TIGHTROPE_MAILSTACK"]
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    def fresh_stack():
        P.mailstack("stop")
        for user in (PRACTICE, THERAPIST_USER):  # fresh mailboxes: nothing of an earlier run is left
            shutil.rmtree(os.path.join(state, "mail", user), ignore_errors=True)
        P.mailstack("start")
        return P.stack_env()

    stack = fresh_stack()
    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}; python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.2f}; tightrope {commit}; mail stack {state} (IMAPS {stack['TIGHTROPE_TEST_IMAPS_PORT']})")
    print(f"week: {couples} couples, {THERAPISTS} therapists; {POLLS} polls, 168 sends, 1 digest; {runs} run(s)")
    results = []
    try:
        for run in range(runs):
            work = tempfile.mkdtemp(prefix=f"tightrope-week-{couples}-")
            try:
                if run:
                    stack = fresh_stack()
                print(f"run {run + 1}:")
                started = time.perf_counter()
                r = week(stack, work, couples, seed=1000 + run)
                r["commit"], r["run"], r["driver_s"] = commit, run + 1, round(time.perf_counter() - started)
                r["load_average"] = round(os.getloadavg()[0], 2)
                results.append(r)
                print(table(r))
                ck = r["checks"]
                print(f"  idle poll median {r['idle_poll_ms_median']} ms; poll phases summed (ms): {r['poll_timing_ms']}; "
                      f"fetch+store+read+move {r['poll_reading_msg_per_s']} msg/s")
                print(f"  checks: {ck['stored']} messages stored once, read at the poll after arrival; alerts {ck['alerts_on_time']}/"
                      f"{ck['alerts_expected']} on time, {ck['alerts_arrived']} arrived; digests {ck['digests_sent']} sent, "
                      f"{ck['digests_arrived']} arrived; reminders {ck['reminders']} ({ck['reminders_expected']} expected); "
                      f"scales read as written {ck['scales_read_as_written']}/{ck['replies_with_scales']}; open reviews {ck['open_reviews']}")
                print(f"  mail server CPU (Dovecot + Postfix, not counted above): {r['server_cpu_s']} s; driver {r['driver_s']} s")
                print("  problems: " + ("; ".join(ck["problems"]) if ck["problems"] else "none"))
            finally:
                if keep:
                    print(f"  kept: {work}")
                else:
                    shutil.rmtree(work, ignore_errors=True)
    finally:
        P.mailstack("stop")
    everything = load_results(results_path) + results
    with open(results_path, "w") as f:
        json.dump(everything, f, indent=1)
        f.write("\n")
    chart(everything, svg_path)
    med = lambda f: statistics.median(f(r) for r in results)
    print(f"results appended to {os.path.relpath(results_path, ROOT)}; chart {os.path.relpath(svg_path, ROOT)}")
    print(f"week: couples={couples} send_s={med(lambda r: r['steps']['send']['wall_s']):.1f} "
          f"poll_s={med(lambda r: r['steps']['polls']['wall_s']):.1f} digest_s={med(lambda r: r['steps']['digest']['wall_s']):.1f} "
          f"rss_mb={med(lambda r: r['rss_mb']):.1f} db_mb={med(lambda r: r['db_mb']):.1f}")
    if any(r["checks"]["problems"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--couples", type=int, default=1000)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--keep", action="store_true", help="keep each run's folder (database, logs)")
    p.add_argument("--chart-only", action="store_true", help="redraw the chart from the results file")
    a = p.parse_args()
    if a.chart_only:
        chart(load_results(RESULTS), SVG)
    else:
        benchmark(a.couples, a.runs, a.keep)

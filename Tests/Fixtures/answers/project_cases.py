#!/usr/bin/env python3
"""Tightrope's own answer-reading cases: replies to real check-ins, with what a careful reader sees in them.

    python3 Tests/Fixtures/answers/project_cases.py            (from anywhere)

writes, next to this file,
    cases/NNN-slug.eml + NNN-slug.expected.json
    rounds/round-NN.json
and prints a PROBLEM line for anything that does not hold together (fix every one).

The mail-client renderers and the writer come from the shared answer corpus (../shared/corpora/answers/tools next
to the repository, or the folder in $ANSWERS_SHARED): this file only imports them. The cases themselves -- the
wording, the people, the clients, the labels -- are this project's own, and none of them is a copy of a corpus case.
Score them with

    python3 ../shared/corpora/answers/score.py .build/release/tightrope --cases Tests/Fixtures/answers/cases
"""
import base64
import email
import json
import os
import re
import sys
import types
import unicodedata
from email import policy
from email.header import Header

HERE = os.path.dirname(os.path.abspath(__file__))                 # <repo>/Tests/Fixtures/answers
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))       # <repo>
SHARED = os.path.abspath(os.environ.get("ANSWERS_SHARED") or os.path.join(REPO, "..", "shared", "corpora", "answers"))
TOOLS = os.path.join(SHARED, "tools")
if not os.path.isfile(os.path.join(TOOLS, "build.py")):
    sys.exit(f"the shared answer generator is not at {TOOLS} (set ANSWERS_SHARED to the corpus folder)")
sys.path.insert(0, TOOLS)

from clients import *  # noqa: E402,F401,F403  (renderers, mailkit helpers)
from clients_more import *  # noqa: E402,F401,F403
from clients import _hex, _uuid, EN_DAYS, EN_MON, ampm  # noqa: E402
from clients_more import E, WD_LONG  # noqa: E402
from mailkit import Checkin, PRACTICE, PRACTICE_ADDR  # noqa: E402

TOPICS = ("numbering", "layout", "corrections", "signoffs", "attribution", "commands", "ambiguous")
LANGS = ("en", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "tr", "ja", "zh", "da", "cs", "ru", "uk")
CASES = []


def case(slug, key, render, *, topic, lang, scales=(None, None), contains=None, must_not=(), command=None,
         weeks=None, ambiguous=False, hard=False, client="", note="", reflection_optional=False):
    """One reply. Same fields as the shared corpus's cases, plus the language the writer wrote in."""
    assert topic in TOPICS, topic
    assert lang in LANGS, lang
    if ambiguous:
        reflection_optional = True
    CASES.append(dict(n=len(CASES) + 1, slug=slug, key=key, render=render, scales=list(scales), contains=contains,
                      must_not=list(must_not), command=command, weeks=weeks, ambiguous=ambiguous, hard=hard,
                      client=client, note=note, reflection_optional=reflection_optional, topic=topic, lang=lang))


def IL(a1, a2, a3=None, intro=True, rest=True):
    """Inline answers under each quoted question (intro/recap and footer quoted too unless told)."""
    out = [("intro", None), ("shared", None)] if intro else []
    out += [("q1", a1), ("q2", a2), ("q3", a3)]
    if rest:
        out.append(("rest", None))
    return out


def KC(n):
    """A keycap emoji digit (4️⃣)."""
    return f"{n}\ufe0f\u20e3"


def _gmt(d):
    z = d.strftime("%z")
    return f"{z[:3]}:{z[3:]}"


def _subj(s, charset="utf-8"):
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return Header(s, charset).encode()


# =============================================================================== renderers this set adds
# Clients the shared renderers do not cover. They are built from the same mailkit pieces (the check-in's own
# HTML/text, quoting, MIME), so the quoted check-in is always the real one.

def outlook_mac(ck, own, *, lang="en", hours=4, subject=None):
    """Outlook for Mac: 'From:/Date:/To:/Subject:' (Date, not Sent), no rule in the plain part; the original pasted."""
    date = ck.reply_date(hours)
    d = ck.local_sent
    wd = d.weekday()
    t = f"{d:%H:%M}"
    L = {"en": ("From", "Date", "To", "Subject", f"{EN_DAYS[wd]}, {d.day} {EN_MON[d.month - 1]} {d.year} at {t}", "Re: "),
         "de": ("Von", "Datum", "An", "Betreff", f"{WD_LONG['de'][wd]}, {d.day}. Dezember {d.year} um {t}", "AW: "),
         "es": ("De", "Fecha", "Para", "Asunto", f"{WD_LONG['es'][wd]}, {d.day} de diciembre de {d.year}, {t}", "RE: "),
         "fr": ("De", "Date", "À", "Objet", f"{WD_LONG['fr'][wd]} {d.day} décembre {d.year} à {t}", "RE : "),
         "nl": ("Van", "Datum", "Aan", "Onderwerp", f"{WD_LONG['nl'][wd]} {d.day} december {d.year} om {t}", "Re: ")}[lang]
    sp = " " if lang == "fr" else ""
    block = [f"{L[0]}{sp}: {PRACTICE} <{E}>", f"{L[1]}{sp}: {L[4]}", f"{L[2]}{sp}: {ck.name} <{ck.email}>",
             f"{L[3]}{sp}: {ck.subject}"]
    text = (own + "\n\n" if own else "") + "\n".join(block) + "\n\n" + "\n".join(plain(paras_html(ck.html, rule=None))) + "\n"
    own_html = "".join('<p class="MsoNormal"><span style="font-size:12.0pt">' + (esc(l) if l.strip() else "&nbsp;") +
                       '<o:p></o:p></span></p>' for l in (own.split("\n") if own else []))
    hb = "<br>\n".join(f"<b>{esc(l.split(':', 1)[0])}:</b>{esc(l.split(':', 1)[1])}" for l in block)
    html = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" '
            'xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            '<meta name="Generator" content="Microsoft Word 15 (filtered medium)"></head>'
            '<body lang="en-GB" link="#467886" vlink="#96607D" style="word-wrap:break-word"><div class="WordSection1">'
            + own_html + '<p class="MsoNormal"><span style="font-size:12.0pt"><o:p>&nbsp;</o:p></span></p>'
            '<div id="mail-editor-reference-message-container"><div>'
            '<div style="border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
            '<p class="MsoNormal" style="margin-bottom:12.0pt"><span style="font-size:12.0pt;color:black">' + hb +
            '<o:p></o:p></span></p></div>' + html_inner(ck.html) + '</div></div></div></body></html>\n')
    tag = _hex(12, ck.key, own, "omac", lang).upper()
    b = f"_000_{tag}PAXP251MB0000EURP_"
    ctype, body = multipart([leaf(text, "plain", "utf-8", "quoted-printable"), leaf(html, "html", "utf-8", "quoted-printable")], b)
    headers = [("From", addr(ck.name, ck.email)), ("To", f"{PRACTICE} <{ck.reply_to}>"),
               ("Subject", subject if subject is not None else L[5] + ck.subject), ("Thread-Topic", ck.subject),
               ("Thread-Index", "AQHb" + _hex(22, own, "omti")), ("Date", rfc_date(date)),
               ("Message-ID", f"<{tag}@PAXP251MB{tag[:4]}.EURP251.PROD.OUTLOOK.COM>"), ("References", ck.message_id),
               ("In-Reply-To", ck.message_id), ("Accept-Language", "en-GB, en-US"), ("Content-Language", lang),
               ("X-MS-Has-Attach", ""), ("user-agent", "Microsoft-MacOutlook/16.92.24120731"), ("MIME-Version", "1.0")]
    return crlf(message(headers, (ctype, body)))


def gmx(ck, own, *, lang="de", device=None, hours=5):
    """GMX / WEB.DE / mail.com webmail: the header block starts with 'Gesendet:'/'Sent:'; the original pasted."""
    date = ck.reply_date(hours)
    d = ck.local_sent
    wd = d.weekday()
    if lang == "de":
        rows = [("Gesendet", f"{WD_LONG['de'][wd]}, {d.day:02d}. Dezember {d.year} um {d:%H:%M} Uhr"),
                ("Von", f'"{PRACTICE}" <{E}>'), ("An", f'"{ck.name}" <{ck.email}>'), ("Betreff", ck.subject)]
        prefix = "Aw: "
    else:
        rows = [("Sent", f"{EN_DAYS[wd]}, {EN_MON[d.month - 1]} {d.day}, {d.year} at {ampm(d)}"),
                ("From", f'"{PRACTICE}" <{E}>'), ("To", f'"{ck.name}" <{ck.email}>'), ("Subject", ck.subject)]
        prefix = "Re: "
    block = [f"{k}: {v}" for k, v in rows]
    text = (own if own else "") + (("\n\n" + device) if device else "") + "\n \n \n\n" + "\n".join(block) + "\n\n" + \
        "\n".join(plain(paras_html(ck.html, rule=None))) + "\n"
    html = ('<html><head></head><body><div style="font-family: Verdana;font-size: 12.0px;"><div>'
            + own_html_divs(own or "", "<div>", "<div>&nbsp;</div>") +
            (f'<div>&nbsp;</div><div>{esc(device)}</div>' if device else "") + '<div>&nbsp;</div><div>&nbsp;</div>'
            '<div name="quote" style="margin:10px 5px 5px 10px; padding: 10px 0 10px 10px; border-left:2px solid #C3D9E5; '
            'word-wrap: break-word; -webkit-nbsp-mode: space; -webkit-line-break: after-white-space;">'
            '<div style="margin:0 0 10px 0;">' + "<br/>\n".join(f"<b>{esc(k)}:</b>&nbsp;{esc(v)}" for k, v in rows) +
            '</div><div name="quoted-content">' + html_inner(ck.html) + '</div></div></div></div></body></html>\n')
    b = "=_" + _hex(24, ck.key, own, "gmx")
    ctype, body = multipart([leaf(text, "plain", "UTF-8", "quoted-printable"), leaf(html, "html", "UTF-8", "quoted-printable")], b)
    host = "3c-app-gmx-bap12" if lang == "de" else "3c-app-mailcom-bs07"
    headers = [("MIME-Version", "1.0"), ("Message-ID", f"<trinity-{_uuid(ck.key, own, 'gmx').lower()}-1765900000000@{host}>"),
               ("From", addr(ck.name, ck.email)), ("To", f"{PRACTICE} <{ck.reply_to}>"), ("Subject", prefix + ck.subject),
               ("Date", rfc_date(date)), ("Importance", "normal"), ("Sensitivity", "Normal"),
               ("In-Reply-To", ck.message_id), ("References", ck.message_id), ("X-UI-Message-Type", "mail"),
               ("X-Priority", "3")]
    return crlf(message(headers, (ctype, body)))


def qqmail(ck, own, *, hours=6):
    """QQ Mail (Chinese): '------------------ 原始邮件 ------------------' block, GB18030, base64."""
    date = ck.reply_date(hours)
    d = ck.local_sent
    part = "上午" if d.hour < 12 else ("下午" if d.hour < 18 else "晚上")
    when = f"{d.year}年{d.month}月{d.day}日(星期{'一二三四五六天'[d.weekday()]}) {part}{d.hour % 12 or 12}:{d:%M}"
    rows = [("发件人", f'"{PRACTICE}"<{E}>;'), ("发送时间", when), ("收件人", f'"{ck.name}"<{ck.email}>;'), ("主题", ck.subject)]
    block = ["------------------ 原始邮件 ------------------"] + [f"{k}: {v}" for k, v in rows]
    text = (own or "") + "\n\n\n" + "\n".join(block) + "\n\n\n\n" + "\n".join(plain(paras_html(ck.html, rule=None))) + "\n"
    html = ('<meta http-equiv="Content-Type" content="text/html; charset=GB18030"><div>' +
            own_html_divs(own or "", "<div>", "<div><br></div>") + '</div><div><br></div>'
            '<div style="font-size: 12px;font-family: Arial Narrow;padding:2px 0 2px 0;">------------------&nbsp;原始邮件&nbsp;------------------</div>'
            '<div style="font-size: 12px;background:#efefef;padding:8px;">' +
            "".join(f"<div><b>{k}:</b>&nbsp;{esc(v)}</div>" for k, v in rows) + '</div><div><br></div>' +
            html_inner(ck.html) + "\n")
    b = "----=_NextPart_" + _hex(8, ck.key, own, "qq").upper() + "_" + _hex(8, own, "qq2").upper() + "_" + _hex(8, "qq3", own).upper()
    ctype, body = multipart([leaf(text, "plain", "gb18030", "base64"), leaf(html, "html", "gb18030", "base64")], b)
    headers = [("From", addr(ck.name, ck.email)), ("To", f'"{PRACTICE}"<{ck.reply_to}>'),
               ("Subject", _subj("回复：" + ck.subject)), ("Mime-Version", "1.0"), ("Date", rfc_date(date)),
               ("X-Priority", "3"), ("Message-ID", f"<tencent_{_hex(40, ck.key, own, 'qqid').upper()}@qq.com>"),
               ("X-QQ-MIME", "TCMime 1.0 by Tencent"), ("X-Mailer", "QQMail 2.x"), ("X-QQ-Mailer", "QQMail 2.x"),
               ("In-Reply-To", ck.message_id), ("References", ck.message_id)]
    return crlf(message(headers, (ctype, body)))


def netease(ck, own, *, lang="zh", hours=5):
    """NetEase Mail Master (网易邮箱大师): '---- 回复的原邮件 ----' / '---- Replied Message ----' and a pipe table."""
    date = ck.reply_date(hours)
    d = ck.local_sent
    if lang == "zh":
        head = "---- 回复的原邮件 ----"
        rows = [("发件人", f"{PRACTICE}<{E}>"), ("日期", f"{d.year}年{d.month:02d}月{d.day:02d}日 {d:%H:%M}"),
                ("收件人", f"{ck.name}<{ck.email}>"), ("主题", ck.subject)]
    else:
        head = "---- Replied Message ----"
        rows = [("From", f"{PRACTICE}<{E}>"), ("Date", f"{d:%m/%d/%Y %H:%M}"), ("To", f"{ck.name}<{ck.email}>"),
                ("Subject", ck.subject)]
    block = [head] + [f"| {k} | {v} |" for k, v in rows]
    text = (own or "") + "\n\n" + "\n".join(block) + "\n" + "\n".join(plain(paras_html(ck.html, rule=None))) + "\n"
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>'
            '<div style="line-height:1.7;color:#000000;font-size:14px;font-family:Arial">' +
            own_html_divs(own or "", "<div>", "<div><br></div>") + '</div><div><br></div>'
            '<div class="J-reply" style="background-color:#f2f2f2;color:black;padding-top:6px;padding-bottom:6px;'
            'border-radius:3px;-moz-border-radius:3px;-webkit-border-radius:3px;margin-top:45px;margin-bottom:20px;">'
            f'<div style="font-size:12px;line-height:1.5;word-break:break-all;margin-left:10px;margin-right:10px">{esc(head)}</div>'
            '<table class="J-reply-table" style="font-size:12px;line-height:1.5;margin-left:10px">' +
            "".join(f'<tr><td style="width:48px;color:#888888">{esc(k)}</td><td>{esc(v)}</td></tr>' for k, v in rows) +
            '</table></div>' + html_inner(ck.html) + '</body></html>\n')
    b = "----=_Part_" + str(int(_hex(8, ck.key, own, "ne"), 16) % 900000 + 100000) + "_" + str(int(_hex(8, own, "ne2"), 16))
    ctype, body = multipart([leaf(text, "plain", "UTF-8", "base64"), leaf(html, "html", "UTF-8", "base64")], b)
    headers = [("Date", rfc_date(date)), ("From", addr(ck.name, ck.email)), ("To", f"{PRACTICE} <{ck.reply_to}>"),
               ("Message-ID", f"<{_hex(8, ck.key, own, 'nid')}.{_hex(6, own, 'nid2')}@163.com>"),
               ("In-Reply-To", ck.message_id), ("References", ck.message_id),
               ("Subject", _subj(("回复:" if lang == "zh" else "Re:") + ck.subject)), ("MIME-Version", "1.0"),
               ("X-Mailer", "Mail Master Android/7.19.4")]
    return crlf(message(headers, (ctype, body)))


def mailru(ck, own, *, device=None, hours=5):
    """Mail.ru: 'Среда, 16 декабря 2026, 20:00 +01:00 от NAME <ADDR>:' above a '>' quote (no space after '>')."""
    date = ck.reply_date(hours)
    d = ck.local_sent
    attr = f"{WD_LONG['ru'][d.weekday()].capitalize()}, {d.day} декабря {d.year}, {d:%H:%M} {_gmt(d)} от {PRACTICE} <{E}>:"
    paras = paras_html(ck.html, rule=None)
    text = (own or "") + (("\n--\n" + device) if device else "") + "\n \n \n \n>" + attr + "\n>\n" + \
        "\n".join(quote(paras, ">", ">")) + "\n"
    html = ('<HTML><BODY><div>' + own_html_divs(own or "", "<div>", "<div>&nbsp;</div>") + '</div>' +
            (f'<div>--<br>{esc(device)}</div>' if device else "") +
            f'<div>&nbsp;</div><blockquote style="border-left:1px solid #0857A6; margin:10px; padding:0 0 0 10px;">{esc(attr)}<br>'
            '<br><div id=""><div class="js-helper js-readmsg-msg"><div><div>' + html_inner(ck.html) +
            '</div></div></div></div></blockquote></BODY></HTML>\n')
    b = "--ALT--" + _hex(32, ck.key, own, "mru").upper()
    ctype, body = multipart([leaf(text, "plain", "utf-8", "base64"), leaf(html, "html", "utf-8", "base64")], b)
    headers = [("From", addr(ck.name, ck.email)), ("To", f"{PRACTICE} <{ck.reply_to}>"), ("Subject", "Re: " + ck.subject),
               ("MIME-Version", "1.0"), ("X-Mailer", "Mail.Ru Mailer 1.0"), ("Date", rfc_date(date)),
               ("Reply-To", addr(ck.name, ck.email)), ("Message-ID", f"<{int(_hex(10, ck.key, own), 16)}@f511.i.mail.ru>"),
               ("In-Reply-To", ck.message_id), ("References", ck.message_id)]
    return crlf(message(headers, (ctype, body)))


def yandex(ck, own, *, device=None, hours=5):
    """Yandex Mail: 'DD.MM.YYYY, HH:MM, "NAME" <ADDR>:' above a '> ' quote; the mobile app's '-- ' line."""
    date = ck.reply_date(hours)
    d = ck.local_sent
    attr = f'{d:%d.%m.%Y}, {d:%H:%M}, "{PRACTICE}" <{E}>:'
    paras = paras_html(ck.html, rule=None)
    text = (own or "") + (("\n\n-- \n" + device) if device else "") + "\n\n" + attr + "\n" + "\n".join(quote(paras, "> ", ">")) + "\n"
    html = ('<div>' + "".join(f"<div>{esc(l) if l.strip() else '&nbsp;'}</div>" for l in (own or "").split("\n")) + '</div>' +
            (f'<div>&nbsp;</div><div>-- </div><div>{esc(device)}</div>' if device else "") +
            f'<div>&nbsp;</div><div>{esc(attr)}</div><blockquote>' + html_inner(ck.html) + '</blockquote>\n')
    b = "----==" + _hex(24, ck.key, own, "ya")
    ctype, body = multipart([leaf(text, "plain", "utf-8", "base64"), leaf(html, "html", "utf-8", "base64")], b)
    headers = [("From", addr(ck.name, ck.email)), ("To", f"{PRACTICE} <{ck.reply_to}>"), ("In-Reply-To", ck.message_id),
               ("References", ck.message_id), ("Subject", "Re: " + ck.subject), ("MIME-Version", "1.0"),
               ("X-Mailer", "Yamail [ http://yandex.ru ] 5.0"), ("Date", rfc_date(date)),
               ("Message-Id", f"<{int(_hex(9, ck.key, own, 'yid'), 16)}@mail.yandex.ru>")]
    return crlf(message(headers, (ctype, body)))


# ---- plain-text clients, written with the shared plain_client (their own attribution lines)

def spark(ck, own, **kw):
    d = ck.local_sent
    attr = f"On {d.day} {EN_MON[d.month - 1][:3]} {d.year} at {d:%H:%M} {d:%z}, {PRACTICE} <{E}>, wrote:"
    return plain_client(ck, own, attr_lines=[attr], user_agent="Spark 3.19 (iOS)", source="html", **kw)


def zoho(ck, own, **kw):
    d = ck.local_sent
    attr = f"---- On {d:%a}, {d:%d} {d:%b} {d.year} {d:%H:%M:%S} {d:%z} {PRACTICE}<{E}> wrote ---"
    return plain_client(ck, own, attr_lines=["", attr, ""], user_agent="Zoho Mail", source="html", msgid_host="zoho.com", **kw)


def seznam(ck, own, **kw):
    """Seznam.cz Email (Czech): '---------- Původní e-mail ----------' and the original pasted."""
    d = ck.local_sent
    block = ["---------- Původní e-mail ----------", f"Od: {PRACTICE} <{E}>", f"Komu: {ck.name} <{ck.email}>",
             f"Datum: {d.day}. {d.month}. {d.year} {d:%H:%M:%S}", f"Předmět: {ck.subject}", ""]
    return plain_client(ck, own, attr_lines=block, user_agent="Email.cz", source="html", prefix="", msgid_host="email.cz", **kw)


def libero(ck, own, **kw):
    """Libero Mail (Italian): '----Messaggio originale----' with Da:/Data:/A:/Ogg: and the original pasted."""
    d = ck.local_sent
    block = ["----Messaggio originale----", f"Da: {E}", f"Data: {d:%d}-dic-{d.year} {d:%H}.{d:%M}", f"A: {ck.email}",
             f"Ogg: {ck.subject}", ""]
    return plain_client(ck, own, attr_lines=block, user_agent="Libero Mail", source="html", prefix="", msgid_host="libero.it", **kw)


def orange(ck, own, **kw):
    """Orange webmail (French): a '> Message du …' header block quoted with the original."""
    d = ck.local_sent
    block = ["", f"> Message du {d:%d/%m/%y} {d:%H:%M}", f'> De : "{PRACTICE}" <{E}>', f"> A : {ck.email}", "> Copie à : ",
             f"> Objet : {ck.subject}", ">"]
    return plain_client(ck, own, attr_lines=block, user_agent="Orange Mail", source="html", msgid_host="orange.fr", **kw)


def wp_pl(ck, own, **kw):
    """Poczta WP (Polish): 'Dnia 23 grudnia 2026 20:00 NAME <ADDR> napisał(a):'."""
    d = ck.local_sent
    attr = f"Dnia {d.day} grudnia {d.year} {d:%H:%M} {PRACTICE} <{E}> napisał(a):"
    return plain_client(ck, own, attr_lines=[attr, ""], user_agent="Poczta WP", source="html", msgid_host="wp.pl", **kw)


def becky(ck, own, charset="ISO-2022-JP", cte="7bit", **kw):
    """Becky! Internet Mail (Japan): the Outlook Express style '----- Original Message -----' block, ISO-2022-JP."""
    d = ck.local_sent
    block = ["", "----- Original Message -----", f'From: "{PRACTICE}" <{E}>', f"To: <{ck.email}>",
             f"Sent: {EN_DAYS[d.weekday()]}, {EN_MON[d.month - 1]} {d.day:02d}, {d.year} {ampm(d)}", f"Subject: {ck.subject}", ""]
    return plain_client(ck, own, attr_lines=block, user_agent="Becky! ver. 2.81.04", source="plain", charset=charset, cte=cte,
                        msgid_host="mail.example.jp", **kw)


def windows_mail(ck, own, **kw):
    """Mail for Windows 10: 'Sent from Mail for Windows', then From:/Sent:/To:/Subject: and the original pasted."""
    d = ck.local_sent
    block = [f"From: {PRACTICE}", f"Sent: {d.day} {EN_MON[d.month - 1]} {d.year} {d:%H:%M}", f"To: {ck.name}",
             f"Subject: {ck.subject}", ""]
    return plain_client(ck, own + "\n\nSent from Mail for Windows", attr_lines=block, user_agent="Windows Mail",
                        source="html", prefix="", **kw)


def ios_da(ck, own, device="Sendt fra min iPhone", **kw):
    """iPhone Mail in Danish (the shared iphone2 has no Danish)."""
    d = ck.local_sent
    attr = f"Den {d.day}. dec. {d.year} kl. {d:%H.%M} skrev {PRACTICE} <{E}>:"
    return plain_client(ck, own + (("\n\n" + device) if device else ""), attr_lines=["", "> " + attr, ">"],
                        user_agent="iPhone Mail (22C152)", source="html", **kw)


def ios_cs(ck, own, device="Odesláno z iPhonu", **kw):
    """iPhone Mail in Czech."""
    d = ck.local_sent
    attr = f"Dne {d.day}. 12. {d.year} v {d:%H:%M} odesílatel {PRACTICE} <{E}> napsal:"
    return plain_client(ck, own + (("\n\n" + device) if device else ""), attr_lines=["", "> " + attr, ">"],
                        user_agent="iPhone Mail (22C152)", source="html", **kw)


def evolution(ck, own, **kw):
    d = ck.local_sent
    attr = f"On {d:%a}, {d:%Y-%m-%d} at {d:%H:%M} {d:%z}, {PRACTICE} wrote:"
    return plain_client(ck, own, attr_lines=[attr], user_agent="Evolution 3.54.1", source="plain", **kw)


def tb_header_block(ck, lang="en"):
    """Thunderbird's 'reply header: with headers' option (en) / the German wording."""
    d = ck.local_sent
    if lang == "de":
        return "\n".join(["-------- Ursprüngliche Nachricht --------", f"Betreff: {ck.subject}",
                          f"Datum: {d:%d.%m.%Y %H:%M}", f"Von: {PRACTICE} <{E}>", f"An: {ck.name} <{ck.email}>", ""])
    return "\n".join(["-------- Original Message --------", f"Subject: {ck.subject}",
                      f"Date: {d:%a, %d %b %Y %H:%M:%S} {d:%z}", f"From: {PRACTICE} <{E}>", f"To: {ck.name} <{ck.email}>", ""])


# =============================================================================== writing

def _decoded_text(raw):
    """Every text part, decoded (for the checks below)."""
    m = email.message_from_bytes(raw, policy=policy.default)
    out = [str(m.get("Subject", ""))]
    for part in m.walk():
        if part.get_content_maintype() == "text":
            t = part.get_content()
            if part.get_content_subtype() == "html":
                t = re.sub(r"<[^>]+>", " ", t).replace("&nbsp;", " ")
            out.append(t)
    return "\n".join(out)


def _norm(s):
    s = unicodedata.normalize("NFC", s or "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip().lower()


def main():
    import build  # the shared writer (cases/ + rounds/ + its PROBLEM checks)
    build.C = types.SimpleNamespace(CASES=CASES)
    build.OUT = HERE
    build.main()
    problems = []
    # the labels' own consistency
    for c in CASES:
        if c["command"] is not None and (c["ambiguous"] or any(s is not None for s in c["scales"]) or c["contains"]):
            problems.append(f"{c['slug']}: a command case carries answers")
        if c["command"] == "pause" and not c["weeks"]:
            problems.append(f"{c['slug']}: pause without weeks")
    # new, not the corpus's: slugs and reflection phrases must not be the shared corpus's
    shared_cases = os.path.join(SHARED, "cases")
    shared_slugs = {f[4:-4] for f in os.listdir(shared_cases) if f.endswith(".eml")}
    shared_text = _norm("\n".join(_decoded_text(open(os.path.join(shared_cases, f), "rb").read())
                                  for f in sorted(os.listdir(shared_cases)) if f.endswith(".eml")))
    seen = {}
    names = {c["n"]: f"{i:03d}-{c['slug']}" for i, c in enumerate(sorted(CASES, key=lambda c: c["n"]), 1)}
    for c in CASES:
        name = names[c["n"]]
        if c["slug"] in shared_slugs:
            problems.append(f"{name}: slug is one of the shared corpus's")
        if c["contains"] and _norm(c["contains"]) in shared_text:
            problems.append(f"{name}: the reflection phrase also occurs in the shared corpus")
        if c["contains"]:
            k = _norm(c["contains"])
            if k in seen:
                problems.append(f"{name}: same reflection phrase as {seen[k]}")
            seen[k] = name
        # each forbidden text the case names must really be in the message (else it tests nothing)
        raw = open(os.path.join(HERE, "cases", name + ".eml"), "rb").read()
        body = _norm(_decoded_text(raw))
        for bad in c["must_not"]:
            if _norm(bad) not in body:
                problems.append(f"{name}: forbidden text {bad!r} is not in the message")
        exp_path = os.path.join(HERE, "cases", name + ".expected.json")
        exp = json.load(open(exp_path))
        exp["lang"] = c["lang"]
        with open(exp_path, "w") as f:
            json.dump(exp, f, ensure_ascii=False, indent=2)
            f.write("\n")
    # counts
    by_topic = {t: sum(1 for c in CASES if c["topic"] == t) for t in TOPICS}
    by_lang = {l: sum(1 for c in CASES if c["lang"] == l) for l in LANGS}
    print("by topic: " + "  ".join(f"{t} {n}" for t, n in by_topic.items()))
    print("by language: " + "  ".join(f"{l} {n}" for l, n in by_lang.items()))
    grid = {t: {l: sum(1 for c in CASES if c["topic"] == t and c["lang"] == l) for l in LANGS} for t in TOPICS}
    print("topic x language:")
    print("  " + " " * 12 + " ".join(f"{l:>3}" for l in LANGS))
    for t in TOPICS:
        print(f"  {t:<12}" + " ".join(f"{grid[t][l]:>3}" for l in LANGS))
    print(f"hard {sum(c['hard'] for c in CASES)}  ambiguous {sum(c['ambiguous'] for c in CASES)}  "
          f"commands {sum(1 for c in CASES if c['command'])}")
    for p in problems:
        print("PROBLEM", p)


# =============================================================================== the cases
# ------------------------------------------------------------------------------- 1. numbering

case("em-dash-numbering-gmail-android", "r1p2", lambda c: gmail2(c, (
    "1 \u2014 2\n2 \u2014 4\n3 \u2014 I wanted Maya to sit through the end of the match with me on Saturday instead of "
    "scrolling. I didn't say it; I turned the volume up, which is not the same thing."), android=True),
    topic="numbering", lang="en", scales=(2, 4), contains="sit through the end of the match with me",
    client="Gmail for Android, base64", note="'1 — 2': question 1, answer 2, with an em dash")

case("dash-bullets-in-order-spark", "r2p3", lambda c: spark(c, (
    "- 3\n- 3\n- On Thursday I wanted José to leave the dishes and just sit with me for ten minutes. I asked, a bit "
    "late, and he came over with the tea towel still on his shoulder.")),
    topic="numbering", lang="en", scales=(3, 3), contains="the tea towel still on his shoulder", hard=True,
    client="Spark (iOS), plain text", note="unnumbered dash bullets in question order; 'ten minutes' in the reflection")

case("hyphen-no-space-outlook-web-es", "r2p4", lambda c: outlook_web2(c, [
    "1- 4", "2- 2", "3- Quería que Zoë viniera conmigo a ver a mi abuela Rosario el domingo. No se lo pedí porque ella "
    "ya había quedado con sus amigas."], lang="es"),
    topic="numbering", lang="es", scales=(4, 2), contains="a ver a mi abuela Rosario el domingo",
    client="Outlook on the web (Spanish), HTML only", note="'1- 4' with the hyphen glued to the question number")

case("one-line-semicolons-fastmail", "r3p5", lambda c: fastmail(c, (
    "1: 3; 2: 4; 3: I wanted Wei to take Chidi to football practice on Wednesday so I could stay late at the library. "
    "I texted him at lunch and he just said 'done'.")),
    topic="numbering", lang="en", scales=(3, 4), contains="stay late at the library", hard=True,
    client="Fastmail web", note="all three answers on one line, separated by semicolons")

case("answers-comma-list-outlook-ios", "r7p6", lambda c: outlook_mobile(c, (
    "Answers: 2, 5.\n\nA limit on my brother's late-night calls. I'll tell Ada I'm moving them to Sunday afternoons so "
    "our evenings stay ours."), platform="iOS"),
    topic="numbering", lang="en", scales=(2, 5), contains="my brother's late-night calls", hard=True,
    must_not=["Get Outlook for iOS"], client="Outlook for iOS", note="'Answers: 2, 5.' in question order")

case("reflection-first-then-numbers-thunderbird", "r9p2", lambda c: thunderbird2(c, (
    "3) Maya is finally applying for the illustration residency in Leeds. I'll proofread her statement on Sunday and "
    "keep the kids out of the study.\n1) 4\n2) 3")),
    topic="numbering", lang="en", scales=(4, 3), contains="illustration residency in Leeds", hard=True,
    client="Thunderbird, format=flowed", note="question 3 answered first, then 1 and 2")

case("labels-reversed-german-gmx", "r10p3", lambda c: gmx(c, (
    "Freiraum für mich: 2\nVerbundenheit: 4\n\nJosé übt seit dem Herbst Bandoneon. Ich kann ihm dienstags die Küche "
    "überlassen und mit Kopfhörern lesen, statt zu seufzen.")),
    topic="numbering", lang="de", scales=(4, 2), contains="José übt seit dem Herbst Bandoneon", hard=True,
    client="GMX webmail (German), 'Gesendet:' block", note="German labels, room before connection")

case("fullwidth-space-separated-iphone-ja", "r12p8", lambda c: iphone2(c, (
    "１\u3000４\n２\u3000３\n３\u3000花子は茶道の師範の免状を目指しています。稽古のある木曜日は僕が夕食を作ります。"), lang="ja"),
    topic="numbering", lang="ja", scales=(4, 3), contains="稽古のある木曜日は僕が夕食を作ります", hard=True,
    must_not=["iPhoneから送信"], client="iPhone Mail (Japanese)",
    note="full-width digits separated by an ideographic space")

case("fullwidth-parens-qqmail", "r15p6", lambda c: qqmail(c, (
    "（1）３\n（2）５\n（3）我们每个星期六早上一起去菜市场，买完菜在门口的小店吃一碗豆浆油条。这周也去了。")),
    topic="numbering", lang="zh", scales=(3, 5), contains="在门口的小店吃一碗豆浆油条", hard=True,
    client="QQ Mail (Chinese), GB18030 base64", note="full-width brackets around the question numbers, full-width answers")

case("circled-question-numbers-becky", "r16p7", lambda c: becky(c, (
    "\u2460４\n\u2461２\n\u2462毎晩、寝る前に今日よかったことを一つずつ話します。今週は健二の出張で二回だけでした。"), charset="UTF-8", cte="quoted-printable"),
    topic="numbering", lang="ja", scales=(4, 2), contains="寝る前に今日よかったことを一つずつ話します", hard=True,
    client="Becky! (Japanese), UTF-8 QP", note="circled digits ①②③ number the questions; kanji counts in the reflection")

case("keycap-question-numbers-iphone", "r5p2", lambda c: iphone2(c, (
    f"{KC(1)} 3\n{KC(2)} 2\n{KC(3)} A cut-off for my work phone: in the drawer by 8. I'll put it to Maya as wanting her "
    "to have the whole of me after the kids are down.")),
    topic="numbering", lang="en", scales=(3, 2), contains="in the drawer by 8", hard=True,
    must_not=["Sent from my iPhone"], client="iPhone Mail",
    note="keycap emoji as the question numbers, plain digits as the answers; '8' in the reflection")

case("keycap-answers-after-arrows-samsung", "r11p5", lambda c: samsung2(c, (
    f"Q1 \u27a1\ufe0f {KC(5)}\nQ2 \u27a1\ufe0f {KC(3)}\nQ3 \u27a1\ufe0f Wei has started erhu lessons with an old teacher in "
    "Flushing. I'll keep Saturday at 10 free for him and take the kids to the library.")),
    topic="numbering", lang="en", scales=(5, 3), contains="erhu lessons with an old teacher in Flushing", hard=True,
    must_not=["Sent from my Galaxy"], client="Samsung Email, base64", note="arrow emoji, keycap answers")

case("spaced-slash-five-outlook-mac-de", "r6p4", lambda c: outlook_mac(c, (
    "1) 3 / 5\n2) 4 / 5\n3) Sonntags kein Handy vor dem Frühstück, für uns beide. Ich sage es Zoë als Einladung: erst "
    "wir, dann die Welt."), lang="de"),
    topic="numbering", lang="de", scales=(3, 4), contains="erst wir, dann die Welt",
    client="Outlook for Mac (German), Von:/Datum: block", note="'3 / 5' with spaces")

case("sur-cinq-orange-fr", "r14p3", lambda c: orange(c, (
    "Connexion : 4 sur 5\nEspace pour moi : 3 sur 5\n\nLe dimanche soir, on fait une soupe ensemble avec ce qui reste "
    "dans le frigo. Cette semaine, oui, et elle était ratée mais on a ri.")),
    topic="numbering", lang="fr", scales=(4, 3), contains="une soupe ensemble avec ce qui reste dans le frigo",
    must_not=["Message du"], client="Orange webmail (French)", note="'4 sur 5' = 4 out of 5")

case("de-cinco-labels-gmail-es", "r10p4", lambda c: gmail2(c, (
    "Conexión: 3 de 5\nEspacio para mí: 2 de 5\n\nZoë está estudiando para el examen de intérprete jurada. Puedo "
    "hacer yo la compra y la cena de lunes a jueves para que estudie tranquila."), lang="es"),
    topic="numbering", lang="es", scales=(3, 2), contains="examen de intérprete jurada",
    client="Gmail web (Spanish)", note="'3 de 5' = 3 out of 5")

case("su-cinque-libero", "r11p6", lambda c: libero(c, (
    "1) 3 su 5\n2) 4 su 5\n3) Ada si sta preparando per la mezza maratona di primavera. Posso portare i bambini dai "
    "nonni la domenica mattina, così lei corre senza guardare l'orologio.")),
    topic="numbering", lang="it", scales=(3, 4), contains="la mezza maratona di primavera",
    must_not=["Messaggio originale"], client="Libero Mail (Italian), original pasted", note="'3 su 5'")

case("van-de-vijf-applemail-nl", "r13p2", lambda c: apple2(c, (
    "Verbondenheid: 4 van de 5\nRuimte voor mezelf: 2 van de 5\n\nIk voel me overvallen als er 's avonds ineens bezoek "
    "is, en wat me zou helpen is een appje een uur van tevoren."), lang="nl"),
    topic="numbering", lang="nl", scales=(4, 2), contains="een appje een uur van tevoren",
    client="Apple Mail (Dutch), format=flowed", note="'4 van de 5'; 'een uur' (one hour) in the reflection")

case("nota-de-cinco-iphone-pt", "r5p1", lambda c: iphone2(c, (
    "1) nota 4 de 5\n2) nota 2 de 5\n3) Queria um limite para as visitas da minha sogra: no máximo um domingo por mês. "
    "Vou dizer ao Tom que é para termos tempo só nossos."), lang="pt"),
    topic="numbering", lang="pt", scales=(4, 2), contains="no máximo um domingo por mês",
    must_not=["Enviado do meu iPhone"], client="iPhone Mail (Portuguese)", note="'nota 4 de 5' = a 4 out of 5")

case("na-piec-thunderbird-pl", "r2p4", lambda c: thunderbird2(c, (
    "1) 3 na 5\n2) 4 na 5\n3) Chciałem, żeby Zoë przyszła na mój koncert chóru w piątek. Powiedziałem jej dopiero w "
    "czwartek wieczorem i miała już inne plany."), lang="pl"),
    topic="numbering", lang="pl", scales=(3, 4), contains="na mój koncert chóru w piątek",
    client="Thunderbird (Polish), format=flowed", note="'3 na 5'")

case("av-fem-iphone-sv", "r6p3", lambda c: iphone2(c, (
    "1) 4 av 5\n2) 3 av 5\n3) En gräns: inga jobbsamtal efter middagen, varken för mig eller José. Jag säger det som "
    "en önskan, för att jag saknar våra kvällar."), lang="sv"),
    topic="numbering", lang="sv", scales=(4, 3), contains="inga jobbsamtal efter middagen",
    must_not=["Skickat från min iPhone"], client="iPhone Mail (Swedish)", note="'4 av 5'")

case("uzerinden-maximum-first-gmail-tr", "r11p5", lambda c: gmail2(c, (
    "1) 5 üzerinden 4\n2) 5 üzerinden 2\n3) Wei akşamları İspanyolca kursuna gidiyor. Salı ve perşembe akşamları "
    "çocukları ben yatırabilirim."), lang="tr"),
    topic="numbering", lang="tr", scales=(4, 2), contains="Wei akşamları İspanyolca kursuna gidiyor", hard=True,
    client="Gmail web (Turkish)", note="'5 üzerinden 4' = 4 out of 5: Turkish puts the maximum first")

case("godankai-outlook-ja", "r8p8", lambda c: outlook2(c, (
    "つながり：5段階で3\n自分の時間：5段階で2\n\n平日の夜は十一時以降にスマホを見ないようにしたいです。花子には「一緒に眠りたいから」と伝えます。"),
    lang="ja", charset="utf-8"),
    topic="numbering", lang="ja", scales=(3, 2), contains="十一時以降にスマホを見ないようにしたいです", hard=True,
    must_not=["送信日時:", "件名:"], client="Outlook desktop (Japanese), utf-8",
    note="'5段階で3' = 3 on the five-point scale; '十一時' in the reflection")

case("manfen-wufen-gmail-zh", "r3p6", lambda c: gmail2(c, (
    "亲近程度：满分5分，我打3分\n自己的空间：满分5分，打4分\n\n周三我想让Ada早点回家陪我吃晚饭，但我没开口，只是发了个表情。"), lang="zh"),
    topic="numbering", lang="zh", scales=(3, 4), contains="周三我想让Ada早点回家陪我吃晚饭", hard=True,
    client="Gmail web (Chinese)", note="'满分5分，我打3分' = out of 5 I give 3: the maximum comes first")

case("ud-af-fem-iphone-da", "r2p3", lambda c: ios_da(c, (
    "1) 3 ud af 5\n2) 4 ud af 5\n3) Jeg ville gerne have, at José spurgte ind til min mors operation. Jeg sagde det "
    "ikke, jeg ventede bare, og så blev jeg sur.")),
    topic="numbering", lang="da", scales=(3, 4), contains="spurgte ind til min mors operation",
    must_not=["Sendt fra min iPhone"], client="iPhone Mail (Danish), plain text", note="'3 ud af 5'")

case("z-peti-seznam-cs", "r6p4", lambda c: seznam(c, (
    "1) 4 z 5\n2) 2 z 5\n3) Chtěl bych, abychom v týdnu večeřeli spolu aspoň třikrát. Zoë to řeknu jako přání, ne jako "
    "výčitku.")),
    topic="numbering", lang="cs", scales=(4, 2), contains="večeřeli spolu aspoň třikrát",
    must_not=["Původní e-mail"], client="Seznam Email (Czech), original pasted", note="'4 z 5'")

case("iz-pyati-mailru-ru", "r9p2", lambda c: mailru(c, (
    "1) 4 из 5\n2) 3 из 5\n3) Майя хочет выучить итальянский до лета. Я могу по средам укладывать детей сам, чтобы она "
    "ходила на курсы.")),
    topic="numbering", lang="ru", scales=(4, 3), contains="Майя хочет выучить итальянский до лета",
    client="Mail.ru (Russian), base64", note="'4 из 5'")

case("z-pyaty-gmail-uk", "r5p1", lambda c: gmail2(c, (
    "1) 3 з 5\n2) 2 з 5\n3) Я хотіла б, щоб у неділю ми не відповідали на робочі листи. Скажу Томові, що мені бракує "
    "наших спокійних ранків."), lang="uk"),
    topic="numbering", lang="uk", scales=(3, 2), contains="мені бракує наших спокійних ранків",
    client="Gmail web (Ukrainian)", note="'3 з 5'")

case("words-five-one-thunderbird", "r15p6", lambda c: thunderbird2(c, (
    "1) five\n2) one\n3) We make dumplings together on Sunday nights, Ada rolls and I fill. We skipped it this week "
    "because of her shift.")),
    topic="numbering", lang="en", scales=(5, 1), contains="Ada rolls and I fill", client="Thunderbird",
    note="the scale's ends in words")

case("words-fuenf-zwei-gmx-de", "r14p3", lambda c: gmx(c, (
    "1) fünf\n2) zwei\n3) Jeden Morgen trinken wir den ersten Kaffee am offenen Fenster, auch im Winter, und sagen uns, "
    "was heute schwer wird. Diese Woche hat es an vier Tagen geklappt.")),
    topic="numbering", lang="de", scales=(5, 2), contains="den ersten Kaffee am offenen Fenster",
    client="GMX webmail (German)", note="German number words; 'vier Tagen' is a count")

case("words-trois-cinq-applemail-fr", "r1p1", lambda c: apple2(c, (
    "1) trois\n2) cinq\n3) Je voulais que Tom m'accompagne à l'expo photo de mon amie Léa jeudi. Je lui ai demandé la "
    "veille, il a dit oui tout de suite."), lang="fr"),
    topic="numbering", lang="fr", scales=(3, 5), contains="l'expo photo de mon amie Léa", client="Apple Mail (French)")

case("words-cinco-dos-yahoo-es", "r14p4", lambda c: yahoo2(c, (
    "1) cinco\n2) dos\n3) Los domingos por la tarde hacemos churros en casa, aunque salgan feos. Esta semana los hicimos "
    "y vino mi hermana Lucía."), lang="es"),
    topic="numbering", lang="es", scales=(5, 2), contains="hacemos churros en casa", must_not=["escribió"],
    client="Yahoo Mail (Spanish), original pasted")

case("words-dois-cinco-gmail-pt", "r11p6", lambda c: gmail2(c, (
    "1) dois\n2) cinco\n3) A Ada está a aprender a nadar, finalmente. Posso ficar com as crianças no sábado de manhã "
    "para ela ir à piscina."), lang="pt"),
    topic="numbering", lang="pt", scales=(2, 5), contains="está a aprender a nadar", client="Gmail web (Portuguese)")

case("words-tre-uno-applemail-it", "r5p2", lambda c: apple2(c, (
    "1) tre\n2) uno\n3) Un limite: niente telefonate di lavoro durante la cena. Lo dirò a Maya come una promessa che "
    "faccio io per primo."), lang="it"),
    topic="numbering", lang="it", scales=(3, 1), contains="niente telefonate di lavoro durante la cena",
    client="Apple Mail (Italian)", note="'uno' = 1")

case("words-vijf-drie-outlook-nl", "r9p1", lambda c: outlook2(c, (
    "1) vijf\n2) drie\n3) Tom wil dit jaar zijn zwembrevet voor open water halen. Ik kan op zondagochtend met de "
    "kinderen naar mijn zus, zodat hij rustig kan trainen."), lang="nl"),
    topic="numbering", lang="nl", scales=(5, 3), contains="zwembrevet voor open water",
    must_not=["Verzonden:"], client="Outlook desktop (Dutch)")

case("words-piec-jeden-roundcube-pl", "r6p4", lambda c: roundcube2(c, (
    "1) pięć\n2) jeden\n3) Chciałbym, żebyśmy w środy nie zapraszali nikogo na kolację. Powiem Zoë, że to nasz wieczór "
    "i że za nim tęsknię."), lang="pl"),
    topic="numbering", lang="pl", scales=(5, 1), contains="w środy nie zapraszali nikogo na kolację",
    client="Roundcube (Polish), format=flowed", note="'jeden' = 1")

case("words-tva-tre-applemail-sv", "r10p3", lambda c: apple2(c, (
    "1) två\n2) tre\n3) José vill börja spela fotboll igen i korpen. Jag kan laga middag på torsdagar så att han "
    "hinner till träningen."), lang="sv"),
    topic="numbering", lang="sv", scales=(2, 3), contains="spela fotboll igen i korpen", client="Apple Mail (Swedish)")

case("words-uc-bes-gmail-tr", "r7p5", lambda c: gmail2(c, (
    "1) üç\n2) beş\n3) Cumartesi sabahları telefonsuz kahvaltı etmek istiyorum. Wei'ye bunu bir kural gibi değil, bir "
    "davet gibi söyleyeceğim."), lang="tr"),
    topic="numbering", lang="tr", scales=(3, 5), contains="telefonsuz kahvaltı etmek istiyorum", client="Gmail web (Turkish)")

case("kana-san-go-thunderbird-ja", "r4p7", lambda c: thunderbird2(c, (
    "1) さん\n2) ご\n3) 健二に週末の買い物を一緒に行ってほしかったけれど、疲れていそうで言い出せませんでした。"),
    lang="ja", charset="ISO-2022-JP", cte="7bit"),
    topic="numbering", lang="ja", scales=(3, 5), contains="疲れていそうで言い出せませんでした", hard=True,
    client="Thunderbird (Japanese), ISO-2022-JP", note="numbers written in kana (さん = 3, ご = 5)")

case("kanji-er-wu-outlook-zh", "r7p6", lambda c: outlook2(c, (
    "1) 二\n2) 五\n3) 我希望周末晚上十点以后我们都不看工作消息。我会跟Ada说，这样我们才能好好在一起。"), lang="zh", charset="gb18030"),
    topic="numbering", lang="zh", scales=(2, 5), contains="我希望周末晚上十点以后我们都不看工作消息", hard=True,
    must_not=["发送时间:"], client="Outlook desktop (Chinese), GB18030", note="Chinese numerals; '十点' in the reflection")

case("words-fem-fire-gmail-da", "r14p3", lambda c: gmail2(c, (
    "1) fem\n2) fire\n3) Hver lørdag morgen går vi en tur til bageren og deler en kanelsnegl på vejen hjem. Det skete "
    "også i denne uge."), lang="da"),
    topic="numbering", lang="da", scales=(5, 4), contains="deler en kanelsnegl på vejen hjem", client="Gmail web (Danish)")

case("words-tri-dve-thunderbird-cs", "r2p4", lambda c: thunderbird2(c, (
    "1) tři\n2) dvě\n3) Chtěl jsem, aby Zoë šla se mnou v sobotu na trh. Zeptal jsem se a šla, i když byla unavená."),
    lang="cs"),
    topic="numbering", lang="cs", scales=(3, 2), contains="aby Zoë šla se mnou v sobotu na trh",
    client="Thunderbird (Czech)")

case("words-pyat-tri-yandex-ru", "r12p8", lambda c: yandex(c, (
    "1) пять\n2) три\n3) Ханако учит корейский для поездки в Сеул. Я буду спрашивать у неё слова за завтраком.")),
    topic="numbering", lang="ru", scales=(5, 3), contains="Ханако учит корейский для поездки в Сеул",
    client="Yandex Mail (Russian)")

case("words-try-pyat-gmail-uk", "r7p5", lambda c: gmail2(c, (
    "1) три\n2) п'ять\n3) Я хочу, щоб у будні ми лягали спати до півночі. Скажу Вею, що висипатися — це теж турбота про "
    "нас."), lang="uk"),
    topic="numbering", lang="uk", scales=(3, 5), contains="лягали спати до півночі", client="Gmail web (Ukrainian)")

case("anchor-words-in-sentences-outlook-mac", "r1p1", lambda c: outlook_mac(c, (
    "We were living side by side this week, honestly. Room for myself: plenty, I felt like myself \u2014 Tom took the kids "
    "to his mum's.\n\nWhat I wanted was for him to notice I'd been carrying the school stuff alone. I told him on "
    "Thursday night, badly, but I told him.")),
    topic="numbering", lang="en", scales=(1, 5), contains="I told him on Thursday night, badly", hard=True,
    client="Outlook for Mac", note="the scales' own anchor words: 'living side by side' = 1, 'plenty, I felt like myself' = 5")

case("anchor-words-with-numbers-gmail", "r16p7", lambda c: gmail2(c, (
    "We really reached each other this week, so a 5. For room, the lowest \u2014 I lost track of myself in the "
    "year-end rush.\n\nOur ritual is the bath for the children together, then ten minutes on the balcony with tea. It "
    "happened on Tuesday only.")),
    topic="numbering", lang="en", scales=(5, 1), contains="ten minutes on the balcony with tea", hard=True,
    client="Gmail web", note="'the lowest — I lost track of myself' = 1")

case("synonym-labels-zoho", "r13p2", lambda c: zoho(c, (
    "Feeling connected: 3, middling.\nTime and headspace for me: 4.\n\nI feel shut out when Maya books the holidays "
    "with her sister before asking me, and what would help me is being the first person she asks.")),
    topic="numbering", lang="en", scales=(3, 4), contains="being the first person she asks",
    client="Zoho Mail, plain text", note="own words for the two scales")

case("frage-labels-outlook-de", "r2p3", lambda c: outlook2(c, (
    "Frage 1: 2\nFrage 2: 4\nFrage 3: Ich hätte mir gewünscht, dass José mich nach dem Zahnarzttermin anruft. Ich habe "
    "nichts gesagt und war dann den ganzen Abend einsilbig."), lang="de", sep=True, charset="utf-8"),
    topic="numbering", lang="de", scales=(2, 4), contains="nach dem Zahnarzttermin anruft",
    must_not=["Gesendet:", "Betreff:"], client="Outlook desktop (German), utf-8, rule above Von:", note="'Frage 1: 2'")

case("slash-numbering-gmail-fr", "r9p1", lambda c: gmail2(c, (
    "1/ 4\n2/ 3\n3/ Tom prépare un semi-marathon en mars. Je peux me lever avec les enfants le samedi matin pour qu'il "
    "fasse sa sortie longue."), lang="fr"),
    topic="numbering", lang="fr", scales=(4, 3), contains="Tom prépare un semi-marathon en mars", hard=True,
    client="Gmail web (French)", note="'1/ 4': French list numbering with a slash, not a fraction")

case("pipe-table-outlook-web", "r12p7", lambda c: outlook_web2(c, [
    "Connection | 4", "Room for myself | 2", "",
    "Kenji is working towards his first-aid instructor certificate. I'll cover the Saturday school run so he can do "
    "the practical sessions."]),
    topic="numbering", lang="en", scales=(4, 2), contains="first-aid instructor certificate",
    client="Outlook on the web, HTML only", note="answers typed as a two-column table with pipes")

# ------------------------------------------------------------------------------- 2. layout

case("inline-applemail-german", "r10p4", lambda c: apple2(c, "", inline=IL(
    "3", "4", "Zoë schreibt an einem Förderantrag für ihr Theaterprojekt. Ich lese ihn am Sonntag Korrektur und frage "
    "nicht jeden Abend, wie weit sie ist."), lang="de"),
    topic="layout", lang="de", scales=(3, 4), contains="Förderantrag für ihr Theaterprojekt",
    client="Apple Mail (German), inline under each quoted question, format=flowed",
    note="the recap (3 and 4) and the shared recap (4 and 3) are quoted above the answers")

case("inline-gmail-spanish", "r2p4", lambda c: gmail2(c, None, lang="es", inline=IL(
    "2", "3", "Quería que Zoë me preguntara cómo me fue la llamada con mi padre. No se lo dije, esperé, y al final me "
    "fui a dormir enfadado.")),
    topic="layout", lang="es", scales=(2, 3), contains="cómo me fue la llamada con mi padre",
    client="Gmail web (Spanish), inline")

case("inline-thunderbird-french", "r1p2", lambda c: thunderbird2(c, None, lang="fr", inline=IL(
    "4", "4", "Je voulais que Maya me laisse une soirée pour réparer mon vélo tranquillement. Je le lui ai dit "
    "franchement, et elle a emmené les enfants chez sa sœur.")),
    topic="layout", lang="fr", scales=(4, 4), contains="réparer mon vélo tranquillement",
    client="Thunderbird (French), inline, format=flowed")

case("inline-mutt-italian-trimmed", "r15p5", lambda c: mutt2(c, None, inline=IL(
    "4", "3", "Ogni domenica sera prepariamo insieme i pranzi per la settimana. Questa settimana l'abbiamo fatto, anche "
    "se eravamo stanchissimi.", rest=False)),
    topic="layout", lang="it", scales=(4, 3), contains="prepariamo insieme i pranzi per la settimana",
    client="NeoMutt, inline, footer trimmed")

case("inline-gmail-portuguese", "r9p2", lambda c: gmail2(c, None, lang="pt", inline=IL(
    "3", "3", "A Maya está a estudar para o exame de condução de mota. Posso ir treinar com ela no parque de "
    "estacionamento do supermercado ao domingo.")),
    topic="layout", lang="pt", scales=(3, 3), contains="exame de condução de mota", client="Gmail web (Portuguese), inline",
    note="last week's recap (4 and 4) is quoted above")

case("inline-fullwidth-thunderbird-ja", "r12p7", lambda c: thunderbird2(c, None, lang="ja", charset="ISO-2022-JP",
                                                                        cte="7bit", inline=IL(
    "３", "４", "健二は来年の春にフルマラソンを走りたいそうです。日曜の朝は私が子どもと公園に行って、彼が長く走れるようにします。")),
    topic="layout", lang="ja", scales=(3, 4), contains="来年の春にフルマラソンを走りたい", hard=True,
    client="Thunderbird (Japanese), ISO-2022-JP, inline", note="full-width answers under each quoted question")

case("inline-gmail-chinese", "r15p6", lambda c: gmail2(c, None, lang="zh", inline=IL(
    "4", "2", "我们每天晚上睡前一起看十分钟的旧照片。这周只做了两次，因为我加班。")),
    topic="layout", lang="zh", scales=(4, 2), contains="睡前一起看十分钟的旧照片", hard=True,
    client="Gmail web (Chinese), inline", note="Chinese counts in the reflection")

case("inline-comment-under-recap-gmail-pl", "r10p4", lambda c: gmail2(c, None, lang="pl", inline=[
    ("intro", "Wciąż aktualne."), ("shared", None), ("q1", "4"), ("q2", "2"),
    ("q3", "Zoë uczy się jeździć na nartach biegowych. W sobotę rano mogę ją zawieźć na trasę i poczekać w schronisku "
           "z książką."), ("rest", None)]),
    topic="layout", lang="pl", scales=(4, 2), contains="jeździć na nartach biegowych", hard=True,
    client="Gmail web (Polish), inline",
    note="a comment ('still true') under the quoted recap (3 and 4), then answers under each question")

case("top-posted-greeting-outlook-web-sv", "r14p3", lambda c: outlook_web2(c, [
    "Hej Robin!", "", "1) 4", "2) 2", "3) Vi läser högt för varandra i sängen, ett kapitel varje kväll. Den här veckan "
    "blev det tre kapitel.", "", "Kram, Zoë"], lang="sv"),
    topic="layout", lang="sv", scales=(4, 2), contains="Vi läser högt för varandra i sängen", must_not=["Kram, Zoë"],
    client="Outlook on the web (Swedish), HTML only")

case("bottom-posted-thunderbird-ja", "r8p7", lambda c: thunderbird2(c, (
    "1) 2\n2) 3\n3) 日曜日の夜は仕事の話をしないという約束をしたいです。「月曜日を落ち着いて迎えたいから」と健二に伝えます。"),
    lang="ja", bottom=True),
    topic="layout", lang="ja", scales=(2, 3), contains="日曜日の夜は仕事の話をしないという約束をしたいです",
    client="Thunderbird (Japanese), bottom-posted under the whole quote",
    note="the recap (5 and 2) is quoted above the answers")

case("bottom-posted-gmail-it", "r5p1", lambda c: gmail2(c, (
    "1) 4\n2) 4\n3) Vorrei un limite alle cene con i colleghi di Tom: al massimo una a settimana. Glielo dirò con "
    "calma, non durante una discussione."), lang="it", bottom=True),
    topic="layout", lang="it", scales=(4, 4), contains="al massimo una a settimana", client="Gmail web (Italian), bottom-posted")

case("bottom-posted-evolution", "r4p8", lambda c: evolution(c, (
    "1) 3\n2) 4\n3) I wanted Hanako to come to my cousin's wedding rehearsal with me. I asked her straight out on "
    "Tuesday and she moved her class."), bottom=True),
    topic="layout", lang="en", scales=(3, 4), contains="my cousin's wedding rehearsal",
    client="Evolution, bottom-posted under the quote")

case("prose-numbers-gmail-fr", "r3p5", lambda c: gmail2(c, (
    "Bonjour Robin,\n\nCette semaine je me suis sentie plutôt proche de Wei, je dirais 4. Pour le temps à moi, c'est "
    "un petit 2 : le travail a tout mangé.\n\nJe voulais qu'il aille chercher les enfants mercredi pour que je puisse "
    "aller chez le coiffeur. Je ne l'ai pas demandé, j'ai annulé le rendez-vous."), lang="fr"),
    topic="layout", lang="fr", scales=(4, 2), contains="j'ai annulé le rendez-vous", hard=True,
    client="Gmail web (French)", note="the numbers inside sentences")

case("prose-numbers-roundcube-nl", "r13p1", lambda c: roundcube2(c, (
    "Hoi Robin, verbondenheid was deze week een 3, ruimte voor mezelf een 2.\n\nIk voel me onzichtbaar als Tom zijn "
    "plannen in de groepsapp zet voordat hij ze met mij bespreekt, en wat me zou helpen is dat hij het eerst aan mij "
    "vraagt."), lang="nl"),
    topic="layout", lang="nl", scales=(3, 2), contains="plannen in de groepsapp zet", hard=True,
    client="Roundcube (Dutch)", note="numbers inside one sentence; 'een 3' = a 3")

case("prose-number-words-gmx-de", "r6p4", lambda c: gmx(c, (
    "Hallo Robin,\ndiese Woche war ich Zoë ziemlich nah, ich würde sagen vier. Zeit für mich gab es kaum, also eine "
    "Zwei.\n\nEine kleine Grenze: Wir schauen nach 22 Uhr keine Nachrichten mehr. Ich sage es Zoë so, dass ich abends "
    "lieber sie höre als die Welt.")),
    topic="layout", lang="de", scales=(4, 2), contains="lieber sie höre als die Welt", hard=True,
    client="GMX webmail (German)", note="number words inside prose; '22 Uhr' in the reflection")

case("answers-typed-into-pasted-original-caps", "r7p6", lambda c: outlook_inline(c, (
    "See my answers in the email below."), (
    "ANSWER: 2", "ANSWER: 4", "ANSWER: No more talking about money after 9pm. I'll tell Ada I'd rather fall asleep "
    "next to her than next to the spreadsheet.")),
    topic="layout", lang="en", scales=(2, 4), contains="next to her than next to the spreadsheet", hard=True,
    client="Outlook desktop, answers typed into the pasted original under the From:/Sent: block",
    note="the recap (3 and 3) is in the pasted original too")

case("reflection-top-scales-inline-gmail", "r11p6", lambda c: gmail2(c, (
    "Short version below. Long version: Ada is trying to finish her midwifery placement hours before March, and I can "
    "take over the morning drop-offs so she can start at seven."), inline=IL("3", "4", None)),
    topic="layout", lang="en", scales=(3, 4), contains="finish her midwifery placement hours", hard=True,
    client="Gmail web", note="the reflection top-posted, the two scales typed inline under their questions")

case("scales-only-iphone", "r4p7", lambda c: iphone2(c, "1) 4\n2) 3"),
    topic="layout", lang="en", scales=(4, 3), contains=None, must_not=["Sent from my iPhone"],
    client="iPhone Mail", note="only the two scales: no reflection at all (the device line is not one)")

case("scales-only-fullwidth-gmail-ja", "r8p7", lambda c: gmail2(c, "１）３\n２）３", lang="ja"),
    topic="layout", lang="ja", scales=(3, 3), contains=None, hard=True,
    client="Gmail web (Japanese)", note="only the two scales in full-width digits; the recap (5 and 2) is quoted")

case("one-scale-skipped-outlook-mac-de", "r14p4", lambda c: outlook_mac(c, (
    "1) 4\n2) (lasse ich diese Woche aus)\n3) Samstags gehen wir zusammen auf den Flohmarkt und kaufen jedes Mal eine "
    "Sache, die wir nicht brauchen. Diesmal eine Kuchenform."), lang="de"),
    topic="layout", lang="de", scales=(4, None), contains="eine Sache, die wir nicht brauchen",
    client="Outlook for Mac (German)", note="question 2 skipped on purpose ('I'm leaving this out this week')")

case("reflection-only-gmail-es", "r15p5", lambda c: gmail2(c, (
    "Esta semana no voy a poner números.\n\nNuestro pequeño ritual es bailar en la cocina mientras se hace la cena, "
    "aunque sea una canción. Esta semana lo hicimos el viernes."), lang="es"),
    topic="layout", lang="es", scales=(None, None), contains="bailar en la cocina mientras se hace la cena",
    client="Gmail web (Spanish)", note="no scales, and says so")

case("first-second-question-prose-becky", "r8p8", lambda c: becky(c, (
    "For the first question I'd say 3, for the second a 4.\n\nI'd like a limit on how late we stay at my parents' on "
    "Sundays: home by eight. I'll say it's so that Hanako and I still get an evening."), charset="us-ascii"),
    topic="layout", lang="en", scales=(3, 4), contains="home by eight", hard=True,
    client="Becky! (Japan), Outlook Express style header block, us-ascii",
    note="'the first question' / 'the second'; 'eight' is a time")

case("top-posted-outlook-mac-signed", "r9p1", lambda c: outlook_mac(c, (
    "Hi Robin, quick one this week.\n\n1. 3\n2. 2\n3. Tom is going for the head of department job. I'll do a practice "
    "interview with him on Sunday and keep my opinions on his tie to myself.\n\nMaya")),
    topic="layout", lang="en", scales=(3, 2), contains="keep my opinions on his tie to myself",
    client="Outlook for Mac", note="recap (3 and 3) in the pasted original")

case("bare-lines-samsung", "r7p6", lambda c: samsung2(c, (
    "4\n2\nI'd like us to leave the phones in the hall after ten. I'll say it as 'I want to hear about your day from "
    "you, not from your screen'.")),
    topic="layout", lang="en", scales=(4, 2), contains="leave the phones in the hall after ten", hard=True,
    must_not=["Sent from my Galaxy"], client="Samsung Email, base64", note="two bare numbers, then the reflection")

case("answer-under-quoted-footer-gmail", "r6p3", lambda c: gmail2(c, None, inline=[
    ("intro", None), ("shared", None), ("q1", "4"), ("q2", "3"), ("q3", None),
    ("rest", "About question 3: I'd like us not to make plans for each other without asking first. I'll tell José "
             "it's about feeling chosen, not managed.")]),
    topic="layout", lang="en", scales=(4, 3), contains="feeling chosen, not managed", hard=True,
    client="Gmail web, inline", note="the reflection is typed under the quoted footer, after everything")

case("greeting-and-thanks-outlook-da", "r2p3", lambda c: outlook2(c, (
    "Hej Robin\n\n1) 4\n2) 4\n3) Jeg ville have, at José kom med til min veninde Idas fødselsdag. Jeg spurgte i god "
    "tid, og han kom.\n\nTak for i dag\nZoë"), lang="da", charset="utf-8"),
    topic="layout", lang="da", scales=(4, 4), contains="min veninde Idas fødselsdag", must_not=["Tak for i dag", "Sendt:"],
    client="Outlook desktop (Danish), utf-8")

case("two-paragraph-reflection-k9", "r13p1", lambda c: k9(c, (
    "1) 2\n2) 3\n3) I feel tired in my bones when Sunday evenings turn into planning meetings, and what would help me is "
    "one Sunday a month where nobody opens the calendar.\n\nI said it to Tom on the stairs. He laughed, then said yes.")),
    topic="layout", lang="en", scales=(2, 3), contains="He laughed, then said yes",
    must_not=["K-9 Mail"], client="K-9 Mail (Android)", note="a reflection in two paragraphs; the recap is 2 and 2")

case("inline-gmail-turkish", "r7p5", lambda c: gmail2(c, None, lang="tr", inline=IL(
    "4", "2", "Hafta içi akşamları saat dokuzdan sonra iş telefonlarına bakmamak istiyorum. Wei'ye bunu birlikte "
    "dinlenebilmek için istediğimi söyleyeceğim.")),
    topic="layout", lang="tr", scales=(4, 2), contains="iş telefonlarına bakmamak istiyorum",
    client="Gmail web (Turkish), inline", note="the recap (4 and 2) is quoted above the answers")

case("prose-numbers-mailru-ru", "r1p2", lambda c: mailru(c, (
    "Привет, Робин. Близость на этой неделе я бы оценил на 4, а времени для себя почти не было, так что 2.\n\n"
    "Я хотел, чтобы Майя сходила со мной в бассейн в воскресенье. Я так и не предложил.")),
    topic="layout", lang="ru", scales=(4, 2), contains="сходила со мной в бассейн в воскресенье", hard=True,
    client="Mail.ru (Russian)", note="both numbers inside one sentence")

# ------------------------------------------------------------------------------- 3. corrections, 'both', 'same'

case("hmm-no-on-the-line-gmail", "r3p6", lambda c: gmail2(c, (
    "1) 5 \u2014 hmm, no, 4. Let's not get carried away.\n2) 3\n3) I wanted Ada to come to the hardware store with me on "
    "Saturday and help pick tiles. I asked and she came, and we argued about grey.")),
    topic="corrections", lang="en", scales=(4, 3), contains="help pick tiles", hard=True, client="Gmail web",
    note="'5 — hmm, no, 4': the 4 stands")

case("scratch-that-in-brackets-gmail", "r12p8", lambda c: gmail2(c, (
    "1) 4\n2) 3 (scratch that: 2)\n3) Hanako is learning to swim properly this winter. I'll take our son to my "
    "mother's on Saturday mornings so she can go to the early session.")),
    topic="corrections", lang="en", scales=(4, 2), contains="learning to swim properly this winter", hard=True,
    client="Gmail web")

case("combining-strikethrough-iphone", "r1p1", lambda c: iphone2(c, (
    "1) 4\u0336 3\n2) 2\n3) I wanted Tom to take the Friday pick-up so I could have lunch with Priya. I didn't ask, I "
    "rearranged everything instead.")),
    topic="corrections", lang="en", scales=(3, 2), contains="so I could have lunch with Priya", hard=True,
    must_not=["Sent from my iPhone"], client="iPhone Mail",
    note="'4̶ 3': the 4 is struck through with a combining long stroke (U+0336); 3 stands")

case("edit-line-at-the-end-thunderbird", "r5p1", lambda c: thunderbird2(c, (
    "1) 4\n2) 4\n3) Keep our bedroom laptop-free, both of us. I'll say it as something I want for us rather than a "
    "complaint about his late emails.\n\nEdit: answer 2 should be a 3, I was being optimistic.")),
    topic="corrections", lang="en", scales=(4, 3), contains="Keep our bedroom laptop-free", hard=True,
    client="Thunderbird", note="an 'Edit:' line at the end lowers answer 2")

case("swapped-round-outlook", "r15p6", lambda c: outlook2(c, (
    "1) 2\n2) 5\n\nOops, I put them the wrong way round. Connection 5, room for myself 2.\n\nWe always make breakfast "
    "for each other on Sunday, whoever wakes first. It happened \u2014 congee, made by Ada.")),
    topic="corrections", lang="en", scales=(5, 2), contains="whoever wakes first", hard=True,
    client="Outlook desktop, windows-1252", note="the writer swaps the two numbers in the next paragraph")

case("second-message-fixes-one-number", "r9p1", lambda c: gmail_second(c, (
    "1) 3\n2) 4\n3) Tom is learning to sail with his cousin Rob. I'll keep the Sunday mornings in April free so he can "
    "get to the harbour."), (
    "Small fix: connection should have been 2, not 3. Everything else stands.")),
    topic="corrections", lang="en", scales=(2, 4), reflection_optional=True, hard=True,
    client="Gmail web, a second message quoting the writer's own first reply",
    note="only answer 1 changes; answer 2 (4) is in the writer's own quoted first reply")

case("ach-nee-outlook-mac-de", "r10p3", lambda c: outlook_mac(c, (
    "1) 2, ach nee, 3\n2) 4\n3) José lernt gerade Gebärdensprache, weil sein Neffe gehörlos ist. Ich übe sonntags die "
    "Vokabeln mit ihm."), lang="de"),
    topic="corrections", lang="de", scales=(3, 4), contains="José lernt gerade Gebärdensprache", hard=True,
    client="Outlook for Mac (German)", note="'2, ach nee, 3' = 2, oh no, 3")

case("korrektur-line-gmail-de", "r13p2", lambda c: gmail2(c, (
    "1) 4\n2) 4\n3) Ich fühle mich übergangen, wenn Maya Entscheidungen über das Haus allein trifft, und was mir helfen "
    "würde, ist, vorher gefragt zu werden.\n\nKorrektur: Frage 1 eher eine 3."), lang="de"),
    topic="corrections", lang="de", scales=(3, 4), contains="Entscheidungen über das Haus allein trifft", hard=True,
    client="Gmail web (German)", note="'Korrektur: Frage 1 eher eine 3' = correction: question 1 rather a 3")

case("pardon-je-voulais-dire-gmail-fr", "r14p4", lambda c: gmail2(c, (
    "1) 5\n2) 2... pardon, je voulais dire 3\n3) Le samedi matin, on court ensemble autour du lac, lentement, sans "
    "montre. Oui, cette semaine aussi, sous la pluie."), lang="fr"),
    topic="corrections", lang="fr", scales=(5, 3), contains="on court ensemble autour du lac", hard=True,
    client="Gmail web (French)")

case("non-en-fait-iphone-fr", "r7p5", lambda c: iphone2(c, (
    "1) 3, non, 4 en fait\n2) 2\n3) J'aimerais qu'on garde le dimanche matin sans écrans, pour les enfants et pour "
    "nous. Je le dirai à Wei comme une envie, pas comme un reproche."), lang="fr"),
    topic="corrections", lang="fr", scales=(4, 2), contains="le dimanche matin sans écrans", hard=True,
    must_not=["Envoyé de mon iPhone"], client="iPhone Mail (French)", note="'3, non, 4 en fait' = 3, no, 4 actually")

case("mejor-dicho-outlook-mac-es", "r6p4", lambda c: outlook_mac(c, (
    "1) 2, mejor dicho 3\n2) 4\n3) Un límite: no contestar mensajes del trabajo durante la cena. Se lo propondré a Zoë "
    "como un regalo para los dos."), lang="es"),
    topic="corrections", lang="es", scales=(3, 4), contains="no contestar mensajes del trabajo durante la cena",
    hard=True, client="Outlook for Mac (Spanish)", note="'2, mejor dicho 3' = 2, or rather 3")

case("anzi-gmail-it", "r11p5", lambda c: gmail2(c, (
    "1) 4\n2) 2, anzi 1\n3) Wei sta imparando il cinese scritto per leggere le lettere di sua nonna. Posso occuparmi io "
    "della spesa il martedì e il giovedì."), lang="it"),
    topic="corrections", lang="it", scales=(4, 1), contains="leggere le lettere di sua nonna", hard=True,
    client="Gmail web (Italian)", note="'2, anzi 1' = 2, or rather 1")

case("alias-iphone-pt", "r3p6", lambda c: iphone2(c, (
    "1) 3, aliás 4\n2) 3\n3) Queria que a Ada me ouvisse sobre o problema no trabalho sem dar conselhos. Pedi-lhe isso "
    "mesmo e ela só ouviu."), lang="pt"),
    topic="corrections", lang="pt", scales=(4, 3), contains="sem dar conselhos", hard=True,
    must_not=["Enviado do meu iPhone"], client="iPhone Mail (Portuguese)", note="'3, aliás 4' = 3, or rather 4")

case("a-wlasciwie-gmail-pl", "r2p4", lambda c: gmail2(c, (
    "1) 4\n2) 3, a właściwie 2\n3) Chciałem, żeby Zoë pojechała ze mną do IKEI w sobotę. Nie zapytałem, bo wiem, że tego "
    "nie znosi."), lang="pl"),
    topic="corrections", lang="pl", scales=(4, 2), contains="pojechała ze mną do IKEI w sobotę", hard=True,
    client="Gmail web (Polish)", note="'3, a właściwie 2' = 3, or actually 2")

case("nej-forresten-gmail-sv", "r2p3", lambda c: gmail2(c, (
    "1) 3, nej förresten, 4\n2) 2\n3) Jag ville att José skulle följa med till min kusins disputation. Jag frågade och "
    "han tog ledigt."), lang="sv"),
    topic="corrections", lang="sv", scales=(4, 2), contains="min kusins disputation", hard=True,
    client="Gmail web (Swedish)", note="'3, nej förresten, 4' = 3, no wait, 4")

case("pardon-olacak-gmail-tr", "r15p5", lambda c: gmail2(c, (
    "1) 2 pardon, 3 olacak\n2) 4\n3) Her pazar akşamı birlikte yürüyüşe çıkıp ertesi haftayı konuşuyoruz. Bu hafta "
    "yağmur yüzünden olmadı."), lang="tr"),
    topic="corrections", lang="tr", scales=(3, 4), contains="birlikte yürüyüşe çıkıp ertesi haftayı konuşuyoruz",
    hard=True, client="Gmail web (Turkish)", note="'2 pardon, 3 olacak' = 2, sorry, it should be 3")

case("iya-iphone-ja", "r4p7", lambda c: iphone2(c, (
    "1) 3、いや4です\n2) 2\n3) 健二に夕食の片付けを手伝ってほしかったのに、疲れていると思って頼めませんでした。"), lang="ja"),
    topic="corrections", lang="ja", scales=(4, 2), contains="夕食の片付けを手伝ってほしかったのに", hard=True,
    must_not=["iPhoneから送信"], client="iPhone Mail (Japanese)", note="'3、いや4です' = 3, no, it's 4")

case("budui-qqmail-zh", "r11p6", lambda c: qqmail(c, (
    "1) 3，不对，是4\n2) 2\n3) Ada想在春天跑完半程马拉松。周日早上我带孩子去图书馆，让她能去长跑。")),
    topic="corrections", lang="zh", scales=(4, 2), contains="周日早上我带孩子去图书馆", hard=True,
    client="QQ Mail (Chinese)", note="'3，不对，是4' = 3, no, it's 4")

case("les-deux-a-quatre-gmail-fr", "r9p2", lambda c: gmail2(c, (
    "Les deux à 4 cette semaine.\n\nMaya se prépare pour son examen de plongée en avril. Je peux garder les enfants le "
    "jeudi soir pour qu'elle aille à la piscine."), lang="fr"),
    topic="corrections", lang="fr", scales=(4, 4), contains="son examen de plongée en avril", hard=True,
    client="Gmail web (French)", note="'Les deux à 4' = both at 4")

case("un-tres-en-las-dos-gmail-es", "r10p4", lambda c: gmail2(c, (
    "Un 3 en las dos preguntas.\n\nZoë quiere presentarse a la coral de la ciudad. Puedo ensayar con ella los domingos, "
    "aunque yo cante fatal."), lang="es"),
    topic="corrections", lang="es", scales=(3, 3), contains="presentarse a la coral de la ciudad", hard=True,
    client="Gmail web (Spanish)", note="'a 3 on both questions'")

case("entrambe-spark-it", "r7p6", lambda c: spark(c, (
    "Entrambe 2, settimana pesante.\n\nVorrei che il mercoledì sera fosse senza ospiti, solo noi. Lo dirò ad Ada come "
    "una cosa che mi manca, non come una regola.")),
    topic="corrections", lang="it", scales=(2, 2), contains="il mercoledì sera fosse senza ospiti", hard=True,
    client="Spark (Italian writer), plain text", note="'Entrambe 2' = both 2")

case("na-oba-pytania-wp-pl", "r14p4", lambda c: wp_pl(c, (
    "Na oba pytania: 4.\n\nW każdą sobotę rano gramy w szachy przy śniadaniu, przegrywający zmywa. W tym tygodniu też.")),
    topic="corrections", lang="pl", scales=(4, 4), contains="gramy w szachy przy śniadaniu", hard=True,
    client="Poczta WP (Polish)", note="'to both questions: 4'")

case("dochira-mo-applemail-ja", "r16p7", lambda c: apple2(c, (
    "どちらも3です。\n\n毎週金曜日の夜は二人で近所の銭湯に行きます。今週は健二が風邪で行けませんでした。"), lang="ja"),
    topic="corrections", lang="ja", scales=(3, 3), contains="二人で近所の銭湯に行きます", hard=True,
    client="Apple Mail (Japanese)", note="'どちらも3です' = both are 3")

case("liangge-dou-shi-gmail-zh", "r15p6", lambda c: gmail2(c, (
    "两个都是4。\n\n我们每个周末都一起给父母打视频电话。这周也打了，孩子们还唱了歌。"), lang="zh"),
    topic="corrections", lang="zh", scales=(4, 4), contains="一起给父母打视频电话", hard=True,
    client="Gmail web (Chinese)", note="'两个都是4' = both are 4")

case("eigenlijk-meer-outlook-nl", "r5p2", lambda c: outlook2(c, (
    "1) 4\n2) 3, eigenlijk meer een 2\n3) Geen sport op tv tijdens het avondeten. Ik zeg tegen Maya dat ik het zelf "
    "voorstel, voordat zij erom hoeft te vragen."), lang="nl", sep=True),
    topic="corrections", lang="nl", scales=(4, 2), contains="Geen sport op tv tijdens het avondeten", hard=True,
    must_not=["Verzonden:"], client="Outlook desktop (Dutch)", note="'3, eigenlijk meer een 2' = 3, actually more a 2")

case("ps-reading-it-back-spark", "r7p5", lambda c: spark(c, (
    "1) 3\n2) 3\n3) I'd like Wednesday evenings to be just ours, no in-laws dropping by. I'll put it to Wei as wanting "
    "more of him, not less of his family.\n\nPS, reading this back: make those a 4 and a 2.")),
    topic="corrections", lang="en", scales=(4, 2), contains="not less of his family", hard=True,
    client="Spark, plain text", note="a PS replaces both numbers")

case("asterisk-typo-fix-gmail-android", "r13p1", lambda c: gmail2(c, (
    "1) 2\n2) 5\n*3 sorry, thumb slipped on the second one\n3) I feel like the family secretary when every plan goes "
    "through me, and what would help me is Tom owning one thing a week, start to finish."), android=True),
    topic="corrections", lang="en", scales=(2, 3), contains="Tom owning one thing a week", hard=True,
    client="Gmail for Android, base64", note="the chat convention '*3' corrects the line above, and says so")

case("nej-tre-gmail-da", "r6p4", lambda c: gmail2(c, (
    "1) 2, nej, 3\n2) 4\n3) En lille grænse: ingen skærme i soveværelset. Jeg siger det til Zoë som noget, jeg glæder "
    "mig til, ikke som en regel."), lang="da"),
    topic="corrections", lang="da", scales=(3, 4), contains="ingen skærme i soveværelset", hard=True,
    client="Gmail web (Danish)", note="'2, nej, 3' = 2, no, 3")

# ------------------------------------------------------------------------------- 4. sign-offs, signatures, device lines, disclaimers

case("viele-gruesse-outlook-mac-de", "r10p4", lambda c: outlook_mac(c, (
    "1) 3\n2) 3\n3) Zoë übt für ihr erstes Konzert mit dem Kammerchor. Ich bringe sie donnerstags zur Probe und hole "
    "sie wieder ab.\n\nViele Grüße\nJosé"), lang="de"),
    topic="signoffs", lang="de", scales=(3, 3), contains="ihr erstes Konzert mit dem Kammerchor", must_not=["Viele Grüße"],
    client="Outlook for Mac (German)")

case("herzliche-gruesse-gmx-app", "r14p3", lambda c: gmx(c, (
    "1) 4\n2) 3\n3) Sonntags spielen wir nach dem Frühstück eine Runde Backgammon, wer verliert, spült. Diese Woche habe "
    "ich verloren.\n\nHerzliche Grüße\nZoë"), device="Gesendet mit der GMX Mail App"),
    topic="signoffs", lang="de", scales=(4, 3), contains="eine Runde Backgammon",
    must_not=["Herzliche Grüße", "Gesendet mit der GMX Mail App"], client="GMX Mail app (German)")

case("bonne-soiree-ipad-fr", "r3p5", lambda c: iphone2(c, (
    "1) 2\n2) 3\n3) Je voulais que Wei range le garage avec moi samedi. Je lui ai demandé en criant depuis l'escalier, "
    "ce qui n'était pas idéal.\n\nBonne soirée,\nAda"), lang="fr", device="Envoyé de mon iPad"),
    topic="signoffs", lang="fr", scales=(2, 3), contains="range le garage avec moi samedi",
    must_not=["Bonne soirée", "Envoyé de mon iPad"], client="iPad Mail (French)")

case("belle-journee-outlook-android-fr", "r9p1", lambda c: outlook_mobile(c, (
    "1) 4\n2) 2\n3) Tom voudrait passer son permis moto au printemps. Je peux garder les enfants le samedi matin pendant "
    "ses leçons.\n\nBelle journée à vous,\nMaya"), lang="fr"),
    topic="signoffs", lang="fr", scales=(4, 2), contains="passer son permis moto au printemps",
    must_not=["Belle journée à vous", "Télécharger Outlook pour Android"], client="Outlook for Android (French)")

case("un-abrazo-fuerte-ipad-es", "r2p4", lambda c: iphone2(c, (
    "1) 3\n2) 3\n3) Quería que Zoë me acompañara a comprar el regalo de mi madre. No se lo pedí, fui solo y tardé el "
    "triple.\n\nUn abrazo fuerte,\nJosé"), lang="es", device="Enviado desde mi iPad"),
    topic="signoffs", lang="es", scales=(3, 3), contains="comprar el regalo de mi madre",
    must_not=["Un abrazo fuerte", "Enviado desde mi iPad"], client="iPad Mail (Spanish)")

case("atentamente-aviso-legal-outlook-es", "r14p4", lambda c: outlook2(c, (
    "1) 4\n2) 4\n3) Cada viernes cenamos tortilla y vemos un capítulo de una serie, sin móviles. Esta semana sí.\n\n"
    "Atentamente,\nJosé Núñez-Łukasik\nJefe de Almacén | Transportes Meridiano S.L.\nTel. +34 91 555 0187\n\n"
    "Este mensaje y sus anexos son confidenciales y están dirigidos exclusivamente a su destinatario. Si lo ha recibido "
    "por error, le rogamos que lo comunique al remitente y lo elimine."), lang="es", charset="utf-8"),
    topic="signoffs", lang="es", scales=(4, 4), contains="cenamos tortilla y vemos un capítulo",
    must_not=["Atentamente", "Jefe de Almacén", "Transportes Meridiano", "555 0187", "son confidenciales"],
    client="Outlook desktop (Spanish), utf-8, company signature and legal notice", note="digits in the signature")

case("abraco-iphone-pt", "r3p6", lambda c: iphone2(c, (
    "1) 3\n2) 4\n3) Queria que a Ada viesse comigo ao concerto de jazz na sexta. Perguntei e ela trocou o turno.\n\n"
    "Abraço,\nWei"), lang="pt"),
    topic="signoffs", lang="pt", scales=(3, 4), contains="ao concerto de jazz na sexta",
    must_not=["Abraço", "Enviado do meu iPhone"], client="iPhone Mail (Portuguese)")

case("att-corporate-outlook-pt-br", "r15p5", lambda c: outlook2(c, (
    "1) 5\n2) 4\n3) Toda noite a gente lava a louça juntos ouvindo samba e conta uma coisa boa do dia. Aconteceu todas "
    "as noites.\n\nAtt.,\nAda Okoye\nEnfermeira-chefe | Hospital Santa Clara\n\nEsta mensagem pode conter informação "
    "confidencial. Se você a recebeu por engano, por favor avise o remetente e apague-a."), lang="pt", charset="utf-8"),
    topic="signoffs", lang="pt", scales=(5, 4), contains="lava a louça juntos ouvindo samba",
    must_not=["Att.,", "Enfermeira-chefe", "Hospital Santa Clara", "informação confidencial"],
    client="Outlook desktop (Brazilian Portuguese), company signature and notice")

case("baci-iphone-it", "r13p1", lambda c: iphone2(c, (
    "1) 2\n2) 2\n3) Mi sento sola quando Tom passa la serata al telefono con i suoi amici, e quello che mi aiuterebbe è "
    "cenare insieme almeno tre sere a settimana.\n\nBaci,\nMaya"), lang="it"),
    topic="signoffs", lang="it", scales=(2, 2), contains="cenare insieme almeno tre sere a settimana",
    must_not=["Baci,", "Inviato da iPhone"], client="iPhone Mail (Italian)")

case("cordiali-saluti-riservato-outlook-it", "r9p2", lambda c: outlook2(c, (
    "1) 4\n2) 3\n3) Maya sta preparando il suo primo libro illustrato. Posso occuparmi dei bambini il sabato pomeriggio "
    "perché lei possa disegnare.\n\nCordiali saluti\nTom Ashford\nResponsabile Progetti | Ingegneria Falco S.r.l.\n\n"
    "Questo messaggio e i suoi allegati sono riservati e destinati esclusivamente al destinatario indicato."), lang="it"),
    topic="signoffs", lang="it", scales=(4, 3), contains="il suo primo libro illustrato",
    must_not=["Cordiali saluti", "Responsabile Progetti", "Ingegneria Falco", "sono riservati"],
    client="Outlook desktop (Italian), windows-1252, company signature and notice")

case("liefs-iphone-nl", "r14p3", lambda c: iphone2(c, (
    "1) 5\n2) 4\n3) Elke zondagavond maken we samen een lijstje van wat we de komende week leuk vinden. Deze week "
    "stond het op een bierviltje.\n\nLiefs,\nZoë"), lang="nl"),
    topic="signoffs", lang="nl", scales=(5, 4), contains="een lijstje van wat we de komende week leuk vinden",
    must_not=["Liefs,", "Verstuurd vanaf mijn iPhone"], client="iPhone Mail (Dutch)")

case("hartelijke-groet-title-outlook-nl", "r7p5", lambda c: outlook2(c, (
    "1) 3\n2) 2\n3) Ik wil dat we op doordeweekse avonden na achten geen bezoek meer ontvangen. Ik zeg het tegen Wei "
    "als iets wat ons allebei rust geeft.\n\nHartelijke groet,\nAda Okoye\nVerpleegkundige | Ziekenhuis Rijnoever"),
    lang="nl", sep=True),
    topic="signoffs", lang="nl", scales=(3, 2), contains="na achten geen bezoek meer ontvangen",
    must_not=["Hartelijke groet", "Ziekenhuis Rijnoever", "Verzonden:"], client="Outlook desktop (Dutch), rule above the block")

case("sciskam-iphone-pl", "r6p4", lambda c: iphone2(c, (
    "1) 4\n2) 2\n3) Chciałbym, żeby w piątki po pracy była godzina ciszy, zanim zaczniemy rozmawiać. Powiem Zoë, że "
    "wtedy naprawdę ją słyszę.\n\nŚciskam,\nJosé"), lang="pl"),
    topic="signoffs", lang="pl", scales=(4, 2), contains="w piątki po pracy była godzina ciszy",
    must_not=["Ściskam", "Wysłane z iPhone'a"], client="iPhone Mail (Polish)")

case("z-powazaniem-poufne-outlook-pl", "r10p4", lambda c: outlook2(c, (
    "1) 3\n2) 4\n3) Zoë przygotowuje wystawę zdjęć w kawiarni na rogu. Mogę jej pomóc oprawić ramki w sobotę.\n\n"
    "Z poważaniem\nJosé Núñez-Łukasik\nKierownik magazynu | Nordwind Logistik GmbH\n\nTa wiadomość może zawierać "
    "informacje poufne. Jeśli nie jest Pan/Pani jej adresatem, prosimy o jej usunięcie."), lang="pl", charset="utf-8"),
    topic="signoffs", lang="pl", scales=(3, 4), contains="wystawę zdjęć w kawiarni na rogu",
    must_not=["Z poważaniem", "Kierownik magazynu", "Nordwind Logistik", "informacje poufne"],
    client="Outlook desktop (Polish), utf-8, company signature and notice")

case("kram-iphone-sv", "r10p3", lambda c: iphone2(c, (
    "1) 4\n2) 4\n3) José ska ta körkort för motorcykel i vår. Jag kan laga middag på onsdagar när han har "
    "teorilektion.\n\nKram,\nZoë"), lang="sv"),
    topic="signoffs", lang="sv", scales=(4, 4), contains="körkort för motorcykel i vår",
    must_not=["Kram,", "Skickat från min iPhone"], client="iPhone Mail (Swedish)")

case("vanliga-halsningar-konfidentiell-outlook-sv", "r6p3", lambda c: outlook2(c, (
    "1) 3\n2) 3\n3) Inga sms om jobbet efter klockan nio. Jag säger det till José som ett löfte jag ger först.\n\n"
    "Vänliga hälsningar\nZoë Ångström\nProjektledare | Stadsbiblioteket Malmö\n\nDetta e-postmeddelande kan innehålla "
    "konfidentiell information och är endast avsett för mottagaren."), lang="sv", charset="utf-8"),
    topic="signoffs", lang="sv", scales=(3, 3), contains="Inga sms om jobbet efter klockan nio",
    must_not=["Vänliga hälsningar", "Projektledare", "Stadsbiblioteket", "konfidentiell information"],
    client="Outlook desktop (Swedish), utf-8, signature and notice")

case("sevgilerimle-iphone-tr", "r3p5", lambda c: iphone2(c, (
    "1) 3\n2) 2\n3) Wei'nin cumartesi günü annemi havaalanından almasını istedim. Sormadım, kendim gittim ve yol boyunca "
    "söylendim.\n\nSevgilerimle,\nAda"), lang="tr"),
    topic="signoffs", lang="tr", scales=(3, 2), contains="annemi havaalanından almasını istedim",
    must_not=["Sevgilerimle", "iPhone'umdan gönderildi"], client="iPhone Mail (Turkish)")

case("saygilarimla-gizlidir-outlook-tr", "r11p5", lambda c: outlook2(c, (
    "1) 4\n2) 3\n3) Wei ehliyet için direksiyon dersi alıyor. Pazar sabahları onunla boş otoparkta pratik yapabilirim."
    "\n\nSaygılarımla,\nAda Okoye\nSorumlu Hemşire | Anadolu Sağlık Grubu\n\nBu e-posta ve ekleri gizlidir ve yalnızca "
    "alıcısına yöneliktir. Yanlışlıkla size ulaştıysa lütfen göndereni bilgilendirip siliniz."),
    lang="tr", charset="windows-1254"),
    topic="signoffs", lang="tr", scales=(4, 3), contains="boş otoparkta pratik yapabilirim",
    must_not=["Saygılarımla", "Sorumlu Hemşire", "Anadolu Sağlık", "ekleri gizlidir"],
    client="Outlook desktop (Turkish), windows-1254, signature and notice")

case("irai-itashimasu-iphone-ja", "r8p8", lambda c: iphone2(c, (
    "1) 3\n2) 3\n3) 休日の午前中は、お互いに一人で過ごす時間にしたいです。花子には「午後にもっと一緒に楽しめるように」と伝えます。"
    "\n\n以上、よろしくお願いいたします。\n健二"), lang="ja"),
    topic="signoffs", lang="ja", scales=(3, 3), contains="お互いに一人で過ごす時間にしたいです",
    must_not=["よろしくお願いいたします", "iPhoneから送信"], client="iPhone Mail (Japanese)")

case("japanese-boxed-signature-outlook", "r12p8", lambda c: outlook2(c, (
    "1) 4\n2) 2\n3) 花子は来年の春に着付けの講師資格を取りたいそうです。土曜日の教室の日は、僕が夕飯を作ります。\n\n"
    "━━━━━━━━━━━━━━━━\n佐藤 健二\n株式会社ミナト商事 営業二部\nTEL: 03-5555-0142\n━━━━━━━━━━━━━━━━"),
    lang="ja", charset="utf-8", sep=True),
    topic="signoffs", lang="ja", scales=(4, 2), contains="着付けの講師資格を取りたいそうです",
    must_not=["株式会社ミナト商事", "営業二部", "03-5555-0142", "━━━━"],
    client="Outlook desktop (Japanese), a boxed company signature", note="digits in the signature")

case("netease-mail-master-device-zh", "r3p6", lambda c: netease(c, (
    "1) 2\n2) 4\n3) 周五晚上我想让Ada陪我去看球赛，但她说要加班，我就没再提。\n\n发自网易邮箱大师")),
    topic="signoffs", lang="zh", scales=(2, 4), contains="我想让Ada陪我去看球赛", must_not=["发自网易邮箱大师", "回复的原邮件"],
    client="NetEase Mail Master (Chinese)", note="the app's device line")

case("cizhi-jingli-corporate-outlook-zh", "r15p6", lambda c: outlook2(c, (
    "1) 4\n2) 3\n3) 每个星期天下午我们一起去公园喂鸭子，然后买一杯热巧克力。这周也去了。\n\n此致\n敬礼\n\n林伟\n"
    "高级数据分析师 | 明川健康科技有限公司\n电话：+1 (212) 555-0178"), lang="zh", charset="utf-8", blank=False),
    topic="signoffs", lang="zh", scales=(4, 3), contains="一起去公园喂鸭子",
    must_not=["此致", "敬礼", "高级数据分析师", "明川健康科技", "555-0178"],
    client="Outlook desktop (Chinese), utf-8, the header block right under the signature")

case("kaerlig-hilsen-iphone-da", "r6p3", lambda c: ios_da(c, (
    "1) 3\n2) 4\n3) Jeg vil gerne have, at vi ikke tager telefonen med i seng. Jeg siger det til José som noget, jeg "
    "selv også har brug for.\n\nKærlig hilsen\nZoë")),
    topic="signoffs", lang="da", scales=(3, 4), contains="ikke tager telefonen med i seng",
    must_not=["Kærlig hilsen", "Sendt fra min iPhone"], client="iPhone Mail (Danish)")

case("s-pozdravem-iphone-cs", "r14p4", lambda c: ios_cs(c, (
    "1) 4\n2) 3\n3) Každou neděli večer spolu pečeme chleba. Tento týden se to povedlo, i když byl trochu spálený.\n\n"
    "S pozdravem\nJosé")),
    topic="signoffs", lang="cs", scales=(4, 3), contains="spolu pečeme chleba",
    must_not=["S pozdravem", "Odesláno z iPhonu"], client="iPhone Mail (Czech)")

case("vsego-dobrogo-mailru-mobile", "r1p2", lambda c: mailru(c, (
    "1) 2\n2) 3\n3) Я хотел, чтобы Майя пошла со мной на день рождения коллеги. Не попросил, решил, что ей будет "
    "скучно.\n\nВсего доброго,\nТом"), device="Отправлено из мобильной Почты Mail.ru"),
    topic="signoffs", lang="ru", scales=(2, 3), contains="на день рождения коллеги",
    must_not=["Всего доброго", "Отправлено из мобильной Почты Mail.ru"], client="Mail.ru mobile (Russian)")

case("z-povagoyu-gmail-uk", "r5p2", lambda c: gmail2(c, (
    "1) 3\n2) 3\n3) Хочу, щоб у суботу зранку ми не відповідали на повідомлення батьків до обіду. Скажу Маї, що мені "
    "хочеться тиші саме з нею.\n\nЗ повагою,\nТом"), lang="uk"),
    topic="signoffs", lang="uk", scales=(3, 3), contains="не відповідали на повідомлення батьків",
    must_not=["З повагою"], client="Gmail web (Ukrainian)")

case("signature-under-inline-thunderbird", "r7p5", lambda c: thunderbird2(c, None, inline=IL(
    "3", "2", "A limit on visits from my cousins: one weekend a month. I'll say it to Wei as wanting our Saturdays "
    "back, not as shutting family out.", rest=False),
    sig="Ada Okoye\nCharge Nurse, Ward 7 | Mercy Hospital\n+1 718 555 0199"),
    topic="signoffs", lang="en", scales=(3, 2), contains="wanting our Saturdays back",
    must_not=["Charge Nurse", "Mercy Hospital", "555 0199"],
    client="Thunderbird, inline, '-- ' signature right under the last answer", note="digits in the signature")

case("gmail-signature-under-inline", "r12p7", lambda c: gmail2(c, None, inline=IL(
    "4", "3", "Kenji is preparing for a go tournament in March. I'll keep Sunday afternoons quiet for his practice "
    "games and bring tea without commenting.", rest=False), sig=["Hanako Sato", "Translator (JA/EN) \u00b7 080-5555-0123"]),
    topic="signoffs", lang="en", scales=(4, 3), contains="preparing for a go tournament in March",
    must_not=["Translator (JA/EN)", "080-5555-0123"], client="Gmail web, inline, HTML signature under the answers")

case("avast-footer-gmail", "r4p8", lambda c: gmail2(c, (
    "1) 2\n2) 3\n3) I wanted Hanako to ask how my presentation went. I waited, and then brought it up myself at dinner, "
    "which felt strange but fine.\n\nKenji\n\nThis email has been checked for viruses by Avast antivirus software.\n"
    "www.avast.com")),
    topic="signoffs", lang="en", scales=(2, 3), contains="brought it up myself at dinner",
    must_not=["checked for viruses", "avast.com"], client="Gmail web with Avast's footer")

case("sent-from-mail-for-windows", "r13p2", lambda c: windows_mail(c, (
    "1) 4\n2) 3\n3) I feel like an afterthought when plans change and I'm the last to hear, and what would help me is "
    "a quick text when something moves.")),
    topic="signoffs", lang="en", scales=(4, 3), contains="a quick text when something moves",
    must_not=["Sent from Mail for Windows"], client="Mail for Windows 10, original pasted under From:/Sent:")

case("environment-footer-outlook", "r5p1", lambda c: outlook2(c, (
    "1) 3\n2) 3\n3) I'd like Sunday evenings to end at nine: no laundry, no lunchboxes, just us on the sofa. I'll ask "
    "Tom to help me hold the line.\n\nKind regards,\nMaya Ashford | Head of Communications\nFernleigh Housing Trust\n\n"
    "Please consider the environment before printing this email.")),
    topic="signoffs", lang="en", scales=(3, 3), contains="no laundry, no lunchboxes",
    must_not=["Kind regards", "Head of Communications", "Fernleigh Housing Trust", "consider the environment"],
    client="Outlook desktop, signature and a printing footer")

case("samsung-long-device-line", "r1p1", lambda c: samsung2(c, (
    "1) 3\n2) 2\n3) I wanted Tom to put the kids to bed on Wednesday so I could ring my sister in Auckland. I asked at "
    "six, which was too late for him to switch plans."), device="Sent from my Samsung Galaxy smartphone."),
    topic="signoffs", lang="en", scales=(3, 2), contains="ring my sister in Auckland",
    must_not=["Sent from my Samsung Galaxy smartphone"], client="Samsung Email, older device line")

case("see-you-thursday-xx-gmail-android", "r15p5", lambda c: gmail2(c, (
    "1) 4\n2) 4\n3) Wei and I do a Friday night walk to the river with hot chocolate in a flask. Yes, even in the "
    "sleet.\n\nThanks Robin, see you Thursday!\nAda xx"), android=True),
    topic="signoffs", lang="en", scales=(4, 4), contains="hot chocolate in a flask",
    must_not=["see you Thursday", "Ada xx"], client="Gmail for Android",
    note="the recap quotes last week's reflection, which also ends 'see you Thursday'")

case("yandex-mobile-signature-ru", "r4p8", lambda c: yandex(c, (
    "1) 3\n2) 4\n3) Я хотел, чтобы Ханако поехала со мной к брату в субботу. Я спросил слишком поздно, в пятницу "
    "вечером.\n\nСпасибо!"), device="Отправлено из мобильной Яндекс Почты"),
    topic="signoffs", lang="ru", scales=(3, 4), contains="поехала со мной к брату в субботу",
    must_not=["Спасибо!", "Отправлено из мобильной Яндекс Почты"], client="Yandex Mail mobile (Russian)")

# ------------------------------------------------------------------------------- 5. attribution lines and reply headers

case("attr-italian-two-line-gmail", "r11p5", lambda c: gmail2(c, (
    "1) 3\n2) 3\n3) Wei vuole imparare a fare il pane con il lievito madre. Posso lasciargli la cucina libera il sabato "
    "mattina."), lang="it", split="name"),
    topic="attribution", lang="it", scales=(3, 3), contains="fare il pane con il lievito madre", must_not=["ha scritto"],
    hard=True, client="Gmail web (Italian), attribution over two lines before the sender's name")

case("attr-spanish-two-line-lt-gmail", "r10p4", lambda c: gmail2(c, (
    "1) 4\n2) 3\n3) Zoë se está sacando el título de socorrista. Puedo acompañarla a la piscina los martes y "
    "cronometrarla."), lang="es", split="lt"),
    topic="attribution", lang="es", scales=(4, 3), contains="el título de socorrista", must_not=["escribió"],
    hard=True, client="Gmail web (Spanish), attribution broken after '<'")

case("attr-portuguese-two-line-addr-gmail", "r7p6", lambda c: gmail2(c, (
    "1) 3\n2) 3\n3) Gostava que às quintas-feiras não houvesse jantares fora com colegas. Vou dizer à Ada que é a noite "
    "em que quero estar só com ela."), lang="pt", split="addr"),
    topic="attribution", lang="pt", scales=(3, 3), contains="não houvesse jantares fora com colegas", must_not=["escreveu"],
    hard=True, client="Gmail web (Portuguese), attribution broken before the address")

case("attr-swedish-two-line-gmail", "r10p3", lambda c: gmail2(c, (
    "1) 5\n2) 3\n3) José ska springa Berlin halvmaraton i april. Jag cyklar bredvid honom på långpassen på söndagar."),
    lang="sv", split="name"),
    topic="attribution", lang="sv", scales=(5, 3), contains="Jag cyklar bredvid honom på långpassen",
    must_not=["skrev"], hard=True, client="Gmail web (Swedish), attribution over two lines")

case("attr-turkish-name-first-two-line-gmail", "r9p1", lambda c: gmail2(c, (
    "1) 4\n2) 2\n3) Tom seramik kursuna yazıldı. Cumartesi öğleden sonraları çocuklarla ben ilgilenirim."),
    lang="tr", split="addr"),
    topic="attribution", lang="tr", scales=(4, 2), contains="Tom seramik kursuna yazıldı", must_not=["şunu yazdı"],
    hard=True, client="Gmail web (Turkish), the name on one line, '<address>, date … şunu yazdı:' on the next",
    note="Turkish Gmail puts the sender first and the verb last")

case("attr-japanese-two-line-gmail", "r12p7", lambda c: gmail2(c, (
    "1) 4\n2) 3\n3) 健二は中国語の検定試験を受けるそうです。平日の夜は私が子どもをお風呂に入れて、勉強の時間を作ります。"),
    lang="ja", split="addr"),
    topic="attribution", lang="ja", scales=(4, 3), contains="中国語の検定試験を受けるそうです", must_not=["2026年12月"],
    hard=True, client="Gmail web (Japanese), attribution wrapped before the address")

case("attr-chinese-two-line-gmail", "r11p6", lambda c: gmail2(c, (
    "1) 3\n2) 2\n3) Ada在学做陶艺。周六上午我带孩子去游泳，让她安心去上课。"), lang="zh", split="addr"),
    topic="attribution", lang="zh", scales=(3, 2), contains="周六上午我带孩子去游泳", must_not=["写道"],
    hard=True, client="Gmail web (Chinese), the name on one line, '<address> 于…写道：' on the next")

case("attr-danish-two-line-gmail", "r6p4", lambda c: gmail2(c, (
    "1) 4\n2) 3\n3) En lille grænse: ingen arbejdsmails i weekenden. Jeg siger det til Zoë som et løfte, jeg giver "
    "først."), lang="da", split="name"),
    topic="attribution", lang="da", scales=(4, 3), contains="ingen arbejdsmails i weekenden", must_not=["skrev"],
    hard=True, client="Gmail web (Danish), attribution over two lines")

case("attr-czech-two-line-lt-gmail", "r2p4", lambda c: gmail2(c, (
    "1) 2\n2) 3\n3) Chtěl jsem, aby se mnou Zoë šla v neděli na procházku k řece. Nic jsem neřekl a šel jsem sám."),
    lang="cs", split="lt"),
    topic="attribution", lang="cs", scales=(2, 3), contains="na procházku k řece", must_not=["odesílatel", "napsal"],
    hard=True, client="Gmail web (Czech), attribution broken after '<'")

case("applemail-spanish", "r14p4", lambda c: apple2(c, (
    "1) 4\n2) 4\n3) Cada domingo por la mañana vamos juntos al rastro y compramos un disco viejo. Esta semana "
    "encontramos uno de Mercedes Sosa."), lang="es"),
    topic="attribution", lang="es", scales=(4, 4), contains="compramos un disco viejo", must_not=["escribió"],
    client="Apple Mail (Spanish)")

case("applemail-portuguese", "r13p2", lambda c: apple2(c, (
    "1) 3\n2) 2\n3) Sinto-me cansado quando chego a casa e há logo uma lista de tarefas, e o que me ajudaria era dez "
    "minutos de sossego primeiro."), lang="pt"),
    topic="attribution", lang="pt", scales=(3, 2), contains="dez minutos de sossego primeiro", must_not=["escreveu"],
    client="Apple Mail (Portuguese)")

case("applemail-turkish", "r1p2", lambda c: apple2(c, (
    "1) 3\n2) 4\n3) Maya'dan pazar günü maçı birlikte izlemesini istedim. Sordum, geldi, ama telefonuyla."), lang="tr"),
    topic="attribution", lang="tr", scales=(3, 4), contains="maçı birlikte izlemesini istedim", must_not=["şunu yazdı"],
    client="Apple Mail (Turkish)")

case("thunderbird-spanish", "r7p5", lambda c: thunderbird2(c, (
    "1) 3\n2) 3\n3) Me gustaría que los sábados por la mañana no hubiera recados. Se lo diré a Wei con un café delante."),
    lang="es"),
    topic="attribution", lang="es", scales=(3, 3), contains="los sábados por la mañana no hubiera recados",
    must_not=["escribió"], client="Thunderbird (Spanish)")

case("thunderbird-italian", "r1p1", lambda c: thunderbird2(c, (
    "1) 4\n2) 2\n3) Volevo che Tom venisse con me dal veterinario con il gatto. Non gliel'ho chiesto, pensavo avesse da "
    "fare."), lang="it"),
    topic="attribution", lang="it", scales=(4, 2), contains="dal veterinario con il gatto", must_not=["ha scritto"],
    client="Thunderbird (Italian)")

case("thunderbird-turkish", "r15p6", lambda c: thunderbird2(c, (
    "1) 4\n2) 4\n3) Her akşam yemekten sonra birlikte on dakika balkonda oturuyoruz. Bu hafta beş akşam oldu."), lang="tr"),
    topic="attribution", lang="tr", scales=(4, 4), contains="on dakika balkonda oturuyoruz", must_not=["yazdı"],
    client="Thunderbird (Turkish)", note="counts in words in the reflection")

case("thunderbird-chinese", "r7p6", lambda c: thunderbird2(c, (
    "1) 3\n2) 4\n3) 我想和Ada约定：每周三晚上不加班，一起做饭。我会跟她说，这是为了我们俩。"), lang="zh"),
    topic="attribution", lang="zh", scales=(3, 4), contains="每周三晚上不加班", must_not=["写道"],
    client="Thunderbird (Chinese)")

case("thunderbird-czech", "r6p4", lambda c: thunderbird2(c, (
    "1) 3\n2) 3\n3) Chtěl bych, abychom o víkendu měli jedno dopoledne bez návštěv. Řeknu to Zoë tak, že se na ni "
    "těším."), lang="cs"),
    topic="attribution", lang="cs", scales=(3, 3), contains="jedno dopoledne bez návštěv", must_not=["napsal(a)"],
    client="Thunderbird (Czech)")

case("thunderbird-ukrainian", "r13p1", lambda c: thunderbird2(c, (
    "1) 2\n2) 3\n3) Я відчуваю себе втомленою, коли всі рішення про вихідні лягають на мене, і мені допомогло б, якби "
    "Том сам планував одну суботу на місяць."), lang="uk"),
    topic="attribution", lang="uk", scales=(2, 3), contains="сам планував одну суботу на місяць", must_not=["пише:"],
    client="Thunderbird (Ukrainian)")

case("outlook-dutch-rule", "r1p1", lambda c: outlook2(c, (
    "1) 3\n2) 3\n3) Ik wilde dat Tom zaterdag de verjaardag van zijn moeder regelde in plaats van ik. Ik heb het "
    "gevraagd en hij heeft taart gehaald."), lang="nl", sep=True),
    topic="attribution", lang="nl", scales=(3, 3), contains="de verjaardag van zijn moeder regelde",
    must_not=["Verzonden:", "Onderwerp:"], client="Outlook desktop (Dutch), rule above Van:/Verzonden:")

case("outlook-swedish-no-blank", "r14p3", lambda c: outlook2(c, (
    "1) 4\n2) 4\n3) Varje fredag lagar vi tacos och låter telefonerna ligga i hallen. Det blev av den här veckan."),
    lang="sv", blank=False),
    topic="attribution", lang="sv", scales=(4, 4), contains="låter telefonerna ligga i hallen",
    must_not=["Skickat:", "Ämne:"], client="Outlook desktop (Swedish), Från: block right under the text")

case("outlook-danish-rule-no-blank", "r10p3", lambda c: outlook2(c, (
    "1) 3\n2) 4\n3) José vil gerne tage et kursus i keramik. Jeg kan lave mad tirsdag aften, så han kan nå det."),
    lang="da", sep=True, blank=False, charset="utf-8"),
    topic="attribution", lang="da", scales=(3, 4), contains="et kursus i keramik", must_not=["Sendt:", "Emne:"],
    client="Outlook desktop (Danish), rule right under the text")

case("outlook-portuguese-rule-no-blank", "r11p5", lambda c: outlook2(c, (
    "1) 4\n2) 3\n3) O Wei está a preparar-se para a prova de condução de camiões. Aos domingos de manhã posso ir com "
    "ele treinar."), lang="pt", sep=True, blank=False),
    topic="attribution", lang="pt", scales=(4, 3), contains="prova de condução de camiões",
    must_not=["Enviado:", "Assunto:"], client="Outlook desktop (Portuguese), rule right under the text")

case("outlook-italian-rule", "r7p5", lambda c: outlook2(c, (
    "1) 2\n2) 2\n3) Vorrei che la sera, dopo le dieci, il televisore restasse spento. Lo dirò a Wei con gentilezza."),
    lang="it", sep=True),
    topic="attribution", lang="it", scales=(2, 2), contains="il televisore restasse spento",
    must_not=["Inviato:", "Oggetto:"], client="Outlook desktop (Italian), rule above Da:/Inviato:")

case("outlook-polish-rule-no-blank", "r2p4", lambda c: outlook2(c, (
    "1) 3\n2) 3\n3) Chciałem, żeby Zoë przypomniała mi o urodzinach mojej siostry. Nie powiedziałem tego i oczywiście "
    "zapomniałem."), lang="pl", sep=True, blank=False, charset="utf-8"),
    topic="attribution", lang="pl", scales=(3, 3), contains="o urodzinach mojej siostry",
    must_not=["Wysłane:", "Temat:"], client="Outlook desktop (Polish), utf-8, rule right under the text")

case("outlook-turkish-rule", "r15p5", lambda c: outlook2(c, (
    "1) 3\n2) 4\n3) Her cumartesi sabahı birlikte pazara gidip bir haftalık meyve alıyoruz. Bu hafta da gittik."),
    lang="tr", sep=True, charset="windows-1254"),
    topic="attribution", lang="tr", scales=(3, 4), contains="bir haftalık meyve alıyoruz",
    must_not=["Gönderildi:", "Konu:"], client="Outlook desktop (Turkish), windows-1254, rule above Kimden:")

case("outlook-japanese-rule", "r4p8", lambda c: outlook2(c, (
    "1) 2\n2) 3\n3) 花子に週末の予定を先に相談してほしかったです。言わずに不機嫌になってしまいました。"),
    lang="ja", sep=True, charset="iso-2022-jp"),
    topic="attribution", lang="ja", scales=(2, 3), contains="週末の予定を先に相談してほしかったです",
    must_not=["送信日時:", "件名:"], client="Outlook desktop (Japanese), ISO-2022-JP QP, rule above 差出人:")

case("outlook-ukrainian-rule", "r9p2", lambda c: outlook2(c, (
    "1) 4\n2) 3\n3) Майя хоче пробігти свій перший марафон. Я можу по неділях зранку гуляти з дітьми, поки вона "
    "тренується."), lang="uk", sep=True, charset="windows-1251"),
    topic="attribution", lang="uk", scales=(4, 3), contains="пробігти свій перший марафон",
    must_not=["Надіслано:", "Тема:"], client="Outlook desktop (Ukrainian), windows-1251, rule above Від:")

case("outlook-russian-no-blank", "r8p8", lambda c: outlook2(c, (
    "1) 3\n2) 2\n3) Хочу, чтобы по пятницам мы не звали гостей и проводили вечер вдвоём. Скажу Ханако, что скучаю по "
    "нашим пятницам."), lang="ru", blank=False, charset="windows-1251"),
    topic="attribution", lang="ru", scales=(3, 2), contains="проводили вечер вдвоём",
    must_not=["Отправлено:", "Тема:"], client="Outlook desktop (Russian), windows-1251, От: block right under the text")

case("outlook-french-no-blank", "r1p2", lambda c: outlook2(c, (
    "1) 2\n2) 4\n3) J'aurais aimé que Maya vienne à l'anniversaire de mon collègue Karim. Je ne lui ai pas demandé, j'ai "
    "dit que j'irais seul."), lang="fr", blank=False),
    topic="attribution", lang="fr", scales=(2, 4), contains="l'anniversaire de mon collègue Karim",
    must_not=["Envoyé :", "Objet :"], client="Outlook desktop (French), De : block right under the text")

case("outlook-spanish-rule", "r6p4", lambda c: outlook2(c, (
    "1) 4\n2) 3\n3) Quiero proponer que el móvil se quede en un cajón durante la cena. Se lo diré a Zoë como algo que "
    "me hace falta a mí también."), lang="es", sep=True, charset="utf-8"),
    topic="attribution", lang="es", scales=(4, 3), contains="el móvil se quede en un cajón durante la cena",
    must_not=["Enviado:", "Asunto:"], client="Outlook desktop (Spanish), utf-8, rule above De:")

case("outlook-mac-date-block", "r3p5", lambda c: outlook_mac(c, (
    "1) 3\n2) 3\n3) I wanted Wei to notice I'd been up with Mei three nights in a row. I finally said 'I need you to "
    "take tonight' and he did.")),
    topic="attribution", lang="en", scales=(3, 3), contains="up with Mei three nights in a row",
    must_not=["Date: Thursday", "Subject: Your weekly"], client="Outlook for Mac, From:/Date:/To:/Subject: (Date, not Sent)")

case("outlook-mac-german-date-block", "r14p4", lambda c: outlook_mac(c, (
    "1) 5\n2) 3\n3) Jeden Sonntagabend kochen wir zusammen Suppe für die Woche. Hat geklappt, diesmal Linsen."), lang="de"),
    topic="attribution", lang="de", scales=(5, 3), contains="kochen wir zusammen Suppe für die Woche",
    must_not=["Datum:", "Betreff:"], client="Outlook for Mac (German), Von:/Datum:")

case("gmx-gesendet-first", "r2p3", lambda c: gmx(c, (
    "1) 3\n2) 2\n3) Ich wollte, dass José mir beim Umräumen des Arbeitszimmers hilft. Ich habe es nicht gesagt, sondern "
    "laut Kisten geschleppt.")),
    topic="attribution", lang="de", scales=(3, 2), contains="beim Umräumen des Arbeitszimmers",
    must_not=["Gesendet:", "Betreff:"], hard=True, client="GMX webmail (German)",
    note="the reply header starts with 'Gesendet:' (the date), not with 'Von:'")

case("mailcom-sent-first", "r8p8", lambda c: gmx(c, (
    "1) 4\n2) 4\n3) A small limit: no phones at the breakfast table on weekends. I'll tell Hanako it's the one meal I "
    "want to hear her properly."), lang="en"),
    topic="attribution", lang="en", scales=(4, 4), contains="no phones at the breakfast table on weekends",
    must_not=["Sent: Saturday", "Subject: Your weekly"], hard=True, client="mail.com webmail",
    note="the reply header starts with 'Sent:'")

case("qqmail-original-block", "r7p6", lambda c: qqmail(c, (
    "1) 4\n2) 3\n3) 我想跟Ada说好：周末只有一天去见朋友，另一天留给我们自己。")),
    topic="attribution", lang="zh", scales=(4, 3), contains="另一天留给我们自己", must_not=["原始邮件", "发送时间"],
    client="QQ Mail (Chinese), GB18030 base64")

case("netease-replied-message-table", "r15p6", lambda c: netease(c, (
    "1) 4\n2) 4\n3) Every Saturday we make jiaozi together; Ada folds them badly and I pretend not to notice. It "
    "happened."), lang="en"),
    topic="attribution", lang="en", scales=(4, 4), contains="Ada folds them badly", must_not=["Replied Message"],
    hard=True, client="NetEase Mail Master (English UI), '| From | … |' table")

case("seznam-original-email", "r10p4", lambda c: seznam(c, (
    "1) 4\n2) 3\n3) Zoë se připravuje na zkoušku z češtiny, protože chce pracovat v Praze. Můžu s ní každý večer deset "
    "minut mluvit jen česky.")),
    topic="attribution", lang="cs", scales=(4, 3), contains="chce pracovat v Praze",
    must_not=["Původní e-mail", "Předmět:"], client="Seznam Email (Czech), original pasted")

case("libero-messaggio-originale", "r9p1", lambda c: libero(c, (
    "1) 3\n2) 4\n3) Tom sta imparando a suonare il violino da adulto. Posso portare i bambini al parco la domenica "
    "mattina, così lui si esercita.")),
    topic="attribution", lang="it", scales=(3, 4), contains="suonare il violino da adulto",
    must_not=["Messaggio originale", "Ogg:"], client="Libero Mail (Italian), original pasted")

case("orange-message-du", "r5p1", lambda c: orange(c, (
    "1) 4\n2) 3\n3) J'aimerais qu'on ne parle plus du travail après le dîner. Je le dirai à Tom comme une envie de le "
    "retrouver, lui.")),
    topic="attribution", lang="fr", scales=(4, 3), contains="une envie de le retrouver",
    must_not=["Message du", "Objet :"], client="Orange webmail (French), quoted '> Message du …' block")

case("mailru-attribution", "r13p2", lambda c: mailru(c, (
    "1) 3\n2) 4\n3) Я чувствую себя уставшим, когда вечером сразу начинаются дела, и мне помогло бы полчаса тишины "
    "после работы.")),
    topic="attribution", lang="ru", scales=(3, 4), contains="полчаса тишины после работы", must_not=["декабря 2026"],
    client="Mail.ru (Russian), '>' quote without a space")

case("zoho-dashes-wrote", "r1p1", lambda c: zoho(c, (
    "1) 2\n2) 2\n3) I wanted Tom to come with me to Dad's hospital appointment. I said 'you don't have to', which he "
    "took literally.")),
    topic="attribution", lang="en", scales=(2, 2), contains="which he took literally", must_not=["---- On Tue"],
    client="Zoho Mail, '---- On … wrote ---'")

case("spark-attribution", "r9p2", lambda c: spark(c, (
    "1) 4\n2) 2\n3) Maya is finishing her counselling diploma by June. I'll take the kids swimming on Saturday mornings "
    "so she can write her case studies.")),
    topic="attribution", lang="en", scales=(4, 2), contains="counselling diploma by June", must_not=["wrote:"],
    client="Spark, 'On 15 Dec 2026 at 18:00 +0000, NAME <ADDR>, wrote:'")

case("thunderbird-original-message-headers", "r16p7", lambda c: thunderbird2(c, (
    "1) 3\n2) 4\n3) We always buy two taiyaki at the station on Friday and eat them walking home. This week it snowed "
    "and we still did."), attr=tb_header_block(c)),
    topic="attribution", lang="en", scales=(3, 4), contains="buy two taiyaki at the station",
    must_not=["-------- Original Message --------", "Subject: Your weekly"], hard=True,
    client="Thunderbird with the 'with headers' reply header")

case("thunderbird-urspruengliche-nachricht-headers", "r6p3", lambda c: thunderbird2(c, (
    "1) 4\n2) 3\n3) Eine Grenze für uns: keine Streitgespräche im Auto. Ich sage José, dass ich dort nicht weg kann und "
    "mich dann eingesperrt fühle."), lang="de", attr=tb_header_block(c, "de")),
    topic="attribution", lang="de", scales=(4, 3), contains="keine Streitgespräche im Auto",
    must_not=["Ursprüngliche Nachricht", "Betreff:"], hard=True,
    client="Thunderbird (German) with a header-block reply header")

case("becky-original-message-ja", "r4p7", lambda c: becky(c, (
    "1) 2\n2) 2\n3) 健二に実家からの電話を代わりに受けてほしかったけれど、頼めませんでした。")),
    topic="attribution", lang="ja", scales=(2, 2), contains="実家からの電話を代わりに受けてほしかった",
    must_not=["----- Original Message -----"], client="Becky! (Japanese), ISO-2022-JP, Outlook Express style block")

case("wp-napisal-a", "r14p4", lambda c: wp_pl(c, (
    "1) 3\n2) 4\n3) W niedzielę rano razem chodzimy na basen, a potem na gorącą czekoladę. W tym tygodniu się udało.")),
    topic="attribution", lang="pl", scales=(3, 4), contains="razem chodzimy na basen", must_not=["napisał(a)"],
    client="Poczta WP (Polish)")

case("yahoo-spanish", "r10p4", lambda c: yahoo2(c, (
    "1) 3\n2) 2\n3) Zoë quiere aprender a bucear este verano. Puedo encargarme de la compra los sábados para que vaya a "
    "las clases en la piscina."), lang="es"),
    topic="attribution", lang="es", scales=(3, 2), contains="aprender a bucear este verano", must_not=["escribió"],
    client="Yahoo Mail (Spanish), original pasted")

case("yahoo-italian", "r15p5", lambda c: yahoo2(c, (
    "1) 4\n2) 4\n3) Ogni venerdì sera facciamo la pizza in casa e ognuno sceglie un ingrediente a sorpresa. Questa "
    "settimana ha vinto l'ananas, purtroppo."), lang="it"),
    topic="attribution", lang="it", scales=(4, 4), contains="un ingrediente a sorpresa", must_not=["ha scritto"],
    client="Yahoo Mail (Italian), original pasted")

case("samsung-french", "r3p5", lambda c: samsung2(c, (
    "1) 4\n2) 3\n3) Je voulais que Wei me laisse choisir le film vendredi. Je l'ai dit en riant et il m'a laissé la "
    "télécommande."), lang="fr"),
    topic="attribution", lang="fr", scales=(4, 3), contains="il m'a laissé la télécommande",
    must_not=["Message d'origine", "Envoyé depuis mon Galaxy"], client="Samsung Email (French), base64")

case("samsung-portuguese", "r1p1", lambda c: samsung2(c, (
    "1) 2\n2) 3\n3) Queria que o Tom fosse comigo às compras de Natal no sábado. Não pedi e fui com a minha amiga Inês."),
    lang="pt"),
    topic="attribution", lang="pt", scales=(2, 3), contains="às compras de Natal no sábado",
    must_not=["Mensagem original", "Enviado do meu Galaxy"], client="Samsung Email (Portuguese), base64")

case("roundcube-french", "r2p3", lambda c: roundcube2(c, (
    "1) 3\n2) 4\n3) Je voulais que José m'appelle à la pause de midi jeudi, juste pour savoir comment ça allait. Je ne "
    "l'ai pas dit."), lang="fr"),
    topic="attribution", lang="fr", scales=(3, 4), contains="m'appelle à la pause de midi jeudi", must_not=["a écrit"],
    client="Roundcube (French)", note="'pause' inside the reflection")

case("original-message-italian", "r1p2", lambda c: outlook_original2(c, (
    "1) 3\n2) 3\n3) Volevo che Maya venisse con me a vedere la partita di rugby di mio nipote. Gliel'ho chiesto e ha "
    "detto sì."), lang="it"),
    topic="attribution", lang="it", scales=(3, 3), contains="la partita di rugby di mio nipote",
    must_not=["Messaggio originale"], client="Outlook (plain text, Italian), -----Messaggio originale-----")

case("original-message-turkish", "r3p5", lambda c: outlook_original2(c, (
    "1) 4\n2) 4\n3) Wei'nin bana akşam yemeğini hazırlamasını istedim. Söyledim ve makarna yaptı."), lang="tr",
    charset="windows-1254"),
    topic="attribution", lang="tr", scales=(4, 4), contains="akşam yemeğini hazırlamasını istedim",
    must_not=["Özgün İleti"], client="Outlook (plain text, Turkish), -----Özgün İleti-----")

case("forward-with-answers-on-top", "r5p2", lambda c: gmail_forward(c, (
    "Forwarding because the reply button was greyed out on my work laptop.\n\n1) 3\n2) 3\n3) A limit on Saturday "
    "football: I'll be home by one. I'll tell Maya it's so the afternoon is ours, not what's left of it.")),
    topic="attribution", lang="en", scales=(3, 3), contains="not what's left of it", must_not=["Forwarded message"],
    client="Gmail web, forward with answers above the forwarded check-in")

case("empty-reply-thunderbird", "r8p7", lambda c: thunderbird2(c, ""),
    topic="attribution", lang="en", scales=(None, None), client="Thunderbird, sent with nothing typed",
    note="only the attribution and the quote: nothing to read (the quoted footer's STOP/PAUSE are not commands)")

case("device-line-only-iphone-de", "r2p3", lambda c: iphone2(c, "", lang="de"),
    topic="attribution", lang="de", scales=(None, None), client="iPhone Mail (German), only the device line typed",
    note="'Von meinem iPhone gesendet' above the quote is all there is: nothing to read")

# ------------------------------------------------------------------------------- 6. commands

# ---- STOP, in words and in every language
case("stop-please-samsung", "r15p5", lambda c: samsung2(c, "Stop please."),
    topic="commands", lang="en", command="stop", client="Samsung Email")

case("stop-full-stop-outlook-mac", "r8p8", lambda c: outlook_mac(c, "STOP."),
    topic="commands", lang="en", command="stop", client="Outlook for Mac")

case("split-up-no-more-gmail-android", "r13p2", lambda c: gmail2(c, (
    "We've separated, so please don't send any more of these. Thank you for trying with us."), android=True),
    topic="commands", lang="en", command="stop", hard=True, client="Gmail for Android",
    note="'please don't send any more of these' is a stop")

case("stop-german-keine-weiteren-gmx", "r10p3", lambda c: gmx(c, "Bitte keine weiteren Check-ins mehr schicken. Danke für alles."),
    topic="commands", lang="de", command="stop", hard=True, client="GMX webmail (German)")

case("stop-french-ne-plus-iphone", "r7p5", lambda c: iphone2(c, "Merci de ne plus m'envoyer ces questionnaires.", lang="fr"),
    topic="commands", lang="fr", command="stop", hard=True, client="iPhone Mail (French)")

case("stop-spanish-dejad-gmail", "r14p4", lambda c: gmail2(c, "Dejad de enviarme esto, por favor.", lang="es"),
    topic="commands", lang="es", command="stop", hard=True, client="Gmail web (Spanish)")

case("stop-portuguese-nao-quero-iphone", "r3p6", lambda c: iphone2(c, (
    "Não quero receber mais estes e-mails. Obrigado."), lang="pt"),
    topic="commands", lang="pt", command="stop", hard=True, client="iPhone Mail (Portuguese)")

case("stop-italian-vi-prego-thunderbird", "r9p2", lambda c: thunderbird2(c, (
    "Vi prego di non inviarmi più questi messaggi."), lang="it"),
    topic="commands", lang="it", command="stop", hard=True, client="Thunderbird (Italian)")

case("stop-dutch-alsjeblieft-outlook", "r5p2", lambda c: outlook2(c, "Stop alsjeblieft met deze mails.", lang="nl"),
    topic="commands", lang="nl", command="stop", client="Outlook desktop (Dutch)")

case("stop-polish-wypisac-thunderbird", "r2p4", lambda c: thunderbird2(c, (
    "Rezygnuję z tych wiadomości, proszę mnie wypisać."), lang="pl"),
    topic="commands", lang="pl", command="stop", hard=True, client="Thunderbird (Polish)")

case("stop-swedish-avsluta-iphone", "r6p3", lambda c: iphone2(c, "Avsluta utskicken, tack.", lang="sv"),
    topic="commands", lang="sv", command="stop", hard=True, client="iPhone Mail (Swedish)")

case("stop-turkish-almak-istemiyorum-outlook", "r11p5", lambda c: outlook2(c, (
    "Artık bu e-postaları almak istemiyorum."), lang="tr", charset="windows-1254"),
    topic="commands", lang="tr", command="stop", hard=True, client="Outlook desktop (Turkish)")

case("stop-japanese-haishin-teishi-thunderbird", "r4p8", lambda c: thunderbird2(c, "配信を停止してください。", lang="ja",
                                                                               charset="ISO-2022-JP", cte="7bit"),
    topic="commands", lang="ja", command="stop", hard=True, client="Thunderbird (Japanese), ISO-2022-JP")

case("stop-chinese-qqmail", "r7p6", lambda c: qqmail(c, "请停止发送，谢谢。"),
    topic="commands", lang="zh", command="stop", hard=True, client="QQ Mail (Chinese)")

case("stop-danish-afmeld-gmail", "r14p3", lambda c: gmail2(c, "Afmeld mig venligst.", lang="da"),
    topic="commands", lang="da", command="stop", hard=True, client="Gmail web (Danish)")

case("stop-czech-seznam", "r6p4", lambda c: seznam(c, "Prosím, už mi tyto e-maily neposílejte."),
    topic="commands", lang="cs", command="stop", hard=True, client="Seznam Email (Czech)")

case("stop-russian-otpishite-yandex", "r12p8", lambda c: yandex(c, "Отпишите меня, пожалуйста."),
    topic="commands", lang="ru", command="stop", hard=True, client="Yandex Mail (Russian)")

case("stop-ukrainian-gmail", "r5p1", lambda c: gmail2(c, "Припиніть, будь ласка, надсилати ці листи.", lang="uk"),
    topic="commands", lang="uk", command="stop", hard=True, client="Gmail web (Ukrainian)")

# ---- STOP in the subject with nothing typed
case("stop-subject-outlook-web-empty", "r9p1", lambda c: outlook_web2(c, [], subject="STOP"),
    topic="commands", lang="en", command="stop", hard=True, client="Outlook on the web, subject 'STOP', nothing typed",
    note="poll reads the subject as a command when the new text is empty")

case("stop-subject-applemail-empty", "r12p7", lambda c: apple2(c, "", subject="stop"),
    topic="commands", lang="en", command="stop", hard=True, client="Apple Mail, subject 'stop', nothing typed")

case("stopp-subject-roundcube-empty", "r14p4", lambda c: plain_client(c, "", attr_lines=[
    f"Am {c.local_sent:%Y-%m-%d} {c.local_sent:%H:%M}, schrieb {PRACTICE}:"], user_agent="Roundcube Webmail/1.6.9",
    source="plain", flowed=True, subject="STOPP"),
    topic="commands", lang="de", command="stop", hard=True, client="Roundcube (German), subject 'STOPP', nothing typed")

# ---- STOP above a signature and disclaimer
case("stop-above-dutch-disclaimer", "r13p1", lambda c: outlook2(c, (
    "STOP\n\nMet vriendelijke groet,\nMaya Ashford\nHoofd Communicatie | Stichting Woonkracht\n\nDit bericht is "
    "uitsluitend bestemd voor de geadresseerde. Als u dit bericht onterecht ontvangt, wordt u verzocht de inhoud niet "
    "te gebruiken en de afzender te informeren."), lang="nl"),
    topic="commands", lang="nl", command="stop", client="Outlook desktop (Dutch), STOP then signature and disclaimer")

case("stop-above-spanish-aviso-legal", "r10p4", lambda c: gmail2(c, "STOP", lang="es", sig=[
    "José Núñez-Łukasik", "Transportes Meridiano S.L.", "",
    "AVISO LEGAL: Este mensaje es confidencial y va dirigido exclusivamente a su destinatario. Si no lo es, no lo "
    "lea ni lo reenvíe."]),
    topic="commands", lang="es", command="stop", client="Gmail web (Spanish), STOP above an HTML signature with a legal notice")

case("stop-above-hospital-disclaimer-outlook-web", "r3p5", lambda c: outlook_web2(c, [
    "STOP", "", "Ada Okoye, RN", "Mercy Hospital, Ward 7", "",
    "CONFIDENTIALITY: This message may contain protected health information. If you are not the intended recipient, "
    "delete it and notify the sender. Do not stop or delay any treatment on the basis of this email."]),
    topic="commands", lang="en", command="stop", hard=True,
    client="Outlook on the web, HTML only, STOP then a signature and disclaimer",
    note="the disclaimer has its own 'stop'; the command is the first line")

# ---- PAUSE with the weeks as a word, every language
case("pause-three-weeks-k9", "r1p2", lambda c: k9(c, "Pause for three weeks please, we're moving house."),
    topic="commands", lang="en", command="pause", weeks=3, client="K-9 Mail")

case("pause-a-fortnight-outlook", "r15p6", lambda c: outlook2(c, (
    "Could you hold off on these for a fortnight? Ada's parents are staying and there's no quiet corner in the flat.")),
    topic="commands", lang="en", command="pause", weeks=2, hard=True, client="Outlook desktop",
    note="'hold off for a fortnight' = pause 2 weeks")

case("pause-zwei-wochen-outlook-mac-de", "r6p4", lambda c: outlook_mac(c, "Bitte zwei Wochen Pause, wir sind im Urlaub.", lang="de"),
    topic="commands", lang="de", command="pause", weeks=2, client="Outlook for Mac (German)")

case("pause-quatre-semaines-gmail-fr", "r9p1", lambda c: gmail2(c, (
    "Pouvez-vous suspendre les envois pendant quatre semaines ? Je pars en mission à Montréal."), lang="fr"),
    topic="commands", lang="fr", command="pause", weeks=4, hard=True, client="Gmail web (French)")

case("pause-tres-semanas-yahoo-es", "r10p4", lambda c: yahoo2(c, "Pausa de tres semanas, por favor.", lang="es"),
    topic="commands", lang="es", command="pause", weeks=3, hard=True, client="Yahoo Mail (Spanish)")

case("pause-tres-semanas-gmail-pt", "r11p5", lambda c: gmail2(c, (
    "Podem fazer uma pausa de três semanas? Vou ser operada ao joelho."), lang="pt"),
    topic="commands", lang="pt", command="pause", weeks=3, hard=True, client="Gmail web (Portuguese)")

case("pause-due-settimane-applemail-it", "r5p1", lambda c: apple2(c, (
    "Pausa di due settimane, grazie. Siamo dai miei a Bari."), lang="it"),
    topic="commands", lang="it", command="pause", weeks=2, hard=True, client="Apple Mail (Italian)")

case("pause-drie-weken-thunderbird-nl", "r9p2", lambda c: thunderbird2(c, "Drie weken pauze graag, ik heb examens.", lang="nl"),
    topic="commands", lang="nl", command="pause", weeks=3, hard=True, client="Thunderbird (Dutch)")

case("pause-trzy-tygodnie-gmail-pl", "r14p4", lambda c: gmail2(c, "Proszę wstrzymać wysyłkę na trzy tygodnie.", lang="pl"),
    topic="commands", lang="pl", command="pause", weeks=3, hard=True, client="Gmail web (Polish)")

case("pause-tre-veckor-applemail-sv", "r14p3", lambda c: apple2(c, "Kan ni pausa i tre veckor? Vi ska till Kiruna.", lang="sv"),
    topic="commands", lang="sv", command="pause", weeks=3, hard=True, client="Apple Mail (Swedish)")

case("pause-uc-hafta-samsung-tr", "r7p5", lambda c: samsung2(c, "Üç hafta ara verebilir misiniz? Ameliyat olacağım.", lang="tr"),
    topic="commands", lang="tr", command="pause", weeks=3, hard=True, client="Samsung Email (Turkish)")

case("pause-sanshukan-tomete-iphone-ja", "r16p7", lambda c: iphone2(c, (
    "三週間、配信を止めてください。年末年始は実家に帰ります。"), lang="ja"),
    topic="commands", lang="ja", command="pause", weeks=3, hard=True, client="iPhone Mail (Japanese)",
    note="'stop the mailings for three weeks' = a pause with a length, not a STOP")

case("pause-liangzhou-netease-zh", "r11p6", lambda c: netease(c, "请暂停两周，我们要回国看父母。"),
    topic="commands", lang="zh", command="pause", weeks=2, hard=True, client="NetEase Mail Master (Chinese)")

case("pause-to-uger-gmail-da", "r2p3", lambda c: gmail2(c, "Sæt venligst udsendelserne på pause i to uger.", lang="da"),
    topic="commands", lang="da", command="pause", weeks=2, hard=True, client="Gmail web (Danish)")

case("pause-dva-tydny-thunderbird-cs", "r10p4", lambda c: thunderbird2(c, "Pozastavte to prosím na dva týdny.", lang="cs"),
    topic="commands", lang="cs", command="pause", weeks=2, hard=True, client="Thunderbird (Czech)")

case("pause-tri-nedeli-mailru", "r9p2", lambda c: mailru(c, "Сделайте паузу на три недели, пожалуйста."),
    topic="commands", lang="ru", command="pause", weeks=3, hard=True, client="Mail.ru (Russian)")

case("pause-chotyry-tyzhni-gmail-uk", "r13p1", lambda c: gmail2(c, "Поставте, будь ласка, паузу на чотири тижні.", lang="uk"),
    topic="commands", lang="uk", command="pause", weeks=4, hard=True, client="Gmail web (Ukrainian)")

# ---- RESUME
case("resume-start-again-iphone", "r12p8", lambda c: iphone2(c, "We're home \u2014 start the check-ins again please."),
    topic="commands", lang="en", command="resume", hard=True, client="iPhone Mail")

case("resume-german-ab-sofort-gmail", "r10p3", lambda c: gmail2(c, "Ab sofort gerne wieder Check-ins schicken.", lang="de"),
    topic="commands", lang="de", command="resume", hard=True, client="Gmail web (German)")

case("resume-french-on-reprend-iphone", "r3p5", lambda c: iphone2(c, "On reprend ! Vous pouvez relancer les check-ins.", lang="fr"),
    topic="commands", lang="fr", command="resume", hard=True, client="iPhone Mail (French)")

case("resume-spanish-reanudar-outlook", "r2p4", lambda c: outlook2(c, "Reanudar, por favor.", lang="es", charset="utf-8"),
    topic="commands", lang="es", command="resume", hard=True, client="Outlook desktop (Spanish)")

case("resume-portuguese-retomar-gmail", "r7p6", lambda c: gmail2(c, "Podem retomar os envios, já voltámos.", lang="pt"),
    topic="commands", lang="pt", command="resume", hard=True, client="Gmail web (Portuguese)")

case("resume-italian-riprendere-iphone", "r11p5", lambda c: iphone2(c, "Potete riprendere a mandarli, grazie.", lang="it"),
    topic="commands", lang="it", command="resume", hard=True, client="iPhone Mail (Italian)")

case("resume-dutch-hervatten-gmail", "r1p1", lambda c: gmail2(c, "Graag weer hervatten.", lang="nl"),
    topic="commands", lang="nl", command="resume", hard=True, client="Gmail web (Dutch)")

case("resume-polish-wznowcie-gmail", "r6p4", lambda c: gmail2(c, "Wznówcie proszę wysyłkę.", lang="pl"),
    topic="commands", lang="pl", command="resume", hard=True, client="Gmail web (Polish)")

case("resume-swedish-ateruppta-thunderbird", "r6p3", lambda c: thunderbird2(c, "Återuppta gärna utskicken nu.", lang="sv"),
    topic="commands", lang="sv", command="resume", hard=True, client="Thunderbird (Swedish)")

case("resume-turkish-tekrar-gmail", "r15p5", lambda c: gmail2(c, "Tekrar göndermeye başlayabilirsiniz.", lang="tr"),
    topic="commands", lang="tr", command="resume", hard=True, client="Gmail web (Turkish)")

case("resume-japanese-mata-okutte-gmail", "r8p7", lambda c: gmail2(c, "戻りました。また送ってください。", lang="ja"),
    topic="commands", lang="ja", command="resume", hard=True, client="Gmail web (Japanese)")

case("resume-chinese-huifu-gmail", "r15p6", lambda c: gmail2(c, "我们回来了，请恢复发送。", lang="zh"),
    topic="commands", lang="zh", command="resume", hard=True, client="Gmail web (Chinese)")

case("resume-danish-genoptag-gmail", "r6p4", lambda c: gmail2(c, "Genoptag gerne udsendelserne.", lang="da"),
    topic="commands", lang="da", command="resume", hard=True, client="Gmail web (Danish)")

case("resume-czech-obnovte-seznam", "r14p4", lambda c: seznam(c, "Obnovte prosím zasílání."),
    topic="commands", lang="cs", command="resume", hard=True, client="Seznam Email (Czech)")

case("resume-russian-roundcube", "r8p8", lambda c: roundcube2(c, "Возобновите рассылку, пожалуйста.", lang="ru"),
    topic="commands", lang="ru", command="resume", hard=True, client="Roundcube (Russian)")

case("resume-ukrainian-gmail", "r9p1", lambda c: gmail2(c, "Відновіть, будь ласка, розсилку.", lang="uk"),
    topic="commands", lang="uk", command="resume", hard=True, client="Gmail web (Ukrainian)")

# ---- must NOT be read as commands
case("please-dont-stop-these-gmail", "r6p3", lambda c: gmail2(c, (
    "1) 4\n2) 3\n3) A limit on my Sunday calls with Mum: an hour, not the whole afternoon. I'll tell José it's so we get "
    "a Sunday too.\n\nWhatever happens with the sessions in January, please don't stop these check-ins \u2014 writing "
    "them is half the help.")),
    topic="commands", lang="en", scales=(4, 3), contains="an hour, not the whole afternoon", hard=True,
    client="Gmail web", note="'please don't stop these' is the opposite of a STOP")

case("narretez-surtout-pas-iphone-fr", "r9p1", lambda c: iphone2(c, (
    "1) 4\n2) 4\n3) Tom s'entraîne pour passer sa ceinture noire de judo. Je l'emmène au dojo le samedi et je regarde."
    "\n\nSurtout, n'arrêtez pas ces messages, ils nous font du bien."), lang="fr"),
    topic="commands", lang="fr", scales=(4, 4), contains="passer sa ceinture noire de judo", hard=True,
    must_not=["Envoyé de mon iPhone"], client="iPhone Mail (French)", note="'don't stop these messages'")

case("no-pareis-gmail-es", "r14p4", lambda c: gmail2(c, (
    "1) 4\n2) 3\n3) Todos los jueves jugamos al dominó con los vecinos del tercero y volvemos a casa riéndonos. Esta "
    "semana también.\n\nNo paréis de mandar esto, nos viene genial."), lang="es"),
    topic="commands", lang="es", scales=(4, 3), contains="jugamos al dominó con los vecinos del tercero", hard=True,
    client="Gmail web (Spanish)", note="'don't stop sending this'")

case("pasted-footer-outlook-android-es", "r2p4", lambda c: outlook_mobile(c, (
    "1) 4\n2) 3\n3) Quería que Zoë me ayudara a preparar la mudanza de mi hermano. Se lo pedí y vino con cinta adhesiva "
    "y buen humor."), lang="es"),
    topic="commands", lang="es", scales=(4, 3), contains="vino con cinta adhesiva y buen humor",
    must_not=["Obtener Outlook para Android"], client="Outlook for Android (Spanish)",
    note="the original is pasted unquoted, footer and all: its 'reply with STOP' is not a command")

case("pasted-footer-yahoo-android-stop-in-reflection", "r8p7", lambda c: yahoo(c, (
    "1) 3\n2) 3\n3) I'd like us to stop answering work chats after dinner, both of us. I'll say it as a gift to each "
    "other."), mobile="Sent from Yahoo Mail on Android"),
    topic="commands", lang="en", scales=(3, 3), contains="stop answering work chats after dinner",
    must_not=["Sent from Yahoo Mail on Android"], client="Yahoo Mail for Android",
    note="'stop' inside the reflection and the footer in the pasted original: neither is a command")

case("gmx-pasted-footer-de", "r6p4", lambda c: gmx(c, (
    "1) 3\n2) 3\n3) Keine Handys im Schlafzimmer, für uns beide. Ich sage es Zoë mit einem Augenzwinkern.")),
    topic="commands", lang="de", scales=(3, 3), contains="Keine Handys im Schlafzimmer",
    client="GMX webmail (German)", note="the pasted original ends with 'reply with PAUSE 2 weeks … STOP': not commands")

case("dutch-stopt-in-reflection", "r13p2", lambda c: gmail2(c, (
    "1) 3\n2) 4\n3) Ik voel me ongerust als je 's avonds laat nog alleen fietst, en wat me zou helpen is een berichtje "
    "als je vertrekt. Ik wil niet dat je stopt, ik wil het alleen weten."), lang="nl"),
    topic="commands", lang="nl", scales=(3, 4), contains="een berichtje als je vertrekt", hard=True,
    client="Gmail web (Dutch)", note="'stopt' (stops) inside the reflection")

case("pause-the-game-in-reflection", "r4p7", lambda c: gmail2(c, (
    "1) 3\n2) 2\n3) I wanted Kenji to pause the game when I came home so we could say hello properly. I asked once, he "
    "said 'one minute', and it was twenty.")),
    topic="commands", lang="en", scales=(3, 2), contains="pause the game when I came home", client="Gmail web",
    note="'pause' inside the reflection")

case("reanudar-in-reflection-thunderbird-es", "r11p5", lambda c: thunderbird2(c, (
    "1) 3\n2) 4\n3) Wei quiere reanudar sus estudios de arquitectura. Puedo encargarme de las cenas entre semana para "
    "que tenga las tardes libres."), lang="es"),
    topic="commands", lang="es", scales=(3, 4), contains="reanudar sus estudios de arquitectura", hard=True,
    client="Thunderbird (Spanish)", note="'reanudar' (resume) inside the reflection")

case("abgemeldet-in-reflection-de", "r10p3", lambda c: apple2(c, (
    "1) 4\n2) 4\n3) José hat sich vom Firmen-Newsletter abgemeldet und lernt stattdessen abends Klavier. Ich höre ihm zu "
    "und sage nichts über die falschen Töne."), lang="de"),
    topic="commands", lang="de", scales=(4, 4), contains="lernt stattdessen abends Klavier", hard=True,
    client="Apple Mail (German)", note="'abgemeldet' (unsubscribed) inside the reflection")

case("partner-joke-stop-japanese", "r12p7", lambda c: gmail2(c, (
    "1) 4\n2) 3\n3) 健二は写真の展示会に出す作品を準備しています。日曜日の朝は私が子どもを連れて出かけます。\n\n"
    "（健二は「ストップって返信すれば」と冗談を言いましたが、私は続けたいです。）"), lang="ja"),
    topic="commands", lang="ja", scales=(4, 3), contains="日曜日の朝は私が子どもを連れて出かけます", hard=True,
    client="Gmail web (Japanese)", note="the partner joked 'just reply stop'; the writer wants to continue")

case("inline-footer-quoted-unsubscribed-in-reflection", "r1p1", lambda c: thunderbird2(c, None, inline=IL(
    "2", "3", "I wanted Tom to notice I'd unsubscribed from the PTA emails and give me a high five. I said 'notice me!' "
    "out loud and he did.")),
    topic="commands", lang="en", scales=(2, 3), contains="unsubscribed from the PTA emails", hard=True,
    client="Thunderbird, inline, the footer quoted under the last answer",
    note="'unsubscribed' inside the reflection; the quoted footer is not a command")

# ---- unclear requests: review, never a command
case("pause-until-mid-january", "r11p5", lambda c: gmail2(c, (
    "Please pause these until mid-January, we'll be with my parents in Lagos.")),
    topic="commands", lang="en", ambiguous=True, client="Gmail web", note="a pause, but how many weeks is not said")

case("pause-bis-januar-de", "r2p3", lambda c: gmail2(c, "Pause bis Januar bitte.", lang="de"),
    topic="commands", lang="de", ambiguous=True, client="Gmail web (German)", note="'pause until January': no length")

case("pause-jusqu-en-janvier-fr", "r3p5", lambda c: outlook2(c, "Une pause jusqu'en janvier, s'il vous plaît.", lang="fr"),
    topic="commands", lang="fr", ambiguous=True, client="Outlook desktop (French)", note="'a pause until January'")

case("bare-pause-no-length", "r13p2", lambda c: gmail2(c, "PAUSE"),
    topic="commands", lang="en", ambiguous=True, client="Gmail web", note="no length given")

case("stop-then-ignore-that", "r7p5", lambda c: iphone2(c, (
    "STOP\n\nSorry, ignore that \u2014 Mei grabbed my phone. Answers coming tonight.")),
    topic="commands", lang="en", ambiguous=True, client="iPhone Mail",
    note="the STOP is taken back at once; not a command, and nothing to read yet")

case("no-sundays-please-es", "r10p4", lambda c: gmail2(c, (
    "¿Podéis dejar de mandarlos los domingos? Mejor entre semana."), lang="es"),
    topic="commands", lang="es", ambiguous=True, client="Gmail web (Spanish)", note="asks for another day, not to stop")

case("forse-una-pausa-it", "r15p5", lambda c: gmail2(c, (
    "Forse è meglio fare una pausa, non so. Ne parlo con Wei e vi faccio sapere."), lang="it"),
    topic="commands", lang="it", ambiguous=True, client="Gmail web (Italian)", note="undecided, no length")

case("pause-until-the-baby", "r3p6", lambda c: outlook_mac(c, (
    "Could we pause until the baby arrives? Ada's due any day now.")),
    topic="commands", lang="en", ambiguous=True, client="Outlook for Mac", note="length unknown")

case("shibaraku-oyasumi-ja", "r4p7", lambda c: iphone2(c, "しばらくお休みしたいです。", lang="ja"),
    topic="commands", lang="ja", ambiguous=True, client="iPhone Mail (Japanese)", note="'a break for a while': no length")

case("xian-zanting-yiduan-zh", "r3p6", lambda c: gmail2(c, "先暂停一段时间吧。", lang="zh"),
    topic="commands", lang="zh", ambiguous=True, client="Gmail web (Chinese)", note="'pause for a while': no length")

# ------------------------------------------------------------------------------- 7. ambiguous answers: review

case("three-or-four-hard-to-say", "r1p2", lambda c: outlook_mac(c, (
    "1) 3 or 4, hard to say\n2) 2\n3) I wanted Maya to come to the allotment with me on Sunday. I didn't ask.")),
    topic="ambiguous", lang="en", ambiguous=True, scales=(None, 2), client="Outlook for Mac", note="'3 or 4'")

case("zwischen-drei-und-vier-gmx", "r6p3", lambda c: gmx(c, "1) zwischen 3 und 4\n2) 3"),
    topic="ambiguous", lang="de", ambiguous=True, scales=(None, 3), client="GMX webmail (German)",
    note="'between 3 and 4'")

case("two-slash-three", "r5p2", lambda c: gmail2(c, "1) 2/3\n2) 4"),
    topic="ambiguous", lang="en", ambiguous=True, scales=(None, 4), client="Gmail web",
    note="'2/3': two or three (or two-thirds)")

case("three-point-five", "r9p2", lambda c: iphone2(c, "1) 3.5\n2) 4\n3) Busy but fine."),
    topic="ambiguous", lang="en", ambiguous=True, scales=(None, 4), client="iPhone Mail", note="a half point")

case("number-against-anchor-words", "r14p3", lambda c: gmail2(c, (
    "1) 4\n2) 3\n3) We usually do karaoke in the living room on Fridays. Not this week \u2014 we barely spoke, it felt "
    "like living side by side.")),
    topic="ambiguous", lang="en", ambiguous=True, scales=(None, 3), client="Gmail web",
    note="answer 1 says 4, the prose describes the scale's 1 ('living side by side')")

case("undecided-between-two-numbers-ja", "r16p7", lambda c: gmail2(c, (
    "つながりは4…いや、やっぱり2かな。でも4でもいい気がします。\n自分の時間は3です。"), lang="ja"),
    topic="ambiguous", lang="ja", ambiguous=True, scales=(None, 3), client="Gmail web (Japanese)",
    note="connection wavers between 4 and 2 and is never settled")

case("pareil-que-la-semaine-derniere", "r9p1", lambda c: gmail2(c, "Pareil que la semaine dernière.", lang="fr"),
    topic="ambiguous", lang="fr", ambiguous=True, client="Gmail web (French)",
    note="'same as last week': the numbers would have to be copied from the recap")

case("igual-que-la-semana-pasada", "r10p4", lambda c: gmail2(c, "Igual que la semana pasada, ni mejor ni peor.", lang="es"),
    topic="ambiguous", lang="es", ambiguous=True, client="Gmail web (Spanish)")

case("senshu-to-onaji", "r12p7", lambda c: iphone2(c, "先週と同じです。", lang="ja"),
    topic="ambiguous", lang="ja", ambiguous=True, client="iPhone Mail (Japanese)")

case("tak-samo-jak-tydzien-temu", "r14p4", lambda c: wp_pl(c, "Tak samo jak tydzień temu."),
    topic="ambiguous", lang="pl", ambiguous=True, client="Poczta WP (Polish)")

case("neutral-faces-only", "r11p6", lambda c: gmail2(c, "\U0001f610\U0001f610", android=True),
    topic="ambiguous", lang="en", ambiguous=True, client="Gmail for Android", note="two neutral faces and nothing else")

case("red-heart-only-ja", "r8p7", lambda c: iphone2(c, "\u2764\ufe0f", lang="ja"),
    topic="ambiguous", lang="ja", ambiguous=True, client="iPhone Mail (Japanese)", note="a heart and nothing else")

case("shrug-and-upside-down", "r1p1", lambda c: samsung2(c, "\U0001f937\u200d\u2640\ufe0f \U0001f643"),
    topic="ambiguous", lang="en", ambiguous=True, client="Samsung Email")

case("keine-angabe-outlook-mac", "r6p4", lambda c: outlook_mac(c, (
    "1) k. A.\n2) k. A.\n3) Ich war die ganze Woche auf Dienstreise."), lang="de"),
    topic="ambiguous", lang="de", ambiguous=True, client="Outlook for Mac (German)", note="'k. A.' = keine Angabe, n/a")

case("nvt-roundcube-nl", "r5p1", lambda c: roundcube2(c, "1) nvt\n2) nvt\n3) Ziek geweest, bijna niemand gezien.", lang="nl"),
    topic="ambiguous", lang="nl", ambiguous=True, client="Roundcube (Dutch)", note="'nvt' = niet van toepassing, n/a")

case("dashes-instead-of-numbers", "r3p6", lambda c: thunderbird2(c, "1) \u2013\n2) \u2013\n3) \u2013"),
    topic="ambiguous", lang="en", ambiguous=True, client="Thunderbird", note="a dash for every answer")

case("out-of-ten-sentence-fastmail", "r15p5", lambda c: fastmail(c, (
    "6 out of 10 for connection, 4 out of 10 for me.\n\nFriday film night happened, but we both fell asleep.")),
    topic="ambiguous", lang="en", ambiguous=True, client="Fastmail web", note="answered on a 1-10 scale")

case("von-zehn-gmail-de", "r14p4", lambda c: gmail2(c, "Verbundenheit 8, Freiraum 7 (von 10).", lang="de"),
    topic="ambiguous", lang="de", ambiguous=True, client="Gmail web (German)", note="'(out of 10)'")

case("eight-and-six-no-scale-said", "r2p3", lambda c: gmail2(c, "1) 8\n2) 6\n3) Good week."),
    topic="ambiguous", lang="en", ambiguous=True, client="Gmail web", note="numbers above the 1-5 scale, no scale named")

case("partner-would-say", "r9p1", lambda c: gmail2(c, "Tom would say 4 and 4. I'm not sure what I'd say."),
    topic="ambiguous", lang="en", ambiguous=True, client="Gmail web", note="the numbers are the partner's guess")

case("wakarimasen-one-scale", "r4p7", lambda c: thunderbird2(c, "1) わかりません\n2) 3", lang="ja"),
    topic="ambiguous", lang="ja", ambiguous=True, scales=(None, 3), client="Thunderbird (Japanese)",
    note="'I don't know' for question 1")

case("yes-and-not-really", "r7p6", lambda c: gmail2(c, "1) yes\n2) not really"),
    topic="ambiguous", lang="en", ambiguous=True, client="Gmail web", note="yes/no for a 1-5 scale")

case("cosi-cosi-abbastanza", "r11p5", lambda c: iphone2(c, "1) così così\n2) abbastanza", lang="it"),
    topic="ambiguous", lang="it", ambiguous=True, client="iPhone Mail (Italian)", note="'so-so' / 'enough'")

case("answer-tomorrow-zh", "r11p6", lambda c: qqmail(c, "明天再回答，今天太累了。"),
    topic="ambiguous", lang="zh", ambiguous=True, client="QQ Mail (Chinese)", note="'I'll answer tomorrow'")

case("en-dash-ranges-outlook", "r13p1", lambda c: outlook2(c, "1) 2\u20133\n2) 4\u20135"),
    topic="ambiguous", lang="en", ambiguous=True, client="Outlook desktop", note="'2–3' and '4–5' are ranges")

case("ile-arasi-tr", "r15p5", lambda c: gmail2(c, "1) 3 ile 4 arası\n2) 2", lang="tr"),
    topic="ambiguous", lang="tr", ambiguous=True, scales=(None, 2), client="Gmail web (Turkish)", note="'between 3 and 4'")

case("top-both-inline-disagrees", "r12p8", lambda c: gmail2(c, "Both 4 this week.", inline=IL(
    None, "2", "Hanako is saving for a pottery wheel. I'll stop buying takeaway on Fridays so it comes sooner.")),
    topic="ambiguous", lang="en", ambiguous=True, scales=(4, None), client="Gmail web",
    note="'Both 4' on top, '2' typed under question 2")

case("all-good-nothing-to-report", "r16p7", lambda c: gmail2(c, "All good, nothing to report!"),
    topic="ambiguous", lang="en", ambiguous=True, client="Gmail web", note="no scale answered; 'all good' is not a number")

case("mezhdu-dvumya-i-tremya-yandex", "r8p8", lambda c: yandex(c, "1) между 2 и 3\n2) 3"),
    topic="ambiguous", lang="ru", ambiguous=True, scales=(None, 3), client="Yandex Mail (Russian)", note="'between 2 and 3'")

case("mellem-to-og-tre-da", "r2p3", lambda c: ios_da(c, "1) mellem 2 og 3\n2) 4"),
    topic="ambiguous", lang="da", ambiguous=True, scales=(None, 4), client="iPhone Mail (Danish)", note="'between 2 and 3'")

case("spis-tak-nevim-cs", "r10p4", lambda c: seznam(c, "1) spíš tak napůl\n2) nevím"),
    topic="ambiguous", lang="cs", ambiguous=True, client="Seznam Email (Czech)", note="'more or less half' / 'I don't know'")

case("ne-znayu-uk", "r5p1", lambda c: gmail2(c, "1) не знаю\n2) десь посередині", lang="uk"),
    topic="ambiguous", lang="uk", ambiguous=True, client="Gmail web (Ukrainian)", note="'don't know' / 'somewhere in the middle'")


case("mais-ou-menos-pouco-pt", "r3p6", lambda c: iphone2(c, "1) mais ou menos\n2) pouco", lang="pt"),
    topic="ambiguous", lang="pt", ambiguous=True, client="iPhone Mail (Portuguese)", note="'so-so' / 'a little'")

case("tre-fyra-kanske-sv", "r14p3", lambda c: thunderbird2(c, "1) 3-4 kanske\n2) 4", lang="sv"),
    topic="ambiguous", lang="sv", ambiguous=True, scales=(None, 4), client="Thunderbird (Swedish)",
    note="'3-4 maybe' is a range")

if __name__ == "__main__":
    main()

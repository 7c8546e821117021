#!/usr/bin/env python3
"""A loopback SMTP sink for benchmarks: EHLO, STARTTLS, AUTH (any credentials), MAIL,
RCPT, DATA, RSET, NOOP, QUIT. Accepts every message and discards it. Counts messages and
writes the count to --count-file on exit (SIGTERM).

With --relay-domain D --relay-port P it stands for the practice's remote relay: a message
with a recipient @D is handed on to the SMTP server on 127.0.0.1:P (plain SMTP) before the
250 is answered (451 if that fails), every other message is discarded. --log FILE gets one
line per message: `relay` or `drop`, the recipients, the Message-ID (tab-separated)."""
import argparse
import asyncio
import os
import signal
import smtplib
import ssl

count = 0
ARGS = None
LOG = None


def message_id(data):
    head = data.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        if line[:11].lower() == b"message-id:":
            return line[11:].strip().decode("ascii", "replace")
    return "-"


def relay(sender, rcpts, data):
    with smtplib.SMTP("127.0.0.1", ARGS.relay_port, timeout=30) as s:
        s.sendmail(sender, rcpts, data)


async def handle(reader, writer, ctx):
    global count
    writer.write(b"220 sink ESMTP\r\n")
    tls = False
    sender, rcpts = "", []
    while True:
        line = await reader.readline()
        if not line:
            break
        cmd = line[:4].upper()
        if cmd in (b"EHLO", b"HELO"):
            caps = [b"250-sink", b"250-PIPELINING", b"250-8BITMIME", b"250-SIZE 30000000"]
            caps.append(b"250-AUTH PLAIN LOGIN" if tls else b"250-STARTTLS")
            caps.append(b"250 ENHANCEDSTATUSCODES")
            writer.write(b"\r\n".join(caps) + b"\r\n")
        elif cmd == b"STAR":
            writer.write(b"220 2.0.0 go ahead\r\n")
            await writer.drain()
            await writer.start_tls(ctx)
            tls = True
        elif cmd == b"AUTH":
            parts = line.split()
            if len(parts) >= 2 and parts[1].upper() == b"LOGIN" and len(parts) == 2:
                writer.write(b"334 VXNlcm5hbWU6\r\n")
                await writer.drain()
                await reader.readline()
                writer.write(b"334 UGFzc3dvcmQ6\r\n")
                await writer.drain()
                await reader.readline()
            elif len(parts) == 2:
                writer.write(b"334 \r\n")
                await writer.drain()
                await reader.readline()
            writer.write(b"235 2.7.0 ok\r\n")
        elif cmd == b"MAIL" and ARGS.relay_domain:
            sender = line.split(b":", 1)[1].split(b">")[0].strip(b" <").decode()
            rcpts = []
            writer.write(b"250 2.1.0 ok\r\n")
        elif cmd == b"RCPT" and ARGS.relay_domain:
            rcpts.append(line.split(b":", 1)[1].split(b">")[0].strip(b" <").decode())
            writer.write(b"250 2.1.5 ok\r\n")
        elif cmd == b"DATA":
            writer.write(b"354 go\r\n")
            await writer.drain()
            lines = []
            while True:
                data = await reader.readline()
                if data in (b".\r\n", b""):
                    break
                if ARGS.relay_domain or LOG:
                    lines.append(data[1:] if data.startswith(b"..") else data)
            reply = b"250 2.0.0 queued\r\n"
            if ARGS.relay_domain or LOG:
                body = b"".join(lines)
                ours = ARGS.relay_domain and any(r.lower().endswith("@" + ARGS.relay_domain) for r in rcpts)
                if ours:
                    try:
                        await asyncio.to_thread(relay, sender, rcpts, body)
                    except (OSError, smtplib.SMTPException):
                        reply = b"451 4.4.1 relay failed\r\n"
                if LOG and reply.startswith(b"250"):
                    LOG.write(f"{'relay' if ours else 'drop'}\t{','.join(rcpts)}\t{message_id(body)}\n")
            if reply.startswith(b"250"):
                count += 1
            writer.write(reply)
        elif cmd == b"QUIT":
            writer.write(b"221 bye\r\n")
            await writer.drain()
            break
        else:
            writer.write(b"250 2.0.0 ok\r\n")
        await writer.drain()
    writer.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--count-file", required=True)
    p.add_argument("--relay-domain")
    p.add_argument("--relay-port", type=int)
    p.add_argument("--log")
    args = p.parse_args()
    global ARGS, LOG
    ARGS = args
    LOG = open(args.log, "a", buffering=1) if args.log else None
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(args.cert, args.key)
    server = await asyncio.start_server(lambda r, w: handle(r, w, ctx), "127.0.0.1", args.port)
    def finish():
        # Write the count and leave at once: open connections must not hold the exit up.
        with open(args.count_file, "w") as f:
            f.write(str(count))
        os._exit(0)

    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, finish)
    async with server:
        await server.serve_forever()


asyncio.run(main())

#!/usr/bin/env python3
"""A loopback SMTP sink for benchmarks: EHLO, STARTTLS, AUTH (any credentials), MAIL,
RCPT, DATA, RSET, NOOP, QUIT. Accepts every message and discards it. Counts messages and
writes the count to --count-file on exit (SIGTERM)."""
import argparse
import asyncio
import os
import signal
import ssl

count = 0


async def handle(reader, writer, ctx):
    global count
    writer.write(b"220 sink ESMTP\r\n")
    tls = False
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
        elif cmd == b"DATA":
            writer.write(b"354 go\r\n")
            await writer.drain()
            while True:
                data = await reader.readline()
                if data in (b".\r\n", b""):
                    break
            count += 1
            writer.write(b"250 2.0.0 queued\r\n")
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
    args = p.parse_args()
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

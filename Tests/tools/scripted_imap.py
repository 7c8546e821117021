#!/usr/bin/env python3
"""A scripted IMAP server on loopback for the tests of the client's response reader: not a
mail server, it only answers what libcurl asks for a SEARCH and says whatever it is told to.

  scripted_imap.py CERT KEY MODE    prints the port it listens on, then serves until killed

MODE `lines`: implicit TLS; `UID SEARCH SIZE n` answers one `* SEARCH` line of n bytes
(UIDs 1, 2, 3, ... up to that length). MODE `cut`: accepts TCP connections and closes each
at once (a TLS handshake cut off, as by a server restarting).
"""
import socket
import ssl
import sys
import threading


def search_line(size):
    parts, length, uid = ["* SEARCH"], len("* SEARCH"), 1
    while length + len(str(uid)) + 1 <= size:
        parts.append(str(uid))
        length += len(str(uid)) + 1
        uid += 1
    return (" ".join(parts) + "\r\n").encode(), uid - 1


def serve(conn):
    f = conn.makefile("rb")
    conn.sendall(b"* OK [CAPABILITY IMAP4rev1] scripted\r\n")
    while True:
        line = f.readline()
        if not line:
            return
        words = line.decode("ascii", "replace").strip().split(" ")
        tag, command = words[0], " ".join(words[1:]).upper()
        if command.startswith("CAPABILITY"):
            conn.sendall(b"* CAPABILITY IMAP4rev1\r\n%s OK done\r\n" % tag.encode())
        elif command.startswith("AUTHENTICATE") or command.startswith("LOGIN"):
            conn.sendall(b"%s OK logged in\r\n" % tag.encode())
        elif command.startswith("SELECT") or command.startswith("EXAMINE"):
            conn.sendall(b"* 1 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 2] ok\r\n%s OK [READ-WRITE] done\r\n" % tag.encode())
        elif command.startswith("UID SEARCH SIZE"):
            body, _ = search_line(int(words[-1]))
            conn.sendall(body + b"%s OK done\r\n" % tag.encode())
        elif command.startswith("LOGOUT"):
            conn.sendall(b"* BYE bye\r\n%s OK done\r\n" % tag.encode())
            return
        else:
            conn.sendall(b"%s BAD not scripted\r\n" % tag.encode())


def main():
    cert, key, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    while True:
        raw, _ = listener.accept()
        if mode == "cut":
            raw.close()
            continue

        def handle(raw=raw):
            try:
                with context.wrap_socket(raw, server_side=True) as conn:
                    serve(conn)
            except (OSError, ssl.SSLError):
                pass

        threading.Thread(target=handle, daemon=True).start()


if __name__ == "__main__":
    main()

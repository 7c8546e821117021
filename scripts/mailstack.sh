#!/usr/bin/env bash
# A private Postfix + Dovecot on loopback for the integration tests.
#
#   scripts/mailstack.sh start   install what is missing, make a throw-away CA and a
#                                localhost certificate, start both servers
#   scripts/mailstack.sh stop    stop both and leave nothing running
#   scripts/mailstack.sh env     print the variables the tests read
#
# Everything lives in $TIGHTROPE_MAILSTACK (default /tmp/tightrope-mailstack), from the
# configuration files in Tests/mailstack/; the system's /etc/postfix and /etc/dovecot are
# never used. Ports (127.0.0.1 only): SMTP 10025, submission 10587 (STARTTLS + AUTH),
# IMAP 10143 (STARTTLS), IMAPS 10993; with TIGHTROPE_MAILSTACK_PORT_OFFSET=N each port plus N
# (a second stack beside the first, with its own TIGHTROPE_MAILSTACK). Mail for @example.test is delivered into Dovecot;
# users are in $STATE/dovecot/users (password: see TIGHTROPE_TEST_PASSWORD below).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
. scripts/lib.sh

STATE=${TIGHTROPE_MAILSTACK:-/tmp/tightrope-mailstack}
OFFSET=${TIGHTROPE_MAILSTACK_PORT_OFFSET:-0}
case "$OFFSET" in ''|*[!0-9]*) echo "mailstack: TIGHTROPE_MAILSTACK_PORT_OFFSET must be a number" >&2; exit 64 ;; esac
SMTP_PORT=$((10025 + OFFSET)) SUBMISSION_PORT=$((10587 + OFFSET)) IMAP_PORT=$((10143 + OFFSET)) IMAPS_PORT=$((10993 + OFFSET))
INSTANCE=tightrope-test$([ "$OFFSET" = 0 ] || echo "-$OFFSET")
PASSWORD=tightrope-test-password

print_env() {
    cat <<ENV
TIGHTROPE_MAILSTACK=$STATE
TIGHTROPE_TEST_CA=$STATE/tls/ca.crt
TIGHTROPE_TEST_SMTP_PORT=$SMTP_PORT
TIGHTROPE_TEST_SUBMISSION_PORT=$SUBMISSION_PORT
TIGHTROPE_TEST_IMAP_PORT=$IMAP_PORT
TIGHTROPE_TEST_IMAPS_PORT=$IMAPS_PORT
TIGHTROPE_TEST_PASSWORD=$PASSWORD
ENV
}

install_packages() {
    if ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q "install ok installed"; then
        echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
        echo "postfix postfix/mailname string localhost" | as_root debconf-set-selections
    fi
    ensure_packages postfix dovecot-core dovecot-imapd dovecot-lmtpd openssl
}

render() {  # render TEMPLATE OUT
    sed -e "s|@STATE@|$STATE|g" -e "s|@SMTP_PORT@|$SMTP_PORT|g" -e "s|@SUBMISSION_PORT@|$SUBMISSION_PORT|g" \
        -e "s|@IMAP_PORT@|$IMAP_PORT|g" -e "s|@IMAPS_PORT@|$IMAPS_PORT|g" -e "s|@INSTANCE@|$INSTANCE|g" "$1" > "$2"
}

make_certificates() {
    local tls=$STATE/tls
    [ -f "$tls/server.crt" ] && return 0
    mkdir -p "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Tightrope Test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$tls/ext.cnf"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 30 \
        -extfile "$tls/ext.cnf" -out "$tls/server.crt" 2>/dev/null
    # A second, unrelated CA: a certificate the clients must refuse.
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Untrusted CA" \
        -keyout "$tls/other-ca.key" -out "$tls/other-ca.crt" 2>/dev/null
    chmod 644 "$tls"/*.crt
    chmod 640 "$tls"/*.key
    chgrp dovecot "$tls/server.key" 2>/dev/null || true
}

make_users() {
    local users=$STATE/dovecot/users
    [ -f "$users" ] && return 0
    {
        for u in practice therapist defer4xx reject5xx alice bob carol dave erin frank grace heidi ivan judy mallory; do
            echo "$u:{PLAIN}$PASSWORD::::::"
        done
        for i in $(seq -w 1 999); do echo "u$i:{PLAIN}$PASSWORD::::::"; done
    } > "$users"
    chown root:dovecot "$users"
    chmod 640 "$users"
}

pid_alive() {  # true if the pid runs and is not a zombie
    local pid=$1
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] && ! awk '{exit ($3 == "Z") ? 0 : 1}' "/proc/$pid/stat"
}

wait_port() {
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "mailstack: port $1 did not open" >&2
    return 1
}

start() {
    install_packages
    mkdir -p "$STATE"/{postfix/queue,postfix/data,dovecot/run,dovecot/state,mail}
    chmod 755 "$STATE" "$STATE"/postfix "$STATE"/dovecot "$STATE"/dovecot/run
    chown mail:mail "$STATE/mail"
    chown postfix "$STATE/postfix/data"
    make_certificates
    make_users
    render "$REPO/Tests/mailstack/main.cf.in" "$STATE/postfix/main.cf"
    render "$REPO/Tests/mailstack/master.cf.in" "$STATE/postfix/master.cf"
    render "$REPO/Tests/mailstack/dovecot.conf.in" "$STATE/dovecot/dovecot.conf"
    touch "$STATE/postfix/recipient_access"
    [ -s "$STATE/postfix/recipient_access" ] || printf '%s\n' \
        "defer4xx@example.test 451 4.7.1 Try again later" \
        "reject5xx@example.test 550 5.1.1 No such user here" > "$STATE/postfix/recipient_access"

    if ! pid_alive "$(cat "$STATE/dovecot/run/master.pid" 2>/dev/null || true)"; then
        dovecot -c "$STATE/dovecot/dovecot.conf" </dev/null >>"$STATE/dovecot/start.log" 2>&1
    fi
    as_root postfix -c "$STATE/postfix" set-permissions >/dev/null 2>&1 || true
    if ! pid_alive "$(head -1 "$STATE/postfix/queue/pid/master.pid" 2>/dev/null | tr -d ' ' || true)"; then
        rm -f "$STATE/postfix/queue/pid/master.pid"
        if ! postfix -c "$STATE/postfix" start </dev/null >>"$STATE/postfix/start.log" 2>&1; then
            script -qc "postfix -c $STATE/postfix check" /dev/null || true
            tail -20 "$STATE/postfix/maillog" >&2 || true
            exit 1
        fi
    fi
    wait_port $SUBMISSION_PORT
    wait_port $SMTP_PORT
    wait_port $IMAP_PORT
    wait_port $IMAPS_PORT
    print_env > "$STATE/env"
    echo "mailstack: running in $STATE" >&2
}

stop() {
    [ -d "$STATE" ] || return 0
    postfix -c "$STATE/postfix" stop </dev/null >/dev/null 2>&1 || true
    doveadm -c "$STATE/dovecot/dovecot.conf" stop </dev/null >/dev/null 2>&1 || true
    # PID 1 may not reap orphans: wait until the masters are gone or zombies.
    for _ in $(seq 1 50); do
        local p d
        p=$(head -1 "$STATE/postfix/queue/pid/master.pid" 2>/dev/null | tr -d ' ' || true)
        d=$(cat "$STATE/dovecot/run/master.pid" 2>/dev/null || true)
        if ! pid_alive "$p" && ! pid_alive "$d"; then break; fi
        sleep 0.1
    done
    rm -f "$STATE/postfix/queue/pid/master.pid" "$STATE/env"
    echo "mailstack: stopped" >&2
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    env) print_env ;;
    *) echo "usage: $0 start|stop|env" >&2; exit 64 ;;
esac

#!/usr/bin/env bash
# Installs Tightrope: a release binary, templates and question bank, the systemd units,
# an example configuration and the place for credentials. Prints the next steps.
#
#   sudo Deploy/install.sh                    # build and install under /usr/local
#   DESTDIR=/tmp/root Deploy/install.sh       # stage into a root (packaging, tests)
#
# PREFIX (default /usr/local) sets where the program goes; TIGHTROPE_BIN installs an
# already built binary instead of building one. Existing configuration is never replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr/local}
BIN=${TIGHTROPE_BIN:-}
if [ -z "$BIN" ]; then
    swift build -c release --product tightrope
    BIN=.build/release/tightrope
fi

install -d -m 0755 "$DESTDIR$PREFIX/bin" "$DESTDIR$PREFIX/share/tightrope/Templates" "$DESTDIR$PREFIX/share/tightrope/seeds" \
    "$DESTDIR$PREFIX/share/tightrope/seeds/replies" "$DESTDIR$PREFIX/share/tightrope/seeds/safety" "$DESTDIR$PREFIX/share/tightrope/seeds/instruments"
install -m 0755 "$BIN" "$DESTDIR$PREFIX/bin/tightrope"
install -m 0644 Templates/*.mustache Templates/therapist_texts.toml "$DESTDIR$PREFIX/share/tightrope/Templates/"
install -m 0644 seeds/questions.toml seeds/questions.*.toml "$DESTDIR$PREFIX/share/tightrope/seeds/"
# Each language: its templates (a partner reads every word in it), and where a therapist may
# read it, the words of the therapist's mail.
for dir in Templates/locales/*/; do
    tag=$(basename "$dir")
    install -d -m 0755 "$DESTDIR$PREFIX/share/tightrope/Templates/locales/$tag"
    install -m 0644 "$dir"*.mustache "$DESTDIR$PREFIX/share/tightrope/Templates/locales/$tag/"
    if [ -f "$dir/therapist_texts.toml" ]; then
        install -m 0644 "$dir/therapist_texts.toml" "$DESTDIR$PREFIX/share/tightrope/Templates/locales/$tag/"
    fi
done
install -m 0644 seeds/safety/*.toml "$DESTDIR$PREFIX/share/tightrope/seeds/safety/"
install -m 0644 seeds/instruments/*.toml "$DESTDIR$PREFIX/share/tightrope/seeds/instruments/"
install -m 0644 seeds/replies/*.eml "$DESTDIR$PREFIX/share/tightrope/seeds/replies/"

install -d -m 0755 "$DESTDIR/etc/systemd/system"
for unit in Deploy/systemd/*.service Deploy/systemd/*.timer; do
    sed "s|/usr/local/bin/tightrope|$PREFIX/bin/tightrope|" "$unit" > "$DESTDIR/etc/systemd/system/$(basename "$unit")"
    chmod 0644 "$DESTDIR/etc/systemd/system/$(basename "$unit")"
done

install -d -m 0755 "$DESTDIR/etc/tightrope"
install -d -m 0700 "$DESTDIR/etc/tightrope/credentials"
# The configuration itself is written by `tightrope init` (below), with the practice's values;
# the commented example stays beside it for reference. An existing configuration is kept.
install -m 0644 Deploy/config.example.toml "$DESTDIR/etc/tightrope/config.example.toml"

if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
fi

cat <<NEXT
Tightrope installed: $PREFIX/bin/tightrope, units in /etc/systemd/system, configuration in /etc/tightrope.
Next steps:
  1. Write the configuration (it asks for the practice, addresses, first therapist, time zone and
     crisis text; or give them as flags, see tightrope init --help), then read it through:
       sudo $PREFIX/bin/tightrope init --config-only --config /etc/tightrope/config.toml
  2. Put the secrets in /etc/tightrope/credentials/ (root only, mode 0600), one per file:
       smtp-password, imap-password, and hmac-key (openssl rand -base64 48 > hmac-key)
  3. Check: sudo systemd-run --wait --pipe -p DynamicUser=yes -p StateDirectory=tightrope \\
       -p LoadCredential=hmac-key:/etc/tightrope/credentials/hmac-key $PREFIX/bin/tightrope init
  4. Add couples (tightrope couple add / roster import) and record consent (tightrope consent).
  5. Start the timers: sudo systemctl enable --now tightrope-send.timer tightrope-poll.timer tightrope-digest.timer
  6. Watch: journalctl -u 'tightrope-*' -f
NEXT

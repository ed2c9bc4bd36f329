#!/bin/sh
# The entrypoint of docker-compose.yml's nats: exports each NATS user's password from the file
# secrets-init wrote (NATS_PASSWORD_<USER> from $SECRETS_DIR/NATS_PASSWORD_<USER>), which
# authorization.conf reads as $NATS_PASSWORD_<USER>, then runs the command it is given
# (nats-server ...). Refuses to start (exit 78) when a file is missing or empty: the server
# would refuse the config anyway, with a less helpful message. POSIX sh: the alpine image's busybox.
set -eu

refuse() {
  printf 'nats-entrypoint: %s\n' "$1" >&2
  exit 78
}

[ "$#" -gt 0 ] || refuse 'no command to run (expected nats-server ...)'
[ -n "${NATS_USERS:-}" ] || refuse 'NATS_USERS names no user'
dir="${SECRETS_DIR:-/run/deelwijs-secrets}"

for user in $(printf '%s' "$NATS_USERS" | tr ',' ' '); do
  name="NATS_PASSWORD_$(printf '%s' "$user" | tr 'a-z-' 'A-Z_')"
  file="$dir/$name"
  [ -r "$file" ] || refuse "$file cannot be read: secrets-init writes it"
  value="$(cat "$file")"
  [ -n "$value" ] || refuse "$file is empty"
  export "$name=$value"
done

exec "$@"

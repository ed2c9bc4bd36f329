#!/bin/sh
# The entrypoint of docker-compose.yml's nats: exports each NATS user's password from the file
# secrets-init wrote (NATS_PASSWORD_<USER> from $SECRETS_DIR/NATS_PASSWORD_<USER>), which
# authorization.conf reads as $NATS_PASSWORD_<USER>, then runs the command it is given
# (nats-server ...). The server parses a variable's value as config, so a password that starts
# with a digit or a minus would be read as a number: each is exported in double quotes, and one
# holding a quote, a backslash or a control character is refused. Refuses to start (exit 78)
# when a file is missing or empty too. POSIX sh: the alpine image's busybox.
set -eu

refuse() {
  printf 'nats-entrypoint: %s\n' "$1" >&2
  exit 78
}

[ "$#" -gt 0 ] || refuse 'no command to run (expected nats-server ...)'
[ -n "${NATS_USERS:-}" ] || refuse 'NATS_USERS names no user'
dir="${SECRETS_DIR:-/run/deelwijs-secrets}"
newline='
'

for user in $(printf '%s' "$NATS_USERS" | tr ',' ' '); do
  name="NATS_PASSWORD_$(printf '%s' "$user" | tr 'a-z-' 'A-Z_')"
  file="$dir/$name"
  [ -r "$file" ] || refuse "$file cannot be read: secrets-init writes it"
  value="$(cat "$file")"
  [ -n "$value" ] || refuse "$file is empty"
  case "$value" in
    *\"* | *\\* | *"$newline"* | *"$(printf '\t')"* | *"$(printf '\r')"*) refuse "$name holds a quote, a backslash or a control character" ;;
  esac
  export "$name=\"$value\""
done

exec "$@"

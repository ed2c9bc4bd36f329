#!/bin/bash
# The entrypoint of docker-compose.yml's keycloak: sets Keycloak's credentials from the files
# secrets-init wrote, then runs the command it is given (/opt/keycloak/bin/kc.sh ...).
#
# For each NAME in CREDENTIALS_FROM_FILES, NAME is exported with the content of the file that
# NAME_FILE names (trailing line breaks dropped), and NAME_FILE is unset (Keycloak reads every
# KC_* variable as an option). Keycloak itself takes KC_BOOTSTRAP_ADMIN_PASSWORD; the realm
# import replaces ${NAME} in infra/keycloak/deelwijs-realm.json with the others.
#
# Refuses to start (exit 78, like the services) when a file is missing or empty: Keycloak
# would leave an unknown ${NAME} in the realm as it is, so the client secret or the demo
# password would be the placeholder text, which anyone can read in this repository. Refuses a
# value with a quote, a backslash or a control character too: the import puts it into the
# JSON text unescaped. Bash builtins only: the Keycloak image has bash but few other tools.
set -euo pipefail

refuse() {
  printf 'keycloak-entrypoint: %s\n' "$1" >&2
  exit 78
}

[[ $# -gt 0 ]] || refuse 'no command to run (expected /opt/keycloak/bin/kc.sh ...)'
[[ -n ${CREDENTIALS_FROM_FILES:-} ]] || refuse 'CREDENTIALS_FROM_FILES names no credential'

for name in ${CREDENTIALS_FROM_FILES//,/ }; do
  [[ $name =~ ^[A-Z_][A-Z0-9_]*$ ]] || refuse "CREDENTIALS_FROM_FILES names \"$name\", which is no variable name"
  file_variable="${name}_FILE"
  file="${!file_variable:-}"
  [[ -n $file ]] || refuse "$file_variable is not set: it names the file that holds $name"
  [[ -r $file ]] || refuse "$file_variable names a file that cannot be read ($file)"
  value="$(<"$file")"
  [[ -n $value ]] || refuse "$file_variable names an empty file ($file)"
  if [[ $value == *[\"\\]* || $value =~ [[:cntrl:]] ]]; then
    refuse "$name holds a quote, a backslash or a control character, which the realm import cannot take"
  fi
  export "$name=$value"
  unset "$file_variable"
done

exec "$@"

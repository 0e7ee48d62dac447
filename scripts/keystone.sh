#!/usr/bin/env bash
# Runs a real Keystone (Debian's packages) on loopback for tests and local development.
#
#   bash scripts/keystone.sh start    install if missing, configure, bootstrap, serve, provision; idempotent
#   bash scripts/keystone.sh stop     stop the uwsgi started by `start` (by its PID file)
#   bash scripts/keystone.sh status   "running" (exit 0) or "stopped" (exit 3)
#   bash scripts/keystone.sh env      shell exports for tests and humans: eval "$(bash scripts/keystone.sh env)"
#
# Environment:
#   CONVECTION_KEYSTONE_DIR                 state folder (default /tmp/convection-keystone)
#   CONVECTION_KEYSTONE_PORT                port on 127.0.0.1 (default 5000)
#   CONVECTION_KEYSTONE_TOKEN_EXPIRATION    token lifetime in seconds (default 3600)
#   CONVECTION_KEYSTONE_ADMIN_PASSWORD      admin password (default: generated once, kept in the state folder)
#   CONVECTION_API_PORT                     port of the workflowv2 endpoint in the catalog (default 8989)
#   CONVECTION_KEYSTONE_PROVISION           0 = only bootstrap (admin user/project), for throwaway instances
#
# Users (domain Default): admin (admin on project admin), demo-member (member on demo), demo-reader
# (reader on demo), other-member (member on other), both-member (member on demo and other, for project
# switching), convection (admin on service; the API's service user).
# Their passwords live only in <state>/secrets.env (mode 600); `env` prints them.
set -euo pipefail

STATE=${CONVECTION_KEYSTONE_DIR:-/tmp/convection-keystone}
PORT=${CONVECTION_KEYSTONE_PORT:-5000}
API_PORT=${CONVECTION_API_PORT:-8989}
EXPIRATION=${CONVECTION_KEYSTONE_TOKEN_EXPIRATION:-3600}
HOST=127.0.0.1
AUTH_URL="http://${HOST}:${PORT}/v3"
WORKFLOW_URL="http://${HOST}:${API_PORT}/v2"

CONF="$STATE/keystone.conf"
PIDFILE="$STATE/uwsgi.pid"
LOG="$STATE/uwsgi.log"
SECRETS="$STATE/secrets.env"

# The first python3 on PATH is a pyenv interpreter that cannot import Debian's OpenStack libraries.
export PATH="/usr/bin:/usr/sbin:/bin:/sbin:$PATH"

log() { printf 'keystone.sh %(%H:%M:%S)T: %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

for v in PORT API_PORT EXPIRATION; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done

is_running() {
  [[ -f $PIDFILE ]] || return 1
  local pid
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

http_ready() {
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$AUTH_URL" 2>/dev/null) == 200 ]]
}

install_packages() {
  local pkgs=(keystone uwsgi-core uwsgi-plugin-python3 python3-openstackclient python3-mistralclient)
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing ${missing[*]} (first run takes a few minutes)"
  # No init system here: package scripts must not try to start keystone or uwsgi.
  if [[ ! -x /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
  fi
  # Without these the keystone postinst configures a database and bootstraps a system-wide admin.
  debconf-set-selections <<'EOF'
keystone keystone/configure_db boolean false
keystone keystone/create-admin-tenant boolean false
keystone keystone/register-endpoint boolean false
EOF
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -o DPkg::Lock::Timeout=300)
  if ! apt-cache show keystone >/dev/null 2>&1 || [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1) ]]; then
    "${apt[@]}" update -qq
  fi
  if ! "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >"$STATE/apt.log" 2>&1; then
    # Stale lists give 404s on package downloads; one refresh is the usual cure.
    "${apt[@]}" update -qq
    "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >"$STATE/apt.log" 2>&1 \
      || { tail -n 30 "$STATE/apt.log" >&2; die "apt-get install failed (see $STATE/apt.log)"; }
  fi
}

gen_password() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }

SECRET_KEYS=(ADMIN_PASSWORD DEMO_MEMBER_PASSWORD DEMO_READER_PASSWORD OTHER_MEMBER_PASSWORD BOTH_MEMBER_PASSWORD SERVICE_PASSWORD)

ensure_secrets() {
  local old_umask key
  old_umask=$(umask)
  umask 077
  touch "$SECRETS"
  chmod 600 "$SECRETS"
  # shellcheck disable=SC1090
  source "$SECRETS"
  # Keys are added one by one so a state folder from an older version of this script keeps its passwords.
  for key in "${SECRET_KEYS[@]}"; do
    if [[ -z ${!key:-} ]]; then
      if [[ $key == ADMIN_PASSWORD && -n ${CONVECTION_KEYSTONE_ADMIN_PASSWORD:-} ]]; then
        printf -v "$key" '%s' "$CONVECTION_KEYSTONE_ADMIN_PASSWORD"
      else
        printf -v "$key" '%s' "$(gen_password)"
      fi
      printf '%s=%q\n' "$key" "${!key}" >>"$SECRETS"
    fi
  done
  if [[ -n ${CONVECTION_KEYSTONE_ADMIN_PASSWORD:-} && $CONVECTION_KEYSTONE_ADMIN_PASSWORD != "$ADMIN_PASSWORD" ]]; then
    log "CONVECTION_KEYSTONE_ADMIN_PASSWORD differs from the one this state folder was bootstrapped with; using the stored one"
  fi
  umask "$old_umask"
}

write_conf() {
  local tmp="$CONF.tmp"
  cat >"$tmp" <<EOF
[DEFAULT]
use_stderr = true
[database]
connection = sqlite:///$STATE/keystone.db
[fernet_tokens]
key_repository = $STATE/fernet-keys
[credential]
key_repository = $STATE/credential-keys
[token]
expiration = $EXPIRATION
EOF
  if [[ -f $CONF ]] && cmp -s "$tmp" "$CONF"; then rm -f "$tmp"; return 1; fi
  mv "$tmp" "$CONF"
  return 0
}

bootstrap() {
  # The marker holds the identity URL registered in the catalog: a new port means bootstrapping again
  # (idempotent), or clients that follow the catalog (the openstack CLI) would call the old port.
  [[ -f $STATE/.bootstrapped && $(<"$STATE/.bootstrapped") == "$AUTH_URL" ]] && return 0
  local km=(/usr/bin/keystone-manage --config-file "$CONF")
  if [[ ! -f $STATE/.keys ]]; then
    log "creating database and keys in $STATE"
    mkdir -p -m 700 "$STATE/fernet-keys" "$STATE/credential-keys"
    # keystone-manage prints a harmless AttributeError at exit; its exit status is what counts.
    "${km[@]}" db_sync >>"$STATE/manage.log" 2>&1 || die "db_sync failed (see $STATE/manage.log)"
    "${km[@]}" fernet_setup --keystone-user root --keystone-group root >>"$STATE/manage.log" 2>&1 \
      || die "fernet_setup failed (see $STATE/manage.log)"
    "${km[@]}" credential_setup --keystone-user root --keystone-group root >>"$STATE/manage.log" 2>&1 \
      || die "credential_setup failed (see $STATE/manage.log)"
    touch "$STATE/.keys"
  fi
  log "bootstrapping admin and the identity endpoint $AUTH_URL"
  # The password goes through the environment so it shows neither in argv nor in the log.
  OS_BOOTSTRAP_PASSWORD="$ADMIN_PASSWORD" "${km[@]}" bootstrap \
    --bootstrap-admin-url "$AUTH_URL" --bootstrap-public-url "$AUTH_URL" \
    --bootstrap-internal-url "$AUTH_URL" --bootstrap-region-id RegionOne >>"$STATE/manage.log" 2>&1 \
    || die "bootstrap failed (see $STATE/manage.log)"
  printf '%s' "$AUTH_URL" >"$STATE/.bootstrapped"
}

serve() {
  # Keystone leaves read transactions open between requests; in SQLite's default rollback journal that
  # blocks every write from the other worker ("database is locked" → 500). WAL lets readers and a writer
  # coexist. The mode is stored in the file, so this is a no-op after the first start.
  [[ $(/usr/bin/sqlite3 "$STATE/keystone.db" 'PRAGMA journal_mode=WAL;') == wal ]] \
    || die "could not switch $STATE/keystone.db to WAL"
  log "starting uwsgi on $HOST:$PORT"
  : >"$LOG"
  # fd 9 holds the start lock; uwsgi must not inherit it or the lock lives as long as the server.
  setsid /usr/bin/uwsgi --http-socket "$HOST:$PORT" --plugin python3 \
    --wsgi-file /usr/bin/keystone-wsgi-public --env "OS_KEYSTONE_CONFIG_FILES=$CONF" \
    --processes 2 --master --die-on-term --lazy-apps \
    --add-header 'Connection: close' --pidfile "$PIDFILE" \
    </dev/null >>"$LOG" 2>&1 9>&- &
  local launcher=$!
  printf '%s' "$HOST:$PORT" >"$STATE/uwsgi.addr"
  for _ in $(seq 1 120); do
    if http_ready; then return 0; fi
    if ! kill -0 "$launcher" 2>/dev/null; then
      tail -n 30 "$LOG" >&2
      die "uwsgi exited during startup (see $LOG)"
    fi
    sleep 0.5
  done
  tail -n 30 "$LOG" >&2
  die "keystone did not answer GET $AUTH_URL within 60 s (see $LOG)"
}

stop_server() {
  if ! is_running; then rm -f "$PIDFILE"; return 0; fi
  local pid
  pid=$(<"$PIDFILE")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$PIDFILE"
}

os() {
  OS_AUTH_URL="$AUTH_URL" OS_IDENTITY_API_VERSION=3 OS_USERNAME=admin OS_PASSWORD="$ADMIN_PASSWORD" \
    OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_INTERFACE=public \
    /usr/bin/openstack "$@"
}

provision() {
  [[ ${CONVECTION_KEYSTONE_PROVISION:-1} == 0 ]] && return 0
  # Re-run whenever what it creates depends on changed inputs (the catalog URL).
  local want="v2 $WORKFLOW_URL"
  [[ -f $STATE/.provisioned && $(<"$STATE/.provisioned") == "$want" ]] && return 0
  log "creating projects, users, roles and the workflowv2 catalog entry"
  local out="$STATE/provision.log"
  : >"$out"
  {
    for p in demo other service; do os project create --domain Default --or-show "$p" -f value -c id; done
    os user create --domain Default --password "$DEMO_MEMBER_PASSWORD" --or-show demo-member -f value -c id
    os user create --domain Default --password "$DEMO_READER_PASSWORD" --or-show demo-reader -f value -c id
    os user create --domain Default --password "$OTHER_MEMBER_PASSWORD" --or-show other-member -f value -c id
    os user create --domain Default --password "$BOTH_MEMBER_PASSWORD" --or-show both-member -f value -c id
    os user create --domain Default --password "$SERVICE_PASSWORD" --or-show convection -f value -c id
    os role add --project demo --user demo-member member
    os role add --project demo --user demo-reader reader
    os role add --project other --user other-member member
    os role add --project demo --user both-member member
    os role add --project other --user both-member member
    os role add --project service --user convection admin
    if ! os service show convection -f value -c id; then
      os service create --name convection --description 'Convection workflow service' workflowv2 -f value -c id
    fi
    local iface url
    for iface in public internal admin; do
      url=$(os endpoint list --service convection --interface "$iface" --region RegionOne -f value -c URL)
      if [[ $url != "$WORKFLOW_URL" ]]; then
        local id
        for id in $(os endpoint list --service convection --interface "$iface" --region RegionOne -f value -c ID); do
          os endpoint delete "$id"
        done
        os endpoint create --region RegionOne convection "$iface" "$WORKFLOW_URL" -f value -c id
      fi
    done
  } >>"$out" 2>&1 || { tail -n 30 "$out" >&2; die "provisioning failed (see $out)"; }
  printf '%s' "$want" >"$STATE/.provisioned"
}

print_env() {
  [[ -f $SECRETS ]] || die "no secrets in $STATE yet: run 'bash scripts/keystone.sh start' first"
  # shellcheck disable=SC1090
  source "$SECRETS"
  q() { printf 'export %s=%q\n' "$1" "$2"; }
  q OS_AUTH_URL "$AUTH_URL"
  q OS_IDENTITY_API_VERSION 3
  q OS_USER_DOMAIN_NAME Default
  q OS_PROJECT_DOMAIN_NAME Default
  q OS_REGION_NAME RegionOne
  q CONVECTION_KEYSTONE_DIR "$STATE"
  q CONVECTION_KEYSTONE_ADMIN_USERNAME admin
  q CONVECTION_KEYSTONE_ADMIN_PROJECT admin
  q CONVECTION_KEYSTONE_ADMIN_PASSWORD "$ADMIN_PASSWORD"
  q CONVECTION_KEYSTONE_DEMO_MEMBER_PASSWORD "$DEMO_MEMBER_PASSWORD"
  q CONVECTION_KEYSTONE_DEMO_READER_PASSWORD "$DEMO_READER_PASSWORD"
  q CONVECTION_KEYSTONE_OTHER_MEMBER_PASSWORD "$OTHER_MEMBER_PASSWORD"
  q CONVECTION_KEYSTONE_BOTH_MEMBER_PASSWORD "$BOTH_MEMBER_PASSWORD"
  q CONVECTION_SERVICE_USERNAME convection
  q CONVECTION_SERVICE_PASSWORD "$SERVICE_PASSWORD"
  q CONVECTION_SERVICE_PROJECT_NAME service
  q CONVECTION_SERVICE_DOMAIN_NAME Default
}

cmd_start() {
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  # Parallel test workers all call `start`; one does the work, the others wait and find it running.
  exec 9>"$STATE/.lock"
  flock -w 900 9 || die "timed out waiting for another keystone.sh in $STATE"
  install_packages
  ensure_secrets
  local conf_changed=0
  if write_conf; then conf_changed=1; fi
  bootstrap
  if is_running && { [[ $conf_changed -eq 1 ]] || [[ $(cat "$STATE/uwsgi.addr" 2>/dev/null) != "$HOST:$PORT" ]]; }; then
    log "configuration or port changed; restarting"
    stop_server
  fi
  if is_running; then
    http_ready || die "uwsgi (pid $(<"$PIDFILE")) runs but $AUTH_URL does not answer 200 (see $LOG)"
  else
    if http_ready; then die "something else already answers on $HOST:$PORT; set CONVECTION_KEYSTONE_PORT"; fi
    serve
  fi
  provision
  echo "keystone ok: $AUTH_URL (state $STATE)"
}

cmd_stop() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 120 9 || die "timed out waiting for another keystone.sh in $STATE"
  stop_server
  echo "keystone stopped"
}

cmd_status() {
  local addr
  addr=$(cat "$STATE/uwsgi.addr" 2>/dev/null || echo "$HOST:$PORT")
  if is_running && [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$addr/v3") == 200 ]]; then
    echo "running: http://$addr/v3 (pid $(<"$PIDFILE"), state $STATE)"
  else
    echo "stopped (state $STATE)"
    exit 3
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac

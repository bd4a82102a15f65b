#!/usr/bin/env bash
# Runs every HealthMesh test against real servers and ends with the line "N passed, N failed, N skipped".
#
# Servers, in this order: an address already in the environment (HEALTHMESH_TEST_RABBITMQ = amqp URI,
# HEALTHMESH_TEST_POSTGRESQL = Npgsql connection string); else Testcontainers, when a Docker engine answers;
# else Debian's rabbitmq-server and postgresql, installed (apt-get, as root or with sudo) and started when missing.
# Debian's chromium is installed too when missing, for the browser tests.
set -uo pipefail
cd "$(dirname "$0")/.."

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "tests/run.sh: needs root (or sudo) for: $*" >&2; return 1
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

docker_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

ensure_rabbitmq() {
  if [ -n "${HEALTHMESH_TEST_RABBITMQ:-}" ]; then echo "RabbitMQ: $HEALTHMESH_TEST_RABBITMQ (from the environment)"; return; fi
  if docker_answers; then echo "RabbitMQ: Testcontainers"; return; fi
  command -v rabbitmq-server >/dev/null 2>&1 || { echo "RabbitMQ: installing Debian's rabbitmq-server"; apt_install rabbitmq-server; }
  if ! as_root rabbitmqctl -q status >/dev/null 2>&1; then
    echo "RabbitMQ: starting rabbitmq-server"
    as_root rabbitmq-server -detached
    as_root timeout 120 rabbitmqctl -q await_startup
  fi
  export HEALTHMESH_TEST_RABBITMQ="amqp://guest:guest@localhost:5672/"
  # Reliability tests restart the broker through this command.
  export HEALTHMESH_TEST_RABBITMQCTL="rabbitmqctl"
  echo "RabbitMQ: $HEALTHMESH_TEST_RABBITMQ"
}

ensure_postgresql() {
  if [ -n "${HEALTHMESH_TEST_POSTGRESQL:-}" ]; then echo "PostgreSQL: from the environment"; return; fi
  if docker_answers; then echo "PostgreSQL: Testcontainers"; return; fi
  command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
    || { echo "PostgreSQL: installing Debian's postgresql"; apt_install postgresql; }
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  as_root pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main" || as_root pg_createcluster "$version" main >/dev/null
  as_root pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do pg_isready -q -h localhost && break; sleep 1; done
  as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='healthmesh'\"" | grep -q 1 \
    || as_root su postgres -c "psql -qc \"CREATE ROLE healthmesh LOGIN SUPERUSER PASSWORD 'healthmesh'\""
  export HEALTHMESH_TEST_POSTGRESQL="Host=localhost;Username=healthmesh;Password=healthmesh;Database=postgres"
  echo "PostgreSQL $version: localhost:5432"
}

# Browser tests drive Debian's Chromium through Playwright (its own browser download cannot work offline).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then echo "Chromium: /usr/bin/chromium"; return; fi
  echo "Chromium: installing Debian's chromium"
  apt_install chromium
}

# The deployment tests validate docker-compose.yml with a real compose parser (config needs no Docker engine).
ensure_docker_compose() {
  if command -v docker-compose >/dev/null 2>&1; then echo "docker-compose: $(command -v docker-compose)"; return; fi
  echo "docker-compose: installing Debian's docker-compose"
  apt_install docker-compose
}

ensure_rabbitmq
ensure_postgresql
ensure_chromium
ensure_docker_compose

echo "Building (Release)…"
if ! dotnet build HealthMesh.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "Build failed."
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

projects=$(find tests -name '*Tests.csproj' | sort)
aborted=0
for project in $projects; do
  name=$(basename "$project" .csproj)
  echo "── $name"
  if ! dotnet test "$project" -c Release --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results" --blame-hang-timeout 10m; then
    [ -f "$results/$name.trx" ] || { echo "   $name: the test run aborted before reporting results"; aborted=$((aborted + 1)); }
  fi
done

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { local v; v=$(echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"); echo "${v:-0}"; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done
skipped=$((total - passed - failed))
# A test project whose run died without a report counts as one failure, so a crash can never read as green.
failed=$((failed + aborted))

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]

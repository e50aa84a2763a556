# Shared helpers for the project's scripts. Source it; do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OPENSEARCH_VERSION="${OPENSEARCH_VERSION:-3.6.0}"

# Where downloaded distributions, local data and the development key live: never inside the repo.
# As root the state lives under /var/lib, because OpenSearch runs as an unprivileged user
# that cannot enter /root.
if [ -z "${EVENT_SEARCH_HOME:-}" ]; then
  if [ "$(id -u)" = 0 ]; then EVENT_SEARCH_HOME=/var/lib/event-search; else EVENT_SEARCH_HOME="$HOME/.cache/event-search"; fi
fi
export EVENT_SEARCH_HOME

die() { echo "error: $*" >&2; exit 1; }
info() { echo "$*" >&2; }

java_major() { # prints the major version of the java binary in $1
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# Finds a JDK 21 or newer and exports JAVA_HOME for it (Helidon 4 and OpenSearch 3 need 21+).
find_jdk() {
  local candidates=() home
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do candidates+=("$home"); done
  local best="" best_version=0 version
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    version="$(java_major "$home/bin/java")"
    [[ "$version" =~ ^[0-9]+$ ]] || continue
    if [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then best="$home"; best_version="$version"; fi
  done
  [ -n "$best" ] || die "no JDK 21 or newer found (looked at JAVA_HOME, the java on PATH and /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, and set JAVA_HOME."
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

require_maven() {
  command -v mvn >/dev/null 2>&1 || die "Maven is not installed: install Maven 3.8+ (e.g. 'apt-get install maven')."
}

# Builds the service jar (tests are run by scripts/test, not here).
build_service() {
  require_maven
  info "building the service (mvn package)..."
  (cd "$ROOT" && mvn -q -B -Dstyle.color=never -DskipTests package) || die "the build failed"
}

# The development JWK set used by scripts/run and scripts/token; created on first use, outside git.
dev_jwk_path() { echo "$EVENT_SEARCH_HOME/dev-jwk.json"; }

ensure_dev_jwk() {
  local path; path="$(dev_jwk_path)"
  if [ ! -s "$path" ]; then
    mkdir -p "$(dirname "$path")"
    local secret
    secret="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    (umask 077; printf '{"keys":[{"kty":"oct","kid":"event-search-dev","alg":"HS256","use":"sig","k":"%s"}]}\n' "$secret" > "$path")
    info "created a development signing key at $path"
  fi
  echo "$path"
}

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

# The service's JVM options as scripts/run gives them (the benchmarks too): a fixed heap, SERVICE_HEAP (1g),
# touched once at start. A heap that grows and shrinks has the kernel zero every page it takes back; on these
# machines that cost ingest 6 to 9% of its CPU (BENCHMARKS.md). JAVA_OPTS comes after, and wins.
service_jvm_options() {
  local heap="${SERVICE_HEAP:-1g}"
  [[ "$heap" =~ ^[0-9]+[mMgG]$ ]] || die "SERVICE_HEAP must be a size such as 1g or 768m, not '$heap'"
  echo "-Xms$heap -Xmx$heap -XX:+AlwaysPreTouch ${JAVA_OPTS:-}"
}

require_maven() {
  command -v mvn >/dev/null 2>&1 || die "Maven is not installed: install Maven 3.8+ (e.g. 'apt-get install maven')."
}

# Builds what the explorer page (/ui/) takes from the npm registry: its world map's country shapes, into
# target/generated-resources/ui, which Maven packs beside the page. Needs Node.js and npm (on these machines); the
# packages are pinned by src/main/ui/package-lock.json and installed again only when it changes.
build_ui() {
  local ui="$ROOT/src/main/ui" out="$ROOT/target/generated-resources/ui"
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || die "Node.js and npm are needed to build the explorer page's map (e.g. 'apt-get install nodejs npm')"
  if [ ! -f "$ui/node_modules/.package-lock.json" ] || [ "$ui/package-lock.json" -nt "$ui/node_modules/.package-lock.json" ]; then
    info "installing the explorer's build inputs (npm ci)..."
    (cd "$ui" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in $ui"
  fi
  if [ ! -f "$out/countries.json" ] || [ "$ui/build.mjs" -nt "$out/countries.json" ] \
      || [ "$ui/package-lock.json" -nt "$out/countries.json" ]; then
    node "$ui/build.mjs" "$out" >&2 || die "building the explorer's map failed"
  fi
}

# The explorer's end-to-end test drives Debian's Chromium through ChromeDriver (CHROMIUM and CHROMEDRIVER name other
# binaries); they are installed when missing, as OpenSearch is, never skipped.
ensure_browser() {
  local browser="${CHROMIUM:-/usr/bin/chromium}" driver="${CHROMEDRIVER:-/usr/bin/chromedriver}"
  if [ -x "$browser" ] && [ -x "$driver" ]; then return; fi
  command -v apt-get >/dev/null 2>&1 || die "the explorer's browser test needs Chromium and ChromeDriver: install them and set CHROMIUM and CHROMEDRIVER"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  info "installing Chromium and ChromeDriver for the explorer's browser test (apt-get install chromium chromium-driver)..."
  if ! $sudo apt-get install -y -q chromium chromium-driver >&2; then
    $sudo apt-get update -q >&2 && $sudo apt-get install -y -q chromium chromium-driver >&2 \
      || die "could not install Chromium: run 'apt-get install chromium chromium-driver' as root"
  fi
}

# Builds the service jar (tests are run by scripts/test, not here).
build_service() {
  require_maven
  build_ui
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

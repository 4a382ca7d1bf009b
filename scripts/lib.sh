# SPDX-License-Identifier: GPL-2.0
# Common settings for the build and test scripts. Source it, do not run it.
#
# Layout of what is generated (all of it ignored by git):
#   build/linux-source-6.12/   kernel tree: Debian's source + overlay + patches
#   build/<flavour>/           per-flavour outputs (Image, initramfs, logs)
# ccache lives outside the clone, in $RVIC_CACHE, so that a fresh clone (CI)
# rebuilds from the cache.

RVIC_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RVIC_BUILD=${RVIC_BUILD:-$RVIC_REPO/build}
RVIC_CACHE=${RVIC_CACHE:-/var/cache/rvic}
KSRC=$RVIC_BUILD/linux-source-6.12
KTARBALL=/usr/src/linux-source-6.12.tar.xz
# The base kernel: Debian's linux-source-6.12 at exactly the version of
# patches/base-version (the only place that names it).
KBASE_PKG=linux-source-6.12
KBASE_VERSION=$(grep -v '^\s*#' "$RVIC_REPO/patches/base-version" | grep -m1 -v '^\s*$' | tr -d ' \t')

export ARCH=arm64
export CROSS_COMPILE=aarch64-linux-gnu-
export CCACHE_DIR=$RVIC_CACHE/ccache
export CCACHE_BASEDIR=$RVIC_BUILD
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_NOHASHDIR=1

# Make variables every kernel make invocation gets: the compiler goes
# through ccache, and the tree is built in place (paths on the command line
# stay relative, so the cache hits from any clone).
KMAKE_VARS=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
	    "CC=ccache aarch64-linux-gnu-gcc" "HOSTCC=ccache gcc")

kmake() {
	make -C "$KSRC" -j"$(nproc)" "${KMAKE_VARS[@]}" "$@"
}

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The installed version of the base package, or nothing.
kbase_installed() {
	dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$KBASE_PKG" 2>/dev/null |
		awk '$1 ~ /^.i/ { print $2 }'
}

# Record "<label> <seconds>" timings in a file the runner prints at the end.
timed() {
	local label=$1; shift
	local t0=$SECONDS rc=0
	"$@" || rc=$?
	echo "$label $((SECONDS - t0))" >> "$RVIC_BUILD/timings"
	return $rc
}

# Serialise builds of the shared tree and outputs (two at once would
# corrupt them): take an exclusive lock, released when the script exits.
build_lock() {
	mkdir -p "$RVIC_BUILD"
	exec 9> "$RVIC_BUILD/.build.lock"
	flock 9
}

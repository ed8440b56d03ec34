# Shared by jstap's labs (sourced, not run): packages, the download cache, the failing disk.

lab_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

lab_say() { echo "lab: $*" >&2; }
lab_fail() { echo "lab: $*" >&2; exit 1; }

# The cache for downloads and builds (guest kernel, initramfs), kept between runs.
lab_cache() {
  local dir=${JSTAP_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jstap/labs}
  mkdir -p "$dir" && echo "$dir"
}

# Installs missing Debian packages (as root), without recommends.
lab_require_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || lab_fail "missing packages ${missing[*]}: install them (apt-get install --no-install-recommends ${missing[*]})"
  lab_say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null 2>&1
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  } || lab_fail "apt-get install ${missing[*]} failed"
}

# An errno as a number: 5, -5 or a name (EIO).
lab_errno() {
  case "$1" in
    -[0-9]*) echo "${1#-}" ;;
    [0-9]*) echo "$1" ;;
    *) /usr/bin/python3 -c 'import errno, sys; print(getattr(errno, sys.argv[1].upper()))' "$1" 2>/dev/null \
         || lab_fail "unknown errno '$1'" ;;
  esac
}

# Mounts the failing disk (failing-disk.py) on DIR/mnt: an in-memory disk.img of SIZE bytes
# whose OP (read, write, both) fails with ERRNO over [OFFSET, OFFSET + LENGTH). Sets FUSE_PID.
lab_mount_failing_disk() {
  local dir=$1 size=$2 offset=$3 length=$4 err=$5 op=$6
  lab_require_packages python3-fusepy
  mkdir -p "$dir/mnt"
  # Debian's python3 (the one on PATH may be another that cannot see Debian's modules)
  /usr/bin/python3 "$lab_dir/failing-disk.py" "$dir/mnt" "$size" "$offset" "$length" "$err" "$op" \
      >"$dir/fuse.log" 2>&1 &
  FUSE_PID=$!
  local i
  for i in $(seq 100); do
    [ -f "$dir/mnt/disk.img" ] && return 0
    kill -0 "$FUSE_PID" 2>/dev/null || break
    sleep 0.05
  done
  cat "$dir/fuse.log" >&2
  lab_fail "the failing disk did not mount on $dir/mnt"
}

lab_unmount_failing_disk() {
  local dir=$1
  if mountpoint -q "$dir/mnt" 2>/dev/null; then
    umount "$dir/mnt" 2>/dev/null || umount -l "$dir/mnt"
  fi
  if [ -n "${FUSE_PID:-}" ]; then
    local i
    for i in $(seq 40); do kill -0 "$FUSE_PID" 2>/dev/null || break; sleep 0.05; done
    kill "$FUSE_PID" 2>/dev/null || true
    wait "$FUSE_PID" 2>/dev/null || true
    FUSE_PID=
  fi
}

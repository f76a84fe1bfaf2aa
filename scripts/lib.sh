# Shared by the scripts in this folder: finds a JDK >= 25 and exports it for Maven.
# Sourced, not run. Order: JAVA_HOME if it is 25 or later, then /usr/lib/jvm/*25* and newer.
# The version comes from the JDK's release file, which costs no process; a JDK without one is
# asked with `java -XshowSettings` (some 50 ms). Also defines the AOT cache's key (ariel_aot_*).

ariel_root="${BASH_SOURCE[0]%/*}"
[ "$ariel_root" = "${BASH_SOURCE[0]}" ] && ariel_root=.
ariel_root="$(cd -P "$ariel_root/.." && pwd)"

ariel_java_major() { # prints the major version of the JDK whose java binary is $1, or nothing
  local home="${1%/bin/java}" key value
  if [ -r "$home/release" ]; then
    while IFS='=' read -r key value; do
      if [ "$key" = JAVA_VERSION ]; then
        value="${value//\"/}"
        value="${value%%[!0-9]*}"
        # "1.8.0_452" is Java 8; it is older than 25 either way.
        [ -n "$value" ] && echo "$value" && return 0
      fi
    done <"$home/release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

ariel_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major="$(ariel_java_major "$JAVA_HOME/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/*3[0-9]*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(ariel_java_major "$candidate/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "ariel: no JDK 25 or later found. Set JAVA_HOME to one (looked at \$JAVA_HOME and /usr/lib/jvm/*25*)." >&2
  return 1
}

# --- The AOT cache (JDK 25, JEP 483/514/515), built by scripts/ariel-aot, used by scripts/ariel.
# It lives in ${ARIEL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ariel}/aot/ as KEY.aot, with KEY.ok written after
# the cache was built and checked (see ariel_aot_trusted). KEY hashes what the cache depends on: the JDK (path and
# release), the jars' paths, sizes and times (to the nanosecond: the JVM's own check uses seconds), and the native-config files (recipe and flags).
# The JVM checks the jars itself and ignores a cache that does not match them.

ariel_aot_dir() { # sets ariel_aot_dir to the cache folder, or fails if there is no absolute one
  # The same root as the compiled-code cache (CodeCache.arielCacheRoot): $ARIEL_CACHE_DIR, else
  # $XDG_CACHE_HOME/ariel, else ~/.cache/ariel.
  case "${ARIEL_CACHE_DIR:-}" in /*) ariel_aot_dir="$ARIEL_CACHE_DIR/aot"; return 0 ;; esac
  local base="${XDG_CACHE_HOME:-}"
  case "$base" in /*) ;; *) case "${HOME:-}" in /*) base="$HOME/.cache" ;; *) return 1 ;; esac ;; esac
  ariel_aot_dir="$base/ariel/aot"
}

ariel_aot_stats() { # prints what the AOT cache's key hashes: the JDK's, the jars' and native-config's names, sizes and times
  stat -L -c '%n %s %.9Y' "$JAVA_HOME/release" "$JAVA_HOME/lib/modules" "$JAVA_HOME/lib/server/libjvm.so" \
    "$ariel_root/target/ariel.jar" "$ariel_root"/target/lib/*.jar "$ariel_root"/native-config/* 2>/dev/null || true
}

ariel_aot_key() { # sets ariel_aot_key to the cache key of the current jars, JDK and native-config
  local sum
  sum="$(ariel_aot_stats | cksum)" || true
  ariel_aot_key="${sum// /-}"
}

# KEY.ok records the size and CRC-32 (cksum) of KEY.aot as ariel-aot left it, in a line
# "aot SIZE CRC", after a line "seen CRC INODE CTIME" (see ariel_aot_record). The JVM maps a cache without
# checking its contents (-XX:+VerifySharedSpaces would, for 16 ms a start at 23 MB), and a damaged
# one crashes it, so the launcher checks first: cksum reads 23 MB in about 6 ms (coreutils 9 uses
# carry-less multiply), skipped while the change time says nothing wrote the file. CRC-32 catches every burst of
# up to 32 flipped bits and all but 2^-32 of other damage (disk errors, a partial copy, a stray
# write, truncation); it does not stop someone who can write the cache folder on purpose, but
# such a person can as well replace KEY.ok or the jars.
ariel_aot_max_bytes=1073741824 # no cache of ours comes near 1 GiB; a larger file is not one

ariel_aot_record() { # prints KEY.ok's check lines for the cache file $1, in its final place
  local crc seen
  crc="$(cksum <"$1")" || return 1
  seen="$(stat -c '%i %z' -- "$1")" || return 1
  # The inode and change time the file had when its CRC was taken. The kernel sets the change
  # time on every write, truncation, chmod or rename, and no tool can set it back, so while both
  # still match, the bytes are the ones that were checked and the launcher skips the CRC (about
  # 10 ms of a 23 MB cache at every start); any other file is checked whole. The line repeats the
  # CRC, and the shortcut needs both copies equal, so damage to either line of the marker costs a
  # full check, which a damaged "aot" line fails.
  echo "seen ${crc%% *} $seen"
  echo "aot ${crc#* } ${crc%% *}"
}

ariel_aot_trusted() { # succeeds if $1.aot is the regular file, of the size and CRC, that $1.ok records
  local ok="$1.ok" aot="$1.aot" stats ok_size aot_stat word rest want="" seen="" crc
  # Type before opening: a FIFO would block the read, a device or a link to one would feed it
  # without end, and a directory is no cache. Links are refused: ariel-aot writes none.
  [ -f "$ok" ] && ! [ -L "$ok" ] && [ -f "$aot" ] && ! [ -L "$aot" ] || return 1
  stats="$(stat -c '%s %i %z' -- "$ok" "$aot" 2>/dev/null)" || return 1
  ok_size="${stats%%$'\n'*}" ok_size="${ok_size%% *}" aot_stat="${stats#*$'\n'}"
  [ "$ok_size" -le 4096 ] && [ "${aot_stat%% *}" -le "$ariel_aot_max_bytes" ] || return 1
  while read -r word rest; do
    case "$word" in aot) want="$rest" ;; seen) seen="$rest" ;; esac
  done <"$ok"
  # The size first: a truncated or grown file is refused without reading it.
  [ -n "$want" ] && [ "${want% *}" = "${aot_stat%% *}" ] || return 1
  # Unchanged since its CRC was taken (see ariel_aot_record), by a marker whose two CRCs agree:
  # nothing to read.
  [ -n "$seen" ] && [ "${seen%% *}" = "${want#* }" ] && [ "${seen#* }" = "${aot_stat#* }" ] && return 0
  crc="$(cksum <"$aot")" && [ "${crc%% *}" = "${want#* }" ]
}

ariel_aot_sweep() { # deletes what killed builds left in the AOT folder $1; the caller holds its lock
  # With the lock held no build is running, so every temporary file there is an orphan. Scratch
  # folders in TMPDIR carry their builder's process id: one whose process is gone is an orphan.
  local f pid
  rm -rf -- "$1"/*.tmp "$1"/*.tmp.* 2>/dev/null || true
  for f in "${TMPDIR:-/tmp}"/ariel-aot.[0-9]*.??????; do
    [ -d "$f" ] && [ -O "$f" ] || continue
    pid="${f##*/ariel-aot.}" pid="${pid%%.*}"
    kill -0 "$pid" 2>/dev/null || rm -rf -- "$f"
  done
}

# --- The daemon's socket (scripts/ariel, dev.ariel.daemon): KEY.sock in $XDG_RUNTIME_DIR/ariel, else in the cache
# folder's daemon/ (or /tmp/ariel-daemon-UID where that path would pass the socket limit of 107 bytes); the daemon
# makes the folder with mode 0700 and refuses one that is not private. KEY is the AOT cache's key (jars, JDK,
# native-config) and a hash of the environment that a daemon takes at its start: another build or environment gets a
# daemon of its own, and an old build's is never used (the new one asks it to stop).
ariel_daemon_socket() { # sets ariel_daemon_sock and ariel_daemon_dir (the socket without .sock), or fails
  local dir name env=""
  case "${XDG_RUNTIME_DIR:-}" in
    /*) dir="$XDG_RUNTIME_DIR/ariel" ;;
    *) ariel_aot_dir || return 1; dir="${ariel_aot_dir%/aot}/daemon" ;;
  esac
  for name in $(compgen -e); do
    case "$name" in
      ARIEL_DAEMON | ARIEL_DEBUG | ARIEL_LAUNCH_DEBUG | ARIEL_NO_BUILD | ARIEL_DAEMON_SOCKET) ;;
      ARIEL_* | XDG_* | HOME | LANG | LC_* | TMPDIR | JAVA_TOOL_OPTIONS | JDK_JAVA_OPTIONS | _JAVA_OPTIONS | NO_COLOR) env+="$name=${!name}"$'\n' ;;
    esac
  done
  # d-BUILD-ENV: a daemon retires those of other builds when it starts, never those of other environments.
  name="$(ariel_aot_stats | cksum; printf '%s' "$env" | cksum)"
  name="${name//$'\n'/ }" name=($name)
  ariel_aot_key="${name[0]}-${name[1]}" # the same sum ariel_aot_key computes: the launcher need not ask twice
  name="d-${name[0]}-${name[2]}"
  [ ${#dir} -gt 90 ] && dir="/tmp/ariel-daemon-$UID"
  ariel_daemon_dir="$dir/$name"
  ariel_daemon_sock="$dir/$name.sock"
}

ariel_find_jdk || exit 2
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

# Shared by the scripts in this folder: finds a JDK >= 25 and exports it for Maven.
# Sourced, not run. Order: JAVA_HOME if it is 25 or later, then /usr/lib/jvm/*25* and newer.

ariel_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

ariel_java_major() { # prints the major version of the java binary in $1, or nothing
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

ariel_find_jdk || exit 2
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

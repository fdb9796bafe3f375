# Sourced by ./tusk and .ci/run: finds a JDK 21 or newer.
# tusk_find_jdk prints its home on stdout, or explains on stderr what to install and returns 1.

tusk_jdk_major() {
  # The major version of the JDK at $1, from its release file, else from asking its java.
  local home=$1 version=""
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ] && [ -x "$home/bin/java" ]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  fi
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

tusk_find_jdk() {
  local required=21 candidate major
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  # Where Linux distributions, vendors' packages, SDKMAN! and IDEs put JDKs; newest first.
  for candidate in $(ls -d /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* 2>/dev/null | sort -rV); do
    candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(tusk_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$required" ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  {
    echo "Tusk needs a JDK $required or newer, and none was found."
    [ -n "${JAVA_HOME:-}" ] && echo "JAVA_HOME points at $JAVA_HOME (Java $(tusk_jdk_major "$JAVA_HOME"))."
    echo "Install one (for example: apt-get install openjdk-21-jdk-headless) or point JAVA_HOME at it:"
    echo "    export JAVA_HOME=/path/to/jdk-21"
  } >&2
  return 1
}

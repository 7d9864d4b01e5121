# Finds a JDK >= 25 and exports JAVA_HOME; sourced by bin/* scripts.
# Order: $JAVA_HOME, then every JDK under /usr/lib/jvm (newest first), then `java` on PATH.
ORKESTRA_REQUIRED_JAVA=25

orkestra_java_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

orkestra_find_jdk() {
  local candidate feature
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r candidate; do candidates+=("$candidate"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV)
  fi
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    candidate="${candidate%/}"
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    feature="$(orkestra_java_feature "$candidate")"
    if [ -n "$feature" ] && [ "$feature" -ge "$ORKESTRA_REQUIRED_JAVA" ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "orkestra: needs a JDK ${ORKESTRA_REQUIRED_JAVA} or newer, and found none (looked at \$JAVA_HOME, /usr/lib/jvm/*, java on PATH)." >&2
  echo "orkestra: install one (e.g. Temurin ${ORKESTRA_REQUIRED_JAVA}) and set JAVA_HOME to it." >&2
  return 1
}

# shellcheck shell=bash
# The toolchain for building the Jenkins plugin against the Jenkins repository built from source
# (../shared/tools/jenkins-bootstrap/USING.md): Maven >= 3.9.6, a JDK >= 21, and a settings file.
# Sourced by scripts/jenkins-mvn, scripts/testenv-up and scripts/test. Callers run under `set -euo pipefail`.

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MAVEN_VERSION=3.9.11
DEFAULT_JENKINS_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/../shared/jenkins-repo"
# Outside the clone, so that a fresh clone on a provisioned machine downloads nothing again.
JENKINS_TOOLS_DIR="${GT_JENKINS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/gpu-training/jenkins-tools}"

# The Jenkins repository's absolute path, or failure when there is none.
jenkins_repo() {
  local repo="${GT_JENKINS_REPO:-$DEFAULT_JENKINS_REPO}"
  [[ -d $repo/org/jenkins-ci/main/jenkins-core ]] || return 1
  (cd "$repo" && pwd -P)
}

# A JDK of version 21 or later: $JAVA_HOME when it is one, else the newest under /usr/lib/jvm.
find_jdk21() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [[ -n $candidate && -x $candidate/bin/javac ]] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')
    if [[ -n $version ]] && ((${version%%.*} >= 21)); then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Maven $MAVEN_VERSION under $JENKINS_TOOLS_DIR, fetched from Central once (with the system Maven, else curl).
ensure_jenkins_maven() {
  local home="$JENKINS_TOOLS_DIR/apache-maven-$MAVEN_VERSION" archive tmp
  if [[ ! -x $home/bin/mvn ]]; then
    mkdir -p "$JENKINS_TOOLS_DIR"
    tmp=$(mktemp -d "$JENKINS_TOOLS_DIR/maven.XXXXXX")
    archive="$tmp/apache-maven-$MAVEN_VERSION-bin.tar.gz"
    curl -fsSL --retry 3 -o "$archive" \
      "https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$MAVEN_VERSION/apache-maven-$MAVEN_VERSION-bin.tar.gz" \
      || { rm -rf "$tmp"; die "could not download Maven $MAVEN_VERSION from Central"; }
    tar -xzf "$archive" -C "$tmp"
    rm -rf "$home"
    mv "$tmp/apache-maven-$MAVEN_VERSION" "$home"
    rm -rf "$tmp"
  fi
  echo "$home/bin/mvn"
}

# jenkins_settings REPO: the settings file for REPO (USING.md: a mirror alone is not enough, the parent POM is
# resolved before the POM's repositories are known). Rewritten only when it changes.
jenkins_settings() {
  local repo=$1 file="$JENKINS_TOOLS_DIR/settings.xml" tmp
  mkdir -p "$JENKINS_TOOLS_DIR"
  tmp=$(mktemp "$JENKINS_TOOLS_DIR/settings.XXXXXX")
  cat >"$tmp" <<EOF
<!-- Written by scripts/lib/jenkins.sh: the Jenkins repository built from source, Central for the rest. -->
<settings>
  <mirrors><mirror><id>jenkins-mirror</id><mirrorOf>*,!central,!jenkins-from-source</mirrorOf><url>file://$repo</url></mirror></mirrors>
  <profiles><profile><id>jenkins-from-source</id>
    <repositories><repository><id>jenkins-from-source</id><url>file://$repo</url></repository></repositories>
    <pluginRepositories><pluginRepository><id>jenkins-from-source</id><url>file://$repo</url></pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>jenkins-from-source</activeProfile></activeProfiles>
</settings>
EOF
  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; else mv -f "$tmp" "$file"; fi
  echo "$file"
}

# Sets JENKINS_MVN, JENKINS_SETTINGS and exports JAVA_HOME (a JDK >= 21).
jenkins_maven_env() {
  local jdk repo
  jdk=$(find_jdk21) || die "the Jenkins plugin needs a JDK 21 or later (the plugin parent compiles for 21);" \
    "none found in \$JAVA_HOME or /usr/lib/jvm"
  export JAVA_HOME=$jdk
  repo=$(jenkins_repo) || die "no Jenkins repository at ${GT_JENKINS_REPO:-$DEFAULT_JENKINS_REPO}"
  JENKINS_MVN=$(ensure_jenkins_maven)
  JENKINS_SETTINGS=$(jenkins_settings "$repo")
}

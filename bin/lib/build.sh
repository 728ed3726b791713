# Sourced by the bin/ commands (after `set -euo pipefail`): the one place that picks the JDK the project is
# compiled with, runs Maven (the wrapper, ./mvnw), builds a module only when the sources changed, and puts
# together the java command that runs a program.
#   root                      the repository
#   java_major JAVA           the feature version of a java executable (17, 25, ...)
#   pick_compiler_jdk         sets compiler_jdk: the JDK 22+ every module is compiled with (Maven's -Dffm.jdk):
#                             CURL_MULTI_FFM_JDK when set, else the newest JDK under /usr/lib/jvm (bin/newest-jdk)
#                             when it is 22+, else the default javac's JDK when that is 22+; else it fails, saying
#                             how to provide one
#   maven ARGS...             ./mvnw -Dffm.jdk=<compiler_jdk> ARGS
#   quiet_maven ARGS...       the same, quiet, its output shown only when it fails
#   build_when_changed MODULE MAVEN_ARGS...
#                             `package` of MODULE and what it needs (no tests), skipped when nothing under any
#                             module's src/, no pom.xml and no Maven setting changed since its last build here
#   java_command [PROGRAM]    sets the array java_cmd: the java to run programs with (JAVA_HOME's, else `java`;
#                             for download.BulkDownload the build's JDK 22+ when JAVA_HOME is unset, and its options),
#                             native access granted, and the libcurl CURL_MULTI_LIBCURL names (see bin/sample);
#                             on the build's JDK the downloader also gets its class archive (download_class_archive)
# The fast path (nothing changed) starts no JVM and no Maven: it hashes file names, sizes and times.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The downloader's JVM options (bin/download and bin/bench-download, through java_command).
download_jvm_options="-XX:+UseSerialGC"

java_major() {
  # The output is read whole, then searched: no reader that stops early (head) in a pipefail pipeline,
  # where the writer's SIGPIPE would fail the call. A JVM that does not start still fails it.
  local props
  props=$("$1" -XshowSettings:properties -version 2>&1) || return
  sed -n '/^ *java\.specification\.version = /{s///p;q;}' <<<"$props"
}

pick_compiler_jdk() {
  [ -n "${compiler_jdk:-}" ] && return 0
  if [ -n "${CURL_MULTI_FFM_JDK:-}" ]; then
    compiler_jdk=$CURL_MULTI_FFM_JDK
    return 0
  fi
  local home="" major=""
  read -r home major < <("$root/bin/newest-jdk"; echo) || true
  if [ -z "$home" ] || [ "${major:-0}" -lt 22 ]; then
    home=""
    if command -v javac >/dev/null 2>&1; then
      home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
      major=$(java_major "$home/bin/java" || true)
    fi
  fi
  if [ -z "$home" ] || [ "${major:-0}" -lt 22 ] 2>/dev/null; then
    echo "$(basename "$0"): the build needs a JDK 22 or newer to compile with (release 17 for the library, 22 for" \
      "its FFM binding), and found none under /usr/lib/jvm nor as the default javac. Install one there, or name" \
      "it: CURL_MULTI_FFM_JDK=/path/to/jdk $0 ..." >&2
    return 1
  fi
  compiler_jdk=$home
}

maven() {
  pick_compiler_jdk
  "$root/mvnw" "-Dffm.jdk=$compiler_jdk" "$@"
}

quiet_maven() {
  local log status=0
  log=$(mktemp)
  # Maven's console carries escape codes and a page per module: shown only when the build fails.
  maven -q -B -ntp -Dstyle.color=never "$@" >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$log" >&2
    echo "build failed (output above)" >&2
  fi
  rm -f "$log"
  return "$status"
}

# What a build reads: every pom.xml, every file under a module's src/, and the Maven setup. Names, sizes and
# modification times, so a checkout, an edit or a new file changes it; contents are not read (fast).
source_fingerprint() {
  (
    cd "$root"
    echo "$*"
    find . \( -path ./.git -o -name target -o -path ./.deps -o -path ./bench-results -o -path ./native \) -prune \
      -o -type f \( -name pom.xml -o -path '*/src/*' -o -path './.mvn/*' -o -name mvnw \) -printf '%p %s %T@\n' \
      | LC_ALL=C sort
  ) | sha256sum | cut -d' ' -f1
}

build_when_changed() {
  local module=$1
  shift
  local stamp=$root/$module/target/bin-build.fingerprint fingerprint
  fingerprint=$(source_fingerprint "$module" "$@")
  if [ -f "$stamp" ] && [ "$(<"$stamp")" = "$fingerprint" ]; then
    return 0
  fi
  # Only a build needs the JDKs, Maven and libcurl's packages checked: a run that builds nothing skips it.
  "$root/bin/ensure-prerequisites"
  pick_compiler_jdk
  echo "$(basename "$0"): building $module with $compiler_jdk (once; again only when sources change)" >&2
  (cd "$root" && quiet_maven -DskipTests -pl "$module" -am package "$@")
  echo "$fingerprint" >"$stamp"
  # The JDK the build used (22+): java_command runs the downloader on it when JAVA_HOME is unset.
  echo "$compiler_jdk" >"$root/$module/target/bin-build.jdk"
}

java_command() {
  local program=${1:-} java="${JAVA_HOME:+$JAVA_HOME/bin/}java" archive=""
  if [ "$program" = download.BulkDownload ]; then
    # The downloader is a short process that spends its life in many small transfers: on the newest JDK (the
    # 22+ one the build used, FFM binding) when JAVA_HOME does not name one, and with the serial collector,
    # which on a few cores costs less than G1's concurrent threads (docs/benchmarks.md has the numbers).
    local built=$root/samples/target/bin-build.jdk
    if [ -z "${JAVA_HOME:-}" ] && [ -f "$built" ] && [ -x "$(<"$built")/bin/java" ]; then
      java="$(<"$built")/bin/java"
      archive=$root/samples/target/bin-download.jsa
    fi
    java_cmd=("$java" $download_jvm_options)
  else
    java_cmd=("$java")
  fi
  # Java 22+ asks for native access to be granted (JNA's System.load, FFM's restricted methods); 17-21 accept
  # the flag as well, so no JVM has to be started first to learn the version.
  java_cmd+=(--enable-native-access=ALL-UNNAMED)
  # CURL_MULTI_LIBCURL picks another libcurl: a path to its libcurl.so.4, or "8.14" for the 8.14.1 that
  # bin/ensure-libcurl8 unpacks (WebSocket needs it on Debian 12, whose own libcurl is 7.88.1).
  if [ -n "${CURL_MULTI_LIBCURL:-}" ]; then
    local lib=$CURL_MULTI_LIBCURL
    [ "$lib" = 8.14 ] && lib="$("$root/bin/ensure-libcurl8")/libcurl.so.4"
    export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    java_cmd+=("-Ddev.curlmulti.libcurl=$lib")
  fi
  if [ -n "$archive" ]; then
    download_class_archive "$archive"
  fi
}

# download_class_archive FILE: the downloader on the build's JDK starts from a class archive (AppCDS, JDK 13+):
# the classes its demo loaded, recorded once per build by a run of the demo (seconds). Without it every run
# spends most of its first second loading and linking some 3,400 classes; with it about 0.4 s less wall time and
# a third less CPU at the start (docs/benchmarks.md). A failed recording is not retried until the next build; an
# archive the JVM cannot use (another JDK, another class path) is skipped silently by the JVM itself.
download_class_archive() {
  local archive=$1 jar=samples/target/curl-multi-samples.jar
  if [ ! "$archive" -nt "$root/$jar" ] && [ ! "$archive.failed" -nt "$root/$jar" ]; then
    echo "bin/download: recording the classes a download loads, for faster starts (once per build)" >&2
    local scratch
    scratch=$(mktemp -d)
    # Written beside the archive and renamed into place: a run starting meanwhile never maps half a file. The
    # demo exits 1 by design (some of its files fail), so the archive itself says whether the recording worked.
    (cd "$root" && "${java_cmd[@]}" -XX:ArchiveClassesAtExit="$archive.$$" -Xlog:cds=off,cds+dynamic=off \
      -cp "$jar" dev.curlmulti.samples.download.BulkDownload -o "$scratch/demo" >/dev/null 2>&1) || true
    if [ -s "$archive.$$" ]; then
      mv -f "$archive.$$" "$archive"
    else
      rm -f "$archive.$$"
      touch "$archive.failed"
    fi
    rm -rf "$scratch"
  fi
  if [ -f "$archive" ]; then
    java_cmd+=("-XX:SharedArchiveFile=$archive" -Xlog:cds=off,cds+dynamic=off)
  fi
}

# Sourced by bin/bench-download (after `set -euo pipefail`): one timed run of one tool on one workload, and the
# check of what it wrote, so that no tool wins by failing.
#   run_one MODE WORKLOAD TOOL ROUND
#       runs TOOL (ours, curl, aria2c) on WORKLOAD (1: MANY x 1 MiB, 2: one BIG_MIB file, 3: TINY x 4 KiB) into
#       $work/out (emptied first), under GNU time (user, sys, peak RSS) and `timeout`, pinned to $client_cpus when
#       set; checks the output; appends a line to $work/results.tsv:
#       mode workload tool round status wall_s user_s sys_s rss_kib bytes batch_s reason
#       (status ok or failed; batch_s: ours' own "batch time", or n/a; reason: why it failed, or -)
# Reads: work many tiny big_mib concurrency split_args base_url libcurl_dir java_cmd jar client_cpus run_timeout.

workload_bytes() {
  case "$1" in
    1) echo $((many * 1048576)) ;;
    2) echo $((big_mib * 1048576)) ;;
    3) echo $((tiny * 4096)) ;;
  esac
}

workload_set() {
  case "$1" in
    1) echo many ;;
    2) echo big ;;
    3) echo tiny ;;
  esac
}

# Sets the array cmd: the tool's command line for the workload. ours and curl load the same libcurl (ours through
# -Ddev.curlmulti.libcurl and LD_LIBRARY_PATH, curl through LD_LIBRARY_PATH), aria2c has its own HTTP stack.
tool_command() {
  local tool=$1 workload=$2 set
  set=$(workload_set "$workload")
  case "$tool:$workload" in
    ours:2)
      # shellcheck disable=SC2206 # split_args is a list of flags, split on purpose
      cmd=(env "LD_LIBRARY_PATH=$libcurl_dir" "${java_cmd[@]}" -cp "$jar" dev.curlmulti.samples.download.BulkDownload
        -q -o "$work/out" $split_args "$base_url/big/big.bin")
      ;;
    ours:*)
      cmd=(env "LD_LIBRARY_PATH=$libcurl_dir" "${java_cmd[@]}" -cp "$jar" dev.curlmulti.samples.download.BulkDownload
        -q -c "$concurrency" -o "$work/out" -i "$work/input/$set.urls")
      ;;
    curl:2)
      cmd=(env "LD_LIBRARY_PATH=$libcurl_dir" curl -sS --fail -o "$work/out/big.bin" "$base_url/big/big.bin")
      ;;
    curl:*)
      cmd=(env "LD_LIBRARY_PATH=$libcurl_dir" curl -sS --fail --parallel --parallel-max "$concurrency"
        -K "$work/input/$set.curl")
      ;;
    aria2c:2)
      cmd=(aria2c -q -x 8 -s 8 -d "$work/out" --allow-overwrite=true "$base_url/big/big.bin")
      ;;
    aria2c:*)
      cmd=(aria2c -q -j "$concurrency" -d "$work/out" --allow-overwrite=true -i "$work/input/$set.aria2")
      ;;
  esac
}

# Prints why the output is wrong, or nothing: the file count, every size, and the sample's SHA-256 (the whole
# file for the big one). Leftovers (a .aria2 control file, a temporary part) count as wrong files; ours' journal
# (.curl-multi-download.jsonl, its record of what is complete, kept on purpose) does not.
verify_output() {
  local workload=$1 set size count expected_count found
  set=$(workload_set "$workload")
  case "$workload" in
    1) size=1048576 count=$many ;;
    2) size=$((big_mib * 1048576)) count=1 ;;
    3) size=4096 count=$tiny ;;
  esac
  found=$(find "$work/out" -type f ! -name .curl-multi-download.jsonl -printf '%s\n' \
    | awk -v s="$size" '{ n++; if ($1 == s) ok++ } END { print n + 0, ok + 0 }')
  expected_count="$count $count"
  if [ "$found" != "$expected_count" ]; then
    echo "files (count, of the right size): $found, expected $expected_count"
    return 0
  fi
  if ! (cd "$work/out" && sha256sum --quiet -c "$work/expected/$set.sha256" >"$work/verify.log" 2>&1); then
    echo "SHA-256 mismatch: $(tr '\n' ' ' <"$work/verify.log")"
  fi
}

run_one() {
  local mode=$1 workload=$2 tool=$3 round=$4 log start end rc=0 status=ok reason=- batch=n/a user sys rss
  log=$work/logs/$mode-$workload-$tool-$round
  rm -rf "$work/out"
  mkdir -p "$work/out" "$work/logs"
  tool_command "$tool" "$workload"
  local pin=()
  [ -n "$client_cpus" ] && pin=(taskset -c "$client_cpus")
  echo "${cmd[*]}" >"$log.cmd"
  start=$(date +%s%N)
  # timeout --foreground keeps the tool in the terminal's process group, so Ctrl-C stops it (and then the
  # benchmark) at once rather than after the run.
  /usr/bin/time -f '%U %S %M' -o "$log.time" timeout --foreground -k 5 "$run_timeout" \
    ${pin[@]+"${pin[@]}"} "${cmd[@]}" >"$log.out" 2>"$log.err" </dev/null || rc=$?
  end=$(date +%s%N)
  # GNU time's own line comes last (a killed child adds a "Command terminated" line before it).
  user=0 sys=0 rss=0
  read -r user sys rss < <(tail -n 1 "$log.time") || true
  if [ "$rc" -ne 0 ]; then
    status=failed
    reason="exit $rc"
    [ "$rc" -ne 124 ] || reason="exit $rc (timed out after $run_timeout s)"
  else
    reason=$(verify_output "$workload")
    if [ -n "$reason" ]; then
      status=failed
    else
      reason=-
    fi
  fi
  if [ "$tool" = ours ]; then
    # Ours' own measure of the batch, without the JVM's start: "  batch time   N.NNN s".
    batch=$(sed -n -E 's/^ +batch time +([0-9]+(\.[0-9]+)?) s$/\1/p' "$log.out" | tail -n 1)
    batch=${batch:-n/a}
    [ -s "$work/ours-libcurl.txt" ] || grep -E 'libcurl [0-9]' "$log.err" >"$work/ours-libcurl.txt" || true
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$workload" "$tool" "$round" "$status" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')" "$user" "$sys" "$rss" \
    "$(workload_bytes "$workload")" "$batch" "${reason//$'\t'/ }" >>"$work/results.tsv"
  local shown=$reason
  [ "$status" != ok ] || shown=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f s", (b - a) / 1e9 }')
  printf '  %-9s (%s) %-6s round %s: %s %s\n' "$mode" "$workload" "$tool" "$round" "$status" "$shown" >&2
  rm -rf "$work/out"
}

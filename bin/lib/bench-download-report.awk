# The tables and ratios of bin/bench-download, in markdown, from its results.tsv (one line per run:
# mode workload tool round status wall_s user_s sys_s rss_kib bytes batch_s reason).
#   awk -F '\t' -v modes=pinned,unpinned -v tools=ours,curl,aria2c -f bench-download-report.awk results.tsv
# Medians over the runs that passed the output check, with min-max; a tool with no such run is shown as failed and
# left out of the "fastest" a ratio compares with. mawk has no sort: small insertion sorts below.

function sorted(list, out,    n, i, j, v) {
  n = split(list, out, " ")
  for (i = 2; i <= n; i++) {
    v = out[i] + 0
    for (j = i - 1; j >= 1 && out[j] + 0 > v; j--) out[j + 1] = out[j]
    out[j + 1] = v
  }
  return n
}

function median(list,    a, n) {
  n = sorted(list, a)
  if (n == 0) return ""
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

function spread(list, fmt,    a, n) {
  n = sorted(list, a)
  if (n == 0) return "n/a"
  return sprintf(fmt " (" fmt "-" fmt ")", median(list), a[1], a[n])
}

function add(key, value) { values[key] = values[key] == "" ? value : values[key] " " value }

function verdict(ratio, limit, atMost) {
  if (ratio == "") return "n/a"
  return sprintf("%.2fx (target %s %.1fx: %s)", ratio, atMost ? "<=" : ">=", limit,
    (atMost ? ratio <= limit : ratio >= limit) ? "met" : "MISSED")
}

function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }

BEGIN {
  nm = split(modes, modeList, ",")
  nt = split(tools, toolList, ",")
  title[1] = "(1) " many " x 1 MiB, " concurrency " at a time"
  title[2] = "(2) one " big " MiB file"
  title[3] = "(3) " tiny " x 4 KiB, " concurrency " at a time"
}

{
  key = $1 SUBSEP $2 SUBSEP $3
  runs[key]++
  bytes[$2] = $10
  if ($5 != "ok") {
    failures[key] = failures[key] "\n  - round " $4 ": " $12
    next
  }
  ok[key]++
  add(key SUBSEP "wall", $6)
  add(key SUBSEP "cpu", $7 + $8)
  add(key SUBSEP "rss", $9 / 1024)
  if ($11 != "n/a") add(key SUBSEP "batch", $11)
}

END {
  for (m = 1; m <= nm; m++) {
    mode = modeList[m]
    print ""
    print "### " mode (mode == "pinned" ? " (nginx on CPU " servercpus ", the client on CPU " clientcpus ")" : \
      " (no taskset)")
    print ""
    print "| workload | tool | wall s, median (min-max) | without JVM start s | CPU s (user+sys) | peak RSS MiB" \
      " | MiB/s | CPU ms per MiB | runs ok |"
    print "|---|---|---|---|---|---|---|---|---|"
    for (w = 1; w <= 3; w++) {
      for (t = 1; t <= nt; t++) {
        tool = toolList[t]
        key = mode SUBSEP w SUBSEP tool
        if (!(key in runs)) continue
        mib = bytes[w] / 1048576
        wall = median(values[key SUBSEP "wall"])
        cpu = median(values[key SUBSEP "cpu"])
        if (ok[key] + 0 == 0) {
          printf "| %s | %s | FAILED | | | | | | 0/%d |\n", title[w], tool, runs[key]
        } else {
          printf "| %s | %s | %s | %s | %s | %s | %.1f | %.2f | %d/%d |\n", title[w], tool,
            spread(values[key SUBSEP "wall"], "%.2f"),
            tool == "ours" ? spread(values[key SUBSEP "batch"], "%.2f") : "",
            spread(values[key SUBSEP "cpu"], "%.2f"), spread(values[key SUBSEP "rss"], "%.0f"),
            mib / wall, 1000 * cpu / mib, ok[key], runs[key]
        }
        med[mode, w, tool] = ok[key] + 0 > 0 ? wall : ""
        medBatch[mode, w, tool] = median(values[key SUBSEP "batch"])
        medCpuMib[mode, w, tool] = ok[key] + 0 > 0 ? cpu / mib : ""
      }
    }
    print ""
    print "Ratios (" mode "):"
    print ""
    for (w = 1; w <= 3; w++) {
      if (!((mode, w, "ours") in med)) continue
      if (w == 2) {
        # Throughput is bytes over time, so ours/aria2c throughput is aria2c's time over ours.
        printf "- %s: ours vs aria2c, throughput: %s; without the JVM's start: %s\n", title[2],
          verdict(ratio(med[mode, 2, "aria2c"], med[mode, 2, "ours"]), 1.0, 0),
          verdict(ratio(med[mode, 2, "aria2c"], medBatch[mode, 2, "ours"]), 1.0, 0)
        printf "- %s: ours vs curl, CPU per MiB: %s\n", title[2],
          verdict(ratio(medCpuMib[mode, 2, "ours"], medCpuMib[mode, 2, "curl"]), 1.2, 1)
        continue
      }
      fastest = ""
      name = ""
      for (t = 1; t <= nt; t++) {
        tool = toolList[t]
        if (tool == "ours" || med[mode, w, tool] == "") continue
        if (fastest == "" || med[mode, w, tool] < fastest) { fastest = med[mode, w, tool]; name = tool }
      }
      printf "- %s: ours vs the fastest of the others (%s), wall time: %s; without the JVM's start: %s\n", title[w],
        name == "" ? "none passed" : name, verdict(ratio(med[mode, w, "ours"], fastest), 1.0, 1),
        verdict(ratio(medBatch[mode, w, "ours"], fastest), 1.0, 1)
    }
    header = 0
    for (w = 1; w <= 3; w++) {
      for (t = 1; t <= nt; t++) {
        key = mode SUBSEP w SUBSEP toolList[t]
        if (!(key in failures)) continue
        if (!header) { print ""; print "Failed runs (" mode "):"; print ""; header = 1 }
        printf "- %s, %s:%s\n", title[w], toolList[t], failures[key]
      }
    }
  }
}

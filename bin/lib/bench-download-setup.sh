# Sourced by bin/bench-download (after `set -euo pipefail`): the server side of the download benchmark, all on
# tmpfs so that no disk decides a result.
#   make_data DIR MANY TINY BIG_MIB
#                     DIR/www/many/f00000.. (MANY x 1 MiB), DIR/www/tiny/t00000.. (TINY x 4 KiB), DIR/www/big/big.bin
#                     (BIG_MIB MiB), all random bytes (distinct files: a tool that swaps two is caught); the expected
#                     SHA-256 of a sample of each set in DIR/expected/{many,tiny,big}.sha256 (name, hash), and the URL
#                     lists each tool reads (DIR/input/*: plain, curl -K, aria2c -i)
#   start_nginx DIR CPUS   nginx on a free loopback port, serving DIR/www (CPUS: a taskset list, or "" for none);
#                     sets nginx_pid and base_url
#   stop_nginx        stops the nginx start_nginx started (by its pid)
#   link_libcurl FILE DIR  DIR/libcurl.so.4 -> FILE: the name (the SONAME) curl's loader asks for

# Debian installs nginx in /usr/sbin, which a user's PATH may lack.
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

# One random stream cut into files: far faster than a process per file, and every file distinct.
make_set() {
  local dir=$1 prefix=$2 count=$3 bytes=$4
  mkdir -p "$dir"
  head -c $((count * bytes)) /dev/urandom | (cd "$dir" && split -b "$bytes" -a 5 -d - "$prefix")
}

# The sample whose hashes are checked after each run: first, last and evenly spread between (about 32 files).
sample_names() {
  local prefix=$1 count=$2 step i
  step=$(((count + 31) / 32))
  for ((i = 0; i < count; i += step)); do printf '%s%05d\n' "$prefix" "$i"; done
  printf '%s%05d\n' "$prefix" $((count - 1))
}

make_data() {
  local dir=$1 many=$2 tiny=$3 big_mib=$4 name
  mkdir -p "$dir/expected" "$dir/input"
  make_set "$dir/www/many" f "$many" 1048576
  make_set "$dir/www/tiny" t "$tiny" 4096
  mkdir -p "$dir/www/big"
  head -c $((big_mib * 1048576)) /dev/urandom >"$dir/www/big/big.bin"
  (cd "$dir/www/many" && sample_names f "$many" | sort -u | xargs sha256sum) >"$dir/expected/many.sha256"
  (cd "$dir/www/tiny" && sample_names t "$tiny" | sort -u | xargs sha256sum) >"$dir/expected/tiny.sha256"
  (cd "$dir/www/big" && sha256sum big.bin) >"$dir/expected/big.sha256"
  # nginx's workers run as nobody: the tree must be readable (mktemp -d made the top 0700).
  chmod -R a+rX "$dir"
}

# The inputs, written once nginx's port is known: plain URL lists (ours), curl config files with url/output
# pairs (-K), aria2c input files (-i; the file name aria2c takes from the URL, as ours does).
write_inputs() {
  local dir=$1 base=$2 set prefix
  for set in many tiny; do
    prefix=f
    [ "$set" = tiny ] && prefix=t
    find "$dir/www/$set" -type f -printf '%f\n' | LC_ALL=C sort >"$dir/input/$set.names"
    awk -v u="$base/$set/" '{ print u $0 }' "$dir/input/$set.names" >"$dir/input/$set.urls"
    cp "$dir/input/$set.urls" "$dir/input/$set.aria2"
    awk -v u="$base/$set/" -v o="$dir/out/" '{ printf "url = \"%s%s\"\noutput = \"%s%s\"\n", u, $0, o, $0 }' \
      "$dir/input/$set.names" >"$dir/input/$set.curl"
  done
}

free_port() {
  local port tries
  for tries in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 20000))
    # A refused connection means nothing listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "bench-download: no free port found" >&2
  return 1
}

start_nginx() {
  local dir=$1 cpus=$2 port conf attempt
  conf=$dir/nginx/nginx.conf
  mkdir -p "$dir/nginx"
  for attempt in 1 2 3; do
    port=$(free_port)
    # One worker (on the 2-core reference machine: nginx on one core, the client on the other); sendfile from
    # tmpfs; keep-alive long enough that no tool reconnects mid-run; no access log to write.
    cat >"$conf" <<EOF
worker_processes 1;
worker_rlimit_nofile 65536;
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 120s;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
  }
}
EOF
    if [ -n "$cpus" ]; then
      taskset -c "$cpus" "$nginx_bin" -p "$dir/nginx" -c "$conf" &
    else
      "$nginx_bin" -p "$dir/nginx" -c "$conf" &
    fi
    nginx_pid=$!
    base_url=http://127.0.0.1:$port
    local i
    for i in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        return 0
      fi
      kill -0 "$nginx_pid" 2>/dev/null || break
      sleep 0.05
    done
    stop_nginx
  done
  echo "bench-download: nginx did not start (see $dir/nginx/error.log)" >&2
  return 1
}

stop_nginx() {
  if [ -n "${nginx_pid:-}" ]; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
  fi
}

link_libcurl() {
  mkdir -p "$2"
  ln -sf "$1" "$2/libcurl.so.4"
}

#!/usr/bin/env bash
# Builds crp and crp-serve in release with the Swift runtime linked in (--static-swift-stdlib) and
# packs them for an office server without a Swift toolchain:
#
#   Scripts/package.sh [OUT_DIR]        # default: ./dist; prints the tarball's path
#   Scripts/package.sh --check TARBALL  # unpacks it into an empty folder and runs it from there
#
# The tarball crp-<version>-linux-<arch>.tar.gz holds bin/crp and bin/crp-serve, Locales/, the
# embedded reference store Submissions/, share/crp-serve.service (a systemd unit with its own user
# and hardening) and share/nginx-crp.conf (the README's reverse proxy). On the server the binaries
# need glibc, libstdc++, zlib, ICU 72 and libexttextcat (Debian 12: apt-get install libicu72
# libexttextcat-2.0-0; `ldd bin/crp` lists them), and for intake the same programs as on a
# workstation (LibreOffice, poppler, Tesseract).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SCRATCH="${CRP_PACKAGE_SCRATCH:-$REPO/.build-static}"

dir=""; pid=""

check() {
    local tarball ws port out
    tarball="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
    dir="$(mktemp -d)"
    trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$dir"' EXIT
    tar -xzf "$tarball" -C "$dir"
    local root=("$dir"/crp-*)
    root="${root[0]}"
    # The toolchain's libraries out of reach: no library path, run from outside the repository.
    export LD_LIBRARY_PATH=""
    cd "$dir"
    for b in crp crp-serve; do
        if ldd "$root/bin/$b" | grep -q 'libswift\|libFoundation\|lib_Foundation\|libdispatch'; then
            echo "package check: $b still needs the toolchain's libraries:" >&2; ldd "$root/bin/$b" >&2; exit 1
        fi
        # BoringSSL (swift-crypto, and swift-nio-ssl for the desk's TLS) is compiled in: no system OpenSSL.
        if ldd "$root/bin/$b" | grep -q 'libssl\|libcrypto'; then
            echo "package check: $b links a system OpenSSL:" >&2; ldd "$root/bin/$b" >&2; exit 1
        fi
        if ldd "$root/bin/$b" | grep -q 'not found'; then
            echo "package check: $b needs libraries this machine lacks:" >&2; ldd "$root/bin/$b" | grep 'not found' >&2; exit 1
        fi
    done
    echo "package check: ldd crp: $(ldd "$root/bin/crp" | awk '{print $1}' | tr '\n' ' ')"
    echo "package check: ldd crp-serve: $(ldd "$root/bin/crp-serve" | awk '{print $1}' | tr '\n' ' ')"
    echo "package check: sizes: $(du -h "$root/bin/crp" "$root/bin/crp-serve" | awk '{print $2 ": " $1}' | tr '\n' ' ')"
    # No workspace above this folder: crp compiles the tarball's embedded reference store.
    "$root/bin/crp" compile --output "$dir/paper.md" >/dev/null
    grep -q "CTOC/COP/2020" "$dir/paper.md" || { echo "package check: the compiled paper lacks its symbol" >&2; exit 1; }
    echo "package check: crp compile of the embedded store, run from the tarball, wrote $(wc -c <"$dir/paper.md") bytes"
    ws="$dir/ws"
    "$root/bin/crp" init "$ws" >/dev/null
    printf 'check-pass-1\n' | "$root/bin/crp" user add olga --role officer --workspace "$ws" >/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$root/bin/crp" serve --port "$port" --workspace "$ws" >"$dir/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        out=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/sign-in" || true)
        [ "$out" = 200 ] && break
        sleep 0.2
    done
    [ "$out" = 200 ] || { echo "package check: crp serve from the tarball did not answer:" >&2; cat "$dir/serve.log" >&2; exit 1; }
    echo "package check: crp serve from the tarball answers on port $port"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    # The desk's own TLS, with a throwaway certificate.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
        -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$root/bin/crp" serve --port "$port" --workspace "$ws" --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" >"$dir/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        out=$(curl -s --cacert "$dir/cert.pem" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/sign-in" || true)
        [ "$out" = 200 ] && break
        sleep 0.2
    done
    [ "$out" = 200 ] || { echo "package check: crp serve --tls-cert from the tarball did not answer over HTTPS:" >&2; cat "$dir/serve.log" >&2; exit 1; }
    echo "package check: crp serve --tls-cert from the tarball answers over HTTPS on port $port"
    echo "package check: ok"
}

if [ "${1:-}" = "--check" ]; then
    check "$2"
    exit 0
fi

OUT="$(mkdir -p "${1:-$REPO/dist}" && cd "${1:-$REPO/dist}" && pwd)"
cd "$REPO"
for product in crp crp-serve; do
    swift build -c release --static-swift-stdlib --product "$product" --scratch-path "$SCRATCH" >&2
done
BIN="$(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)"
VERSION="$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo dev)"
NAME="crp-$VERSION-linux-$(uname -m)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/$NAME/bin" "$STAGE/$NAME/share"
cp "$BIN/crp" "$BIN/crp-serve" "$STAGE/$NAME/bin/"
strip "$STAGE/$NAME/bin/crp" "$STAGE/$NAME/bin/crp-serve" 2>/dev/null || true
cp -R "$REPO/Locales" "$REPO/Submissions" "$STAGE/$NAME/"
cat >"$STAGE/$NAME/share/crp-serve.service" <<'UNIT'
# The web desk as a service. Install: tar -xzf crp-….tar.gz -C /opt && ln -s /opt/crp-… /opt/crp;
# useradd --system --home /srv/crp --shell /usr/sbin/nologin crp; the workspace in /srv/crp/paper
# (owned by crp); cp share/crp-serve.service /etc/systemd/system/; systemctl enable --now crp-serve.
# Users: sudo -u crp /opt/crp/bin/crp user add NAME --role officer --workspace /srv/crp/paper
[Unit]
Description=RoomPaper web desk (crp serve)
After=network.target

[Service]
Type=simple
User=crp
Group=crp
WorkingDirectory=/srv/crp/paper
ExecStart=/opt/crp/bin/crp serve --workspace /srv/crp/paper --bind 127.0.0.1 --port 8080 --secure-cookies
# Without a proxy, the desk's own TLS (certificates read at start: restart after renewing):
# ExecStart=/opt/crp/bin/crp serve --workspace /srv/crp/paper --bind 0.0.0.0 --port 443 --tls-cert /etc/crp/fullchain.pem --tls-key /etc/crp/privkey.pem
# AmbientCapabilities=CAP_NET_BIND_SERVICE  (and CapabilityBoundingSet=CAP_NET_BIND_SERVICE below)
Restart=on-failure
Environment=HOME=/srv/crp
# Hardening: the desk writes only its workspace and its own temporary folder.
NoNewPrivileges=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectSystem=strict
ProtectHome=yes
ReadWritePaths=/srv/crp
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
RestrictNamespaces=yes
LockPersonality=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
SystemCallArchitectures=native
CapabilityBoundingSet=
UMask=0027

[Install]
WantedBy=multi-user.target
UNIT
cat >"$STAGE/$NAME/share/nginx-crp.conf" <<'NGINX'
# TLS in front of the desk (README: Serve the team); the desk listens on 127.0.0.1:8080 only.
server {
    listen 443 ssl;  server_name crp.example.org;
    ssl_certificate /etc/ssl/crp.crt;  ssl_certificate_key /etc/ssl/crp.key;
    client_max_body_size 110m;
    location / { proxy_pass http://127.0.0.1:8080; proxy_set_header Host $host; }
}
NGINX
tar -czf "$OUT/$NAME.tar.gz" -C "$STAGE" "$NAME"
echo "$OUT/$NAME.tar.gz"

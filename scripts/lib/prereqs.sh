# Installing what the README's two commands need, only when it is missing. Sourced by
# scripts/test-all and scripts/run-app; every function is safe to run again.
#
# Targets a fresh Debian 12 machine, run as root (or through sudo). Nothing here asks questions.

# The system packages: WebKitGTK/GTK for the desktop shell, Xvfb + WebKitWebDriver for the
# end-to-end run (xdotool answers the native save dialog there), PostgreSQL and MariaDB (for
# MySQL) for the integration tests, GNU time for scripts/bench-snapshot's peak-memory figure, and
# a C toolchain for Rust crates with native parts.
APT_PACKAGES=(
    build-essential pkg-config curl ca-certificates file xz-utils git
    libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
    xvfb xauth webkit2gtk-driver xdotool postgresql mariadb-server time
)
# Tools installed from crates.io, pinned so every machine runs the same ones.
NEXTEST_VERSION=0.9.143
TAURI_DRIVER_VERSION=2.1.0
# Oldest Rust the workspace builds with (Cargo.toml rust-version), and the Node the UI needs.
MIN_RUST_MINOR=85
MIN_NODE_MAJOR=20
NODE_VERSION="${AETHER_REVIEW_NODE_VERSION:-22.12.0}"

note() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

die() {
    printf '\033[31m[setup] %s\033[0m\n' "$*" >&2
    exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if is_root; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "'$*' needs root: run this script as root or with sudo"
    fi
}

# Root's own HOME and tool paths, even under `sudo` (whose secure_path drops ~/.cargo/bin).
setup_environment() {
    if is_root; then
        HOME="$(getent passwd root | cut -d: -f6)"
        export HOME
    fi
    export PATH="$HOME/.cargo/bin:/usr/local/bin:$PATH"
    # A cargo target directory outside the clone: a fresh clone reuses earlier builds.
    if [ -z "${CARGO_TARGET_DIR:-}" ]; then
        if is_root; then
            CARGO_TARGET_DIR=/var/cache/aether-review/target
        else
            CARGO_TARGET_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/aether-review/target"
        fi
    fi
    export CARGO_TARGET_DIR
    mkdir -p "$CARGO_TARGET_DIR"
    export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-always}"
}

ensure_apt_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        note "system packages: all present"
        return
    fi
    note "installing system packages: ${missing[*]}"
    # Waits for another apt run (unattended-upgrades, a second terminal) instead of failing.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
        "${missing[@]}"
}

rust_is_recent() {
    local minor
    minor="$(rustc --version 2>/dev/null | sed -nE 's/^rustc 1\.([0-9]+).*/\1/p')"
    [ -n "$minor" ] && [ "$minor" -ge "$MIN_RUST_MINOR" ]
}

ensure_rust() {
    if ! command -v cargo >/dev/null || ! rust_is_recent; then
        if command -v rustup >/dev/null; then
            note "updating Rust through rustup"
            rustup toolchain install stable --profile minimal -c rustfmt,clippy
            rustup default stable
        else
            note "installing Rust (rustup, stable)"
            curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
                sh -s -- -y --profile minimal -c rustfmt,clippy --default-toolchain stable
        fi
    fi
    rust_is_recent || die "Rust 1.$MIN_RUST_MINOR or newer is needed; found: $(rustc --version 2>&1)"
    if command -v rustup >/dev/null; then
        cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
        cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
    fi
    note "rust: $(rustc --version)"
}

# cargo-nextest: the machine's own when it has one, else the pinned version from crates.io
# (a few minutes to compile). Returns non-zero when it cannot be had; the caller then falls back
# to `cargo test`.
ensure_nextest() {
    if cargo nextest --version >/dev/null 2>&1; then
        return 0
    fi
    note "installing cargo-nextest $NEXTEST_VERSION from crates.io"
    cargo install cargo-nextest --locked --version "$NEXTEST_VERSION" >/dev/null 2>&1
    cargo nextest --version >/dev/null 2>&1
}

node_is_recent() {
    local major
    major="$(node --version 2>/dev/null | sed -nE 's/^v([0-9]+).*/\1/p')"
    [ -n "$major" ] && [ "$major" -ge "$MIN_NODE_MAJOR" ]
}

# Debian 12's nodejs is 18, too old for Vite: install the official build under /opt.
ensure_node() {
    if node_is_recent && command -v npm >/dev/null; then
        note "node: $(node --version)"
        return
    fi
    local arch
    case "$(uname -m)" in
        x86_64) arch=x64 ;;
        aarch64 | arm64) arch=arm64 ;;
        *) die "Node.js $MIN_NODE_MAJOR or newer is needed and no build is known for $(uname -m)" ;;
    esac
    local dir="/opt/node-v$NODE_VERSION-linux-$arch"
    if [ ! -x "$dir/bin/node" ]; then
        note "installing Node.js $NODE_VERSION into $dir"
        curl -fsSL "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$arch.tar.xz" |
            as_root tar -xJ -C /opt ||
            die "Node.js $MIN_NODE_MAJOR or newer is needed and nodejs.org cannot be reached; install it"
    fi
    local tool
    for tool in node npm npx; do
        as_root ln -sf "$dir/bin/$tool" "/usr/local/bin/$tool"
    done
    node_is_recent || die "Node.js $MIN_NODE_MAJOR or newer is needed; found: $(node --version 2>&1)"
}

ensure_tauri_driver() {
    if tauri_driver_is_pinned; then
        return
    fi
    note "installing tauri-driver $TAURI_DRIVER_VERSION (about a minute)"
    cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
}

# Whether the installed tauri-driver is the pinned version (it prints no version of its own).
tauri_driver_is_pinned() {
    command -v tauri-driver >/dev/null &&
        grep -q "\"tauri-driver $TAURI_DRIVER_VERSION " "$HOME/.cargo/.crates.toml" 2>/dev/null
}

# `npm ci` in ui/ when the lock file changed since the last install (npm ci always starts over,
# so repeating it on every run would cost a minute for nothing).
ensure_ui_dependencies() {
    [ -f ui/package-lock.json ] || return 0
    local stamp=ui/node_modules/.aether-review-lock.sha256
    local want
    want="$(sha256sum ui/package-lock.json | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        note "ui: node_modules matches package-lock.json"
        return 0
    fi
    note "ui: npm ci"
    (cd ui && npm ci --no-audit --no-fund) || return 1
    echo "$want" >"$stamp"
}

# Whether ui/package.json defines the npm script $1.
ui_has_script() {
    [ -f ui/package.json ] &&
        node -e 'process.exit(require("./ui/package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"
}

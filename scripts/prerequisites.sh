# Sourced by scripts/test.sh and the suites: installs the Debian and PyPI packages the tests use.
# Idempotent and quiet when everything is already there.

APT_PACKAGES=(pkg-config libyaml-dev containerd docker-registry skopeo protobuf-compiler iproute2 nginx-light wrk apache2-utils openssl zstd libzstd-dev curl binutils)
ORACLE_VENV="${ORACLE_VENV:-/opt/helm-oracle}"
PIP_PACKAGES=(helm-python-sdk==0.2.2 pyyaml kubernetes-validate)

install_prerequisites() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if ! "$ORACLE_VENV/bin/python" -c 'import helm_python, yaml, kubernetes_validate' 2>/dev/null; then
        echo "installing PyPI packages into $ORACLE_VENV: ${PIP_PACKAGES[*]}"
        python3 -m venv "$ORACLE_VENV"
        "$ORACLE_VENV/bin/pip" install -q "${PIP_PACKAGES[@]}"
    fi
    export HELM_ORACLE_PYTHON="$ORACLE_VENV/bin/python"
}

#!/usr/bin/env bash
# Stops and deletes the local kwok cluster "kube-deploy" and removes its state dir.
# Idempotent; keeps the cached binaries. Never touches $KUBECONFIG or ~/.kube.
set -euo pipefail

# shellcheck source=versions.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/versions.sh"

CLUSTER_WORKDIR="${KWOK_WORKDIR}/clusters/${CLUSTER_NAME}"

mkdir -p "${CACHE_ROOT}"
exec 8>"${LOCK_FILE}"
if command -v flock >/dev/null 2>&1; then
  flock 8
fi
# kwokctl daemonizes the cluster components: never let them inherit the lock fd.
kwokctl_() { "${KWOKCTL}" "$@" 8>&-; }

if [[ -d "${CLUSTER_WORKDIR}" ]]; then
  KWOKCTL="${BIN_DIR}/kwokctl"
  if [[ ! -x "${KWOKCTL}" ]]; then
    # Binaries of the current versions key are not built: use any cached kwokctl.
    KWOKCTL="$(ls -1 "${CACHE_ROOT}"/*/bin/kwokctl 2>/dev/null | head -n1 || true)"
  fi
  if [[ -n "${KWOKCTL}" && -x "${KWOKCTL}" ]]; then
    kwokctl_ delete cluster --name "${CLUSTER_NAME}" \
      --kubeconfig "${CLUSTER_WORKDIR}/kubeconfig.yaml" >&2 || true
  fi
  # Fallback: stop components kwokctl started that are still alive (pid files of this cluster).
  for pidfile in "${CLUSTER_WORKDIR}"/pids/*.pid; do
    [[ -f "${pidfile}" ]] || continue
    pid="$(cat "${pidfile}" 2>/dev/null || true)"
    if [[ "${pid}" =~ ^[0-9]+$ ]] && kill -0 "${pid}" 2>/dev/null; then
      kill "${pid}" 2>/dev/null || true
    fi
  done
  rm -rf "${CLUSTER_WORKDIR}"
fi
rm -rf "${STATE_DIR}"
echo "down.sh: cluster ${CLUSTER_NAME} removed" >&2

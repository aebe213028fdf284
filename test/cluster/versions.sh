# shellcheck shell=bash
# Pinned versions and cache paths, sourced by build.sh, up.sh and down.sh.
# The Kubernetes and etcd versions must match go.mod in this directory.

KUBE_VERSION=v1.33.13
ETCD_VERSION=v3.5.21
KWOK_VERSION=v0.7.0
HELM_VERSION=v3.19.5
# k8s.io/client-go minor version helm ${HELM_VERSION} is built against (stamped like helm's Makefile).
HELM_K8S_MAJOR=1
HELM_K8S_MINOR=34
ACTIONLINT_VERSION=v1.7.12

# The shared test cluster is "kube-deploy"; KUBE_DEPLOY_CLUSTER names another one (e.g. the fault
# tests' disposable "kube-deploy-faults"), with its own state dir, kwok workdir and lock, and the
# same cached binaries.
CLUSTER_NAME="${KUBE_DEPLOY_CLUSTER:-kube-deploy}"
if [[ ! "${CLUSTER_NAME}" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]]; then
  echo "KUBE_DEPLOY_CLUSTER: \"${CLUSTER_NAME}\" is not a DNS label" >&2
  exit 1
fi

CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${KUBE_DEPLOY_CACHE:-$HOME/.cache/kube-deploy}/cluster"
CACHE_KEY="k8s-${KUBE_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}_helm-${HELM_VERSION}_actionlint-${ACTIONLINT_VERSION}"
BUILD_DIR="${CACHE_ROOT}/${CACHE_KEY}"
BIN_DIR="${BUILD_DIR}/bin"
MIRROR_DIR="${BUILD_DIR}/mirror"
if [[ "${CLUSTER_NAME}" == kube-deploy ]]; then
  STATE_DIR="${CACHE_ROOT}/state"
  # kwokctl keeps its clusters under $KWOK_WORKDIR/clusters/<name>.
  KWOK_WORKDIR="${CACHE_ROOT}/kwok"
  LOCK_FILE="${CACHE_ROOT}/.cluster.lock"
else
  STATE_DIR="${CACHE_ROOT}/${CLUSTER_NAME}/state"
  KWOK_WORKDIR="${CACHE_ROOT}/${CLUSTER_NAME}/kwok"
  LOCK_FILE="${CACHE_ROOT}/.${CLUSTER_NAME}.lock"
fi
export KWOK_WORKDIR
# kubectl's discovery/http cache, so nothing is written under ~/.kube.
KUBECACHEDIR="${CACHE_ROOT}/kubectl-cache"
export KUBECACHEDIR

#!/usr/bin/env bash
# Starts (or reuses) the local kwok cluster "kube-deploy" used by the tests (or the one
# KUBE_DEPLOY_CLUSTER names, with the kwokctl componentsPatches of the file KUBE_DEPLOY_CLUSTER_PATCHES):
# real etcd + kube-apiserver + kube-controller-manager + kube-scheduler (RBAC on, HTTPS only),
# kwok-controller simulating 3 nodes and the pod lifecycle from ./stages.
#
# Writes ${KUBE_DEPLOY_CACHE:-$HOME/.cache/kube-deploy}/cluster/state/cluster.json and prints the
# admin kubeconfig path as the last line of stdout. Never touches $KUBECONFIG or ~/.kube.
set -euo pipefail

# shellcheck source=versions.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/versions.sh"

NODE_COUNT=3
t_start=$(date +%s)

log() { echo "up.sh: $*" >&2; }

# Serialize concurrent up.sh/down.sh runs (e.g. parallel test workers).
mkdir -p "${CACHE_ROOT}"
exec 8>"${LOCK_FILE}"
if command -v flock >/dev/null 2>&1; then
  flock 8
fi
# kwokctl daemonizes the cluster components: never let them inherit the lock fd.
kwokctl_() { "${KWOKCTL}" "$@" 8>&-; }

# 1. Binaries (no-op when cached).
t0=$(date +%s)
"${CLUSTER_DIR}/build.sh" >&2
log "build step took $(($(date +%s) - t0))s"

KUBECTL="${BIN_DIR}/kubectl"
# --cache-dir keeps kubectl from writing its discovery cache under ~/.kube.
kubectl_() { "${KUBECTL}" --cache-dir "${KUBECACHEDIR}" "$@"; }
KWOKCTL="${BIN_DIR}/kwokctl"
CLUSTER_WORKDIR="${KWOK_WORKDIR}/clusters/${CLUSTER_NAME}"
KUBECONFIG_FILE="${STATE_DIR}/kubeconfig"
CA_FILE="${STATE_DIR}/ca.crt"

kctl() { kubectl_ --kubeconfig "${KUBECONFIG_FILE}" --request-timeout=10s "$@"; }

healthy() {
  [[ -f "${KUBECONFIG_FILE}" && -f "${STATE_DIR}/.key" ]] || return 1
  [[ "$(cat "${STATE_DIR}/.key")" == "${CACHE_KEY}" ]] || return 1
  kubectl_ --kubeconfig "${KUBECONFIG_FILE}" --request-timeout=3s get --raw /readyz >/dev/null 2>&1 || return 1
  nodes_ready
}

nodes_ready() {
  local ready
  ready="$(kubectl_ --kubeconfig "${KUBECONFIG_FILE}" --request-timeout=3s get nodes \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null |
    grep -c '^True$' || true)"
  [[ "${ready}" -ge "${NODE_COUNT}" ]]
}

wait_for() { # wait_for <seconds> <description> <command...>
  local deadline=$(($(date +%s) + $1)) what="$2"
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [[ $(date +%s) -ge ${deadline} ]]; then
      log "timed out waiting for ${what}"
      return 1
    fi
    sleep 0.5
  done
}

# 2. Cluster: reuse a healthy one, otherwise (re)create it.
t0=$(date +%s)
if healthy; then
  log "reusing running cluster ${CLUSTER_NAME}"
else
  if [[ -d "${CLUSTER_WORKDIR}" ]]; then
    log "removing stale cluster ${CLUSTER_NAME}"
    kwokctl_ delete cluster --name "${CLUSTER_NAME}" \
      --kubeconfig "${CLUSTER_WORKDIR}/kubeconfig.yaml" >&2 || true
    rm -rf "${CLUSTER_WORKDIR}"
  fi
  rm -rf "${STATE_DIR}"
  mkdir -p "${STATE_DIR}"

  # kwokctl configuration: local binaries only, RBAC on, our stages and pod logs.
  config="${STATE_DIR}/kwokctl-config.yaml"
  {
    cat <<EOF
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  securePort: true
  kubeAuthorization: true
  kubeAdmission: true
  kubectlBinary: ${BIN_DIR}/kubectl
  kubeApiserverBinary: ${BIN_DIR}/kube-apiserver
  kubeControllerManagerBinary: ${BIN_DIR}/kube-controller-manager
  kubeSchedulerBinary: ${BIN_DIR}/kube-scheduler
  kwokControllerBinary: ${BIN_DIR}/kwok
  etcdBinary: ${BIN_DIR}/etcd
  cacheDir: ${KWOK_WORKDIR}/cache
${KUBE_DEPLOY_CLUSTER_PATCHES:+$(cat "${KUBE_DEPLOY_CLUSTER_PATCHES}")}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: crash-loop-logs
spec:
  logs:
  - logsFile: ${CLUSTER_DIR}/logs/crash-loop.log
    previousLogsFile: ${CLUSTER_DIR}/logs/crash-loop.log
    follow: false
EOF
    for f in "${CLUSTER_DIR}"/stages/*.yaml; do
      echo "---"
      cat "${f}"
    done
  } >"${config}"

  log "creating cluster ${CLUSTER_NAME} (kwokctl ${KWOK_VERSION}, kubernetes ${KUBE_VERSION})"
  kwokctl_ create cluster \
    --name "${CLUSTER_NAME}" \
    --runtime binary \
    --kubeconfig "" \
    --config "${config}" \
    --kube-apiserver-binary "${BIN_DIR}/kube-apiserver" \
    --kube-controller-manager-binary "${BIN_DIR}/kube-controller-manager" \
    --kube-scheduler-binary "${BIN_DIR}/kube-scheduler" \
    --kwok-controller-binary "${BIN_DIR}/kwok" \
    --etcd-binary "${BIN_DIR}/etcd" \
    --secure-port=true \
    --kube-authorization=true \
    --wait 90s >&2

  # Self-contained admin kubeconfig (certificates embedded) and the cluster CA.
  kubectl_ --kubeconfig "${CLUSTER_WORKDIR}/kubeconfig.yaml" config view --raw --flatten \
    >"${KUBECONFIG_FILE}.tmp"
  chmod 0600 "${KUBECONFIG_FILE}.tmp"
  mv "${KUBECONFIG_FILE}.tmp" "${KUBECONFIG_FILE}"
  cp "${CLUSTER_WORKDIR}/pki/ca.crt" "${CA_FILE}"

  wait_for 60 "apiserver /readyz" kctl get --raw /readyz
  existing="$(kctl get nodes -o name | wc -l)"
  if [[ "${existing}" -lt "${NODE_COUNT}" ]]; then
    kwokctl_ scale node --name "${CLUSTER_NAME}" --replicas "${NODE_COUNT}" >&2
  fi
  echo "${CACHE_KEY}" >"${STATE_DIR}/.key"
fi
wait_for 60 "${NODE_COUNT} Ready nodes" nodes_ready
wait_for 60 "ServiceAccount default/default" kctl -n default get serviceaccount default
log "cluster ready in $(($(date +%s) - t0))s"

# 3. Test identities (idempotent; tokens are refreshed on every run).
kctl apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Namespace
metadata:
  name: kube-deploy-system
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: deployer
  namespace: kube-deploy-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kube-deploy-deployer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- kind: ServiceAccount
  name: deployer
  namespace: kube-deploy-system
---
apiVersion: v1
kind: Namespace
metadata:
  name: kube-deploy-readonly
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: reader
  namespace: kube-deploy-readonly
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: kube-deploy-readonly
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: kube-deploy-readonly
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
- kind: ServiceAccount
  name: reader
  namespace: kube-deploy-readonly
EOF

write_token() { # write_token <namespace> <serviceaccount> <file>
  kctl create token "$2" -n "$1" --duration=24h >"$3.tmp"
  chmod 0600 "$3.tmp"
  mv "$3.tmp" "$3"
}
write_token kube-deploy-system deployer "${STATE_DIR}/deployer.token"
write_token kube-deploy-readonly reader "${STATE_DIR}/reader.token"

# 4. cluster.json
server="$(kctl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
json_str() { local s="${1//\\/\\\\}"; printf '"%s"' "${s//\"/\\\"}"; }
cat >"${STATE_DIR}/cluster.json.tmp" <<EOF
{
  "kubeconfig": $(json_str "${KUBECONFIG_FILE}"),
  "server": $(json_str "${server}"),
  "kubernetesVersion": $(json_str "${KUBE_VERSION}"),
  "caFile": $(json_str "${CA_FILE}"),
  "deployerTokenFile": $(json_str "${STATE_DIR}/deployer.token"),
  "readerTokenFile": $(json_str "${STATE_DIR}/reader.token"),
  "readerNamespace": "kube-deploy-readonly",
  "mirrorDir": $(json_str "${MIRROR_DIR}"),
  "kubectlVersion": $(json_str "${KUBE_VERSION}"),
  "helmVersion": $(json_str "${HELM_VERSION}"),
  "bin": {
    "kubectl": $(json_str "${BIN_DIR}/kubectl"),
    "helm": $(json_str "${BIN_DIR}/helm"),
    "actionlint": $(json_str "${BIN_DIR}/actionlint"),
    "kwokctl": $(json_str "${BIN_DIR}/kwokctl")
  }
}
EOF
mv "${STATE_DIR}/cluster.json.tmp" "${STATE_DIR}/cluster.json"

log "cluster.json: ${STATE_DIR}/cluster.json"
log "total $(($(date +%s) - t_start))s"
echo "${KUBECONFIG_FILE}"

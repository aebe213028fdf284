#!/usr/bin/env bash
# Builds (once) every binary the local kwok test cluster needs, from Go modules only:
#   kube-apiserver kube-controller-manager kube-scheduler kubectl etcd   (this Go module, see go.mod)
#   kwok kwokctl helm actionlint                                         (go install <pkg>@<version>)
# and a download mirror (<cache>/mirror) laid out like the upstream kubectl/helm download sites.
#
# Output: ${KUBE_DEPLOY_CACHE:-$HOME/.cache/kube-deploy}/cluster/<versions key>/{bin,mirror}
# Idempotent: exits at once when bin/.complete exists.
set -euo pipefail

# shellcheck source=versions.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/versions.sh"

if [[ -f "${BIN_DIR}/.complete" ]]; then
  echo "build.sh: binaries cached in ${BIN_DIR}"
  exit 0
fi

mkdir -p "${CACHE_ROOT}"
# Serialize concurrent builds (e.g. two test workers calling up.sh at once).
exec 9>"${CACHE_ROOT}/.build.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi
if [[ -f "${BIN_DIR}/.complete" ]]; then
  echo "build.sh: binaries cached in ${BIN_DIR}"
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "build.sh: go is required" >&2; exit 1; }

start_all=$(date +%s)
tmp="$(mktemp -d "${CACHE_ROOT}/.build.XXXXXX")"
trap 'rm -rf "${tmp}"' EXIT
mkdir -p "${tmp}/bin" "${tmp}/mirror"

export CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
kube_minor="$(echo "${KUBE_VERSION#v}" | cut -d. -f2)"
kube_major="$(echo "${KUBE_VERSION#v}" | cut -d. -f1)"

kube_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ldflags+=" -X ${pkg}.gitVersion=${KUBE_VERSION}"
  kube_ldflags+=" -X ${pkg}.gitMajor=${kube_major}"
  kube_ldflags+=" -X ${pkg}.gitMinor=${kube_minor}"
  kube_ldflags+=" -X ${pkg}.gitTreeState=clean"
  kube_ldflags+=" -X ${pkg}.buildDate=${build_date}"
done

step() { # step <label> <command...>
  local label="$1" t0
  shift
  t0=$(date +%s)
  echo "build.sh: building ${label} ..."
  "$@"
  echo "build.sh: ${label} done in $(($(date +%s) - t0))s"
}

cd "${CLUSTER_DIR}"
step "kube-apiserver kube-controller-manager kube-scheduler kubectl ${KUBE_VERSION}" \
  go build -p 2 -trimpath -ldflags "${kube_ldflags}" -o "${tmp}/bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler \
  k8s.io/kubernetes/cmd/kubectl
step "etcd ${ETCD_VERSION}" \
  go build -p 2 -trimpath -ldflags "-s -w" -o "${tmp}/bin/etcd" go.etcd.io/etcd/server/v3

# The remaining tools are independent modules without replace directives.
cd "${tmp}"
step "kwok kwokctl ${KWOK_VERSION}" \
  env GOBIN="${tmp}/bin" go install -p 2 -trimpath -ldflags "-s -w" \
  "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}" "sigs.k8s.io/kwok/cmd/kwokctl@${KWOK_VERSION}"
helm_ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}"
helm_ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  helm_ldflags+=" -X ${pkg}.k8sVersionMajor=${HELM_K8S_MAJOR} -X ${pkg}.k8sVersionMinor=${HELM_K8S_MINOR}"
done
step "helm ${HELM_VERSION}" \
  env GOBIN="${tmp}/bin" go install -p 2 -trimpath -ldflags "${helm_ldflags}" \
  "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"
step "actionlint ${ACTIONLINT_VERSION}" \
  env GOBIN="${tmp}/bin" go install -p 2 -trimpath -ldflags "-s -w" \
  "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}"

# Sanity: the version stamps kwokctl relies on.
"${tmp}/bin/kube-apiserver" --version | grep -q "${KUBE_VERSION}" ||
  { echo "build.sh: kube-apiserver is not stamped ${KUBE_VERSION}" >&2; exit 1; }
"${tmp}/bin/etcd" --version | grep -q "${ETCD_VERSION#v}" ||
  { echo "build.sh: etcd is not ${ETCD_VERSION}" >&2; exit 1; }

# Download mirror, same layout as the upstream download sites:
#   kubectl/<v>/bin/<os>/<arch>/kubectl{,.sha256}
#   helm/helm-<v>-<os>-<arch>.tar.gz{,.sha256sum,.sha256}
goos="$(go env GOOS)"
goarch="$(go env GOARCH)"
kdir="${tmp}/mirror/kubectl/${KUBE_VERSION}/bin/${goos}/${goarch}"
mkdir -p "${kdir}"
cp "${tmp}/bin/kubectl" "${kdir}/kubectl"
printf '%s' "$(sha256sum "${kdir}/kubectl" | cut -d' ' -f1)" >"${kdir}/kubectl.sha256"

helm_src="$(go mod download -json "helm.sh/helm/v3@${HELM_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
hstage="${tmp}/helm-stage/${goos}-${goarch}"
mkdir -p "${hstage}" "${tmp}/mirror/helm"
cp "${tmp}/bin/helm" "${hstage}/helm"
for f in LICENSE README.md; do
  if [[ -n "${helm_src}" && -f "${helm_src}/${f}" ]]; then
    cp "${helm_src}/${f}" "${hstage}/${f}"
    chmod 0644 "${hstage}/${f}"
  fi
done
tarball="helm-${HELM_VERSION}-${goos}-${goarch}.tar.gz"
tar -C "${tmp}/helm-stage" --owner=0 --group=0 --numeric-owner --sort=name \
  --mtime="@0" -cf - "${goos}-${goarch}" | gzip -n >"${tmp}/mirror/helm/${tarball}"
helm_sum="$(sha256sum "${tmp}/mirror/helm/${tarball}" | cut -d' ' -f1)"
echo "${helm_sum}  ${tarball}" >"${tmp}/mirror/helm/${tarball}.sha256sum"
printf '%s' "${helm_sum}" >"${tmp}/mirror/helm/${tarball}.sha256"

# Publish atomically: move into place, then write the marker last.
rm -rf "${BUILD_DIR}.old"
[[ -d "${BUILD_DIR}" ]] && mv "${BUILD_DIR}" "${BUILD_DIR}.old"
mkdir -p "${BUILD_DIR}"
mv "${tmp}/bin" "${BIN_DIR}"
mv "${tmp}/mirror" "${MIRROR_DIR}"
rm -rf "${BUILD_DIR}.old"
date -u +%Y-%m-%dT%H:%M:%SZ >"${BIN_DIR}/.complete"

echo "build.sh: all binaries built in $(($(date +%s) - start_all))s -> ${BIN_DIR}"

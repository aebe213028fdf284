#!/usr/bin/env bash
# Builds (once) every binary the local kwok test cluster needs, from Go modules only:
#   kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl   (this Go module, see go.mod)
#   helm actionlint                                                                    (go install <pkg>@<version>)
# and a download mirror (<cache>/mirror) laid out like the upstream kubectl/helm download sites.
#
# Output: ${KUBE_DEPLOY_CACHE:-$HOME/.cache/kube-deploy}/cluster/<versions key>/{bin,mirror}
# Idempotent: exits at once when bin/.complete exists.
#
# The first build on a machine compiles for a quarter of an hour or so (times per binary below). It
# says which binary it builds (n of m), how long it has run, and roughly how long is left, and repeats
# that every 30 s (BUILD_PROGRESS_INTERVAL) while a binary compiles.
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

# shellcheck source=build-progress.sh
source "${CLUSTER_DIR}/build-progress.sh"

start_all=$(date +%s)
tmp="$(mktemp -d "${CACHE_ROOT}/.build.XXXXXX")"
trap 'progress_stop_ticker; rm -rf "${tmp}"' EXIT
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
helm_ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}"
helm_ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  helm_ldflags+=" -X ${pkg}.k8sVersionMajor=${HELM_K8S_MAJOR} -X ${pkg}.k8sVersionMinor=${HELM_K8S_MINOR}"
done

# One binary at a time, so that the progress can name it. Go compiles the packages of each in
# parallel on every core, and reuses what the binaries before it compiled.
build_binary() { # build_binary <name>
  case "$1" in
    kube-apiserver | kube-controller-manager | kube-scheduler | kubectl)
      (cd "${CLUSTER_DIR}" &&
        go build -trimpath -ldflags "${kube_ldflags}" -o "${tmp}/bin/$1" "k8s.io/kubernetes/cmd/$1") ;;
    etcd)
      (cd "${CLUSTER_DIR}" &&
        go build -trimpath -ldflags "-s -w" -o "${tmp}/bin/etcd" go.etcd.io/etcd/server/v3) ;;
    kwok | kwokctl)
      (cd "${CLUSTER_DIR}" &&
        go build -trimpath -ldflags "-s -w" -o "${tmp}/bin/$1" "sigs.k8s.io/kwok/cmd/$1") ;;
    # Independent modules without replace directives, built outside any module.
    helm)
      (cd "${tmp}" && GOBIN="${tmp}/bin" go install -trimpath -ldflags "${helm_ldflags}" \
        "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}") ;;
    actionlint)
      (cd "${tmp}" && GOBIN="${tmp}/bin" go install -trimpath -ldflags "-s -w" \
        "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}") ;;
  esac
}

echo "build.sh: building into ${BIN_DIR} (Go module cache: $(go env GOMODCACHE), Go build cache: $(go env GOCACHE))"
t0=$(date +%s)
echo "build.sh: downloading the Go modules of test/cluster/go.mod (about 150 MB; nothing when cached) ..."
(cd "${CLUSTER_DIR}" && go mod download)
echo "build.sh: modules ready in $(duration $(($(date +%s) - t0)))"

# go.mod pins what is built here; versions.sh names the versions (and the cache key): they must agree.
for pinned in "k8s.io/kubernetes ${KUBE_VERSION}" "go.etcd.io/etcd/server/v3 ${ETCD_VERSION}" \
  "sigs.k8s.io/kwok ${KWOK_VERSION}"; do
  read -r module version <<<"${pinned}"
  in_go_mod="$(cd "${CLUSTER_DIR}" && go list -m -f '{{.Version}}' "${module}")"
  [[ "${in_go_mod}" == "${version}" ]] ||
    { echo "build.sh: go.mod has ${module} ${in_go_mod}, versions.sh says ${version}" >&2; exit 1; }
done

binaries=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl helm actionlint)
progress_start "${binaries[@]}"
for binary in "${binaries[@]}"; do
  progress_build "${binary}" build_binary "${binary}"
done

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

helm_src="$(cd "${tmp}" && go mod download -json "helm.sh/helm/v3@${HELM_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
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

echo "build.sh: all binaries built in $(duration $(($(date +%s) - start_all))) -> ${BIN_DIR}"

# shellcheck shell=bash
# Progress of build.sh's first build on a machine: which binary it builds (n of m), how long it has
# run, and roughly how long is left. Sourced by build.sh.
#
# The estimate starts from what each binary took here and is then scaled by how fast this machine has
# been on the binaries already built (more cores, a warm Go build cache: faster; a busy machine: slower).

# Seconds each binary took on 2 cores with an empty Go build cache (modules already downloaded), built
# one after the other in build.sh's order: each figure is what that binary adds to the ones before it
# (kubectl reuses most of what kube-apiserver compiled, kwok nearly all of it).
estimated_seconds() {
  case "$1" in
    kube-apiserver) echo 390 ;;
    kube-controller-manager) echo 150 ;;
    kube-scheduler) echo 15 ;;
    kubectl) echo 120 ;;
    etcd) echo 55 ;;
    kwok) echo 20 ;;
    kwokctl) echo 10 ;;
    helm) echo 240 ;;
    actionlint) echo 20 ;;
    *) echo 60 ;;
  esac
}

duration() { # duration <seconds>: 75 -> 1m15s
  if (($1 >= 60)); then printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); else printf '%ds' "$1"; fi
}

PROGRESS_BINARIES=()
PROGRESS_DONE=0
PROGRESS_START=0
PROGRESS_MEASURED=0 # estimated seconds of the binaries built so far
PROGRESS_TOOK=0     # seconds they actually took
PROGRESS_TICKER=""

progress_start() { # progress_start <binary...>: what this build makes, in order
  PROGRESS_BINARIES=("$@")
  PROGRESS_START=$(date +%s)
  local total=0 binary
  for binary in "$@"; do total=$((total + $(estimated_seconds "${binary}"))); done
  echo "build.sh: first build on this machine: ${#PROGRESS_BINARIES[@]} binaries from Go modules," \
    "about $(duration "${total}") on 2 cores (measured), plus module downloads; later starts take seconds"
}

# An estimate scaled by this machine's speed so far (1000 per mille = as measured).
scaled() { # scaled <seconds>
  local per_mille=1000
  ((PROGRESS_MEASURED > 0)) && per_mille=$((PROGRESS_TOOK * 1000 / PROGRESS_MEASURED))
  echo $(($1 * per_mille / 1000))
}

left() { # left <seconds>: the end of a progress line
  if (($1 > 0)); then echo ", about $(duration "$1") left"; fi
}

# Estimated seconds of the binaries from the <index>th on (0-based), scaled.
estimate_from() { # estimate_from <index>
  local rest=0 i
  for ((i = $1; i < ${#PROGRESS_BINARIES[@]}; i++)); do
    rest=$((rest + $(estimated_seconds "${PROGRESS_BINARIES[i]}")))
  done
  scaled "${rest}"
}

progress_ticker() { # progress_ticker <label> <step start> <scaled estimate of the step> <scaled rest>
  local label="$1" since="$2" estimate="$3" rest="$4" now in_step remaining sleeper=""
  # Stopped with TERM: take the pending sleep along, so that nothing outlives the build.
  trap '[[ -n "${sleeper}" ]] && kill "${sleeper}" 2>/dev/null; exit 0' TERM
  while :; do
    sleep "${BUILD_PROGRESS_INTERVAL:-30}" &
    sleeper=$!
    wait "${sleeper}"
    now=$(date +%s)
    in_step=$((now - since))
    if ((in_step < estimate)); then
      remaining="$(left $((estimate - in_step + rest)))"
    else
      remaining=", longer than measured"
      if ((rest > 0)); then remaining+="$(left "${rest}") after it"; fi
    fi
    echo "build.sh: ${label}: $(duration "${in_step}") so far; $(duration $((now - PROGRESS_START))) in all${remaining}"
  done
}

progress_stop_ticker() {
  if [[ -n "${PROGRESS_TICKER}" ]]; then
    kill "${PROGRESS_TICKER}" 2>/dev/null || true
    wait "${PROGRESS_TICKER}" 2>/dev/null || true
    PROGRESS_TICKER=""
  fi
}

progress_build() { # progress_build <binary> <command...>: runs the command that builds <binary>
  local binary="$1" t0 estimate rest took label
  shift
  label="[$((PROGRESS_DONE + 1))/${#PROGRESS_BINARIES[@]}] ${binary}"
  estimate=$(scaled "$(estimated_seconds "${binary}")")
  rest=$(estimate_from $((PROGRESS_DONE + 1)))
  t0=$(date +%s)
  echo "build.sh: ${label} (about $(duration "${estimate}")); $(duration $((t0 - PROGRESS_START))) in all$(left $((estimate + rest)))"
  progress_ticker "${label}" "${t0}" "${estimate}" "${rest}" &
  PROGRESS_TICKER=$!
  "$@"
  progress_stop_ticker
  took=$(($(date +%s) - t0))
  PROGRESS_MEASURED=$((PROGRESS_MEASURED + $(estimated_seconds "${binary}")))
  PROGRESS_TOOK=$((PROGRESS_TOOK + took))
  PROGRESS_DONE=$((PROGRESS_DONE + 1))
  rest=$(estimate_from "${PROGRESS_DONE}")
  echo "build.sh: ${label} built in $(duration "${took}"); $(duration $(($(date +%s) - PROGRESS_START))) in all$(left "${rest}")"
}

#!/usr/bin/env bash
# Runs Blackout's scenario suite split over N machines and merges the shards' reports
# (docs/vagrant.md).
#
#   run-suite.sh [--local] [-n N] [--out DIR] [-- SCENARIOS-ARGS...]
#
#   -n N        how many shards/machines (default: $BLACKOUT_VMS or 2)
#   --out DIR   where the shards' reports, logs and the merged report go (default: suite-report)
#   --local     run the N shards as local processes instead of in VMs (same sharding and merge;
#               for trying the workflow, or on a machine with cores to spare)
#   SCENARIOS-ARGS  passed to every 'blackout scenarios' (e.g. --only ..., --budget 100)
#
# VM mode: 'vagrant up' brings up blackout-1..N (see Vagrantfile), shard i/N runs on blackout-i
# (all at once), each scenarios.json is copied back with 'vagrant ssh -c cat', and the reports are
# merged on this machine with 'blackout merge-reports' (needs Java 17 and Maven here, as ./blackout
# does). Exit status: the merge's (0 all cells as expected, 1 not, 2 error).
set -euo pipefail

die() {
  printf 'run-suite: %s\n' "$*" >&2
  exit 2
}

here=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")
repo=$(dirname -- "$here")
n=${BLACKOUT_VMS:-2}
out=suite-report
local_mode=false
while (($# > 0)); do
  case $1 in
    --local) local_mode=true ;;
    -n)
      (($# >= 2)) || die "-n needs a number"
      n=$2
      shift
      ;;
    --out)
      (($# >= 2)) || die "--out needs a directory"
      out=$2
      shift
      ;;
    -h | --help)
      sed -n '2,17p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    --)
      shift
      break
      ;;
    *) die "unknown argument '$1' (scenario options go after --)" ;;
  esac
  shift
done
[[ $n =~ ^[1-9][0-9]*$ ]] || die "the number of shards must be a positive number, got '$n'"
scenario_args=("$@")
mkdir -p "$out"
out=$(readlink -f -- "$out")
rm -f "$out"/shard-*.json "$out"/shard-*.log

# Build once before the shards start (the launcher rebuilds when sources changed).
"$repo/blackout" models >/dev/null

pids=()
if [[ $local_mode == true ]]; then
  echo "run-suite: $n shards as local processes"
  for ((i = 1; i <= n; i++)); do
    "$repo/blackout" scenarios --shard "$i/$n" --report "$out/shard-$i" "${scenario_args[@]}" \
      >"$out/shard-$i.log" 2>&1 </dev/null &
    pids+=($!)
  done
else
  command -v vagrant >/dev/null 2>&1 || die "vagrant is not installed (or use --local)"
  export BLACKOUT_VMS=$n
  echo "run-suite: bringing up $n machines"
  (cd "$here" && vagrant up)
  remote_args=""
  if ((${#scenario_args[@]} > 0)); then
    remote_args=$(printf ' %q' "${scenario_args[@]}")
  fi
  for ((i = 1; i <= n; i++)); do
    (cd "$here" && vagrant ssh "blackout-$i" -c \
      "cd blackout && ./blackout scenarios --shard $i/$n --report /tmp/blackout-shard$remote_args" \
      </dev/null >"$out/shard-$i.log" 2>&1) &
    pids+=($!)
  done
fi

failed=()
for ((i = 1; i <= n; i++)); do
  status=0
  wait "${pids[i - 1]}" || status=$?
  # 0: every cell as expected, 1: some cell not (the merge says which); anything else failed
  if ((status > 1)); then
    failed+=("$i")
    echo "run-suite: shard $i/$n failed (exit $status); last lines of $out/shard-$i.log:" >&2
    tail -n 5 "$out/shard-$i.log" >&2
  fi
done

for ((i = 1; i <= n; i++)); do
  if [[ $local_mode == true ]]; then
    if [[ -f $out/shard-$i/scenarios.json ]]; then
      cp "$out/shard-$i/scenarios.json" "$out/shard-$i.json"
    fi
  else
    (cd "$here" && vagrant ssh "blackout-$i" -c "cat /tmp/blackout-shard/scenarios.json" \
      </dev/null >"$out/shard-$i.json" 2>/dev/null) || rm -f "$out/shard-$i.json"
  fi
done
((${#failed[@]} == 0)) || die "shard(s) ${failed[*]} of $n failed; see $out/shard-*.log"

reports=()
for ((i = 1; i <= n; i++)); do
  [[ -s $out/shard-$i.json ]] || die "shard $i/$n left no report ($out/shard-$i.json)"
  reports+=("$out/shard-$i.json")
done
echo "run-suite: merging $n reports into $out/merged"
exec "$repo/blackout" merge-reports --out "$out/merged" "${reports[@]}"

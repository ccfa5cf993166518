#!/usr/bin/env bash
# Issue 12's outage measurement: one tune of the demo with the LLM generator and the agent against
# a loopback schema-following model, healthy or faulty (per 20 calls: 6 x 429 with Retry-After
# 0.2 s, 2 x 500, 1 hang). Usage: bench/outage/run-outage-demo.sh healthy|faulty [OUTDIR]
# (after npm run build). Writes OUTDIR/out.json and OUTDIR/rc.txt (exit code, wall seconds).
set -u
mode=${1:?healthy or faulty}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${2:-$(mktemp -d)}
mkdir -p "$out" && cd "$out"
node "$root/bench/outage/outage-server.mjs" "$mode" "$out/url" > "$out/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do [ -s "$out/url" ] && break; sleep 0.1; done
start=$(date +%s.%N)
OPENAI_BASE_URL=$(cat "$out/url") OPENAI_API_KEY=sk-loopback node "$root/dist/src/cli/bin.js" --dataset demo --questions 12 --budget 10 \
  --proposer llm --llm openai:gpt-4o-mini --space "$root/bench/outage/llm-generator.space.json" --seed 5 --no-fidelity ${LLM_TIMEOUT:+--llm-timeout $LLM_TIMEOUT} --json out.json > log.txt 2> err.txt
echo "rc=$?" > rc.txt
echo "wall_s=$(echo "$(date +%s.%N) - $start" | bc)" >> rc.txt
kill "$server"
echo "$out"

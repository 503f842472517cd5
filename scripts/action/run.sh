#!/usr/bin/env bash
# The GitHub Action's step (action.yml): runs `iam-policy-studio check` with the action's inputs
# (INPUT_* variables) in the current folder. The CLI comes from the npm package when
# INPUT_VERSION is set, else from this action's own checkout (built once if dist/ is missing).
# Writes `exit-code=<n>` to $GITHUB_OUTPUT when set, and exits with the check's code.
set -uo pipefail
action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"

if [ -n "${INPUT_VERSION:-}" ]; then
  if ! [[ "$INPUT_VERSION" =~ ^[0-9A-Za-z.+-]+$ ]]; then
    echo "::error::version '$INPUT_VERSION' is not a package version" >&2
    exit 2
  fi
  cli=(npx --yes "iam-policy-studio@$INPUT_VERSION")
else
  if [ ! -f "$action_path/dist/cli.js" ]; then
    echo "Building iam-policy-studio from $action_path" >&2
    (cd "$action_path" && npm ci --no-audit --no-fund --loglevel=error && node scripts/build.mjs --production) >&2 || {
      echo "::error::building iam-policy-studio failed" >&2
      exit 2
    }
  fi
  cli=(node "$action_path/dist/cli.js")
fi

args=(check --fail-on "${INPUT_FAIL_ON:-error}")
[ -n "${INPUT_MAX_WARNINGS:-}" ] && args+=(--max-warnings "$INPUT_MAX_WARNINGS")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
# Paths split on white space; globs reach the CLI unexpanded (it expands them itself).
set -f
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-.})
set +f

if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  "${cli[@]}" "${args[@]}" --format sarif --output "$INPUT_SARIF_FILE" -- "${paths[@]}" >/dev/null
  [ $? -eq 2 ] && { echo "::error::writing the SARIF report failed" >&2; }
fi
"${cli[@]}" "${args[@]}" --format "${INPUT_FORMAT:-github}" -- "${paths[@]}"
code=$?
[ -n "${GITHUB_OUTPUT:-}" ] && echo "exit-code=$code" >> "$GITHUB_OUTPUT"
exit "$code"

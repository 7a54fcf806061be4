#!/bin/sh
# What CI runs on every merge request and on the default branch (run it locally too, after
# `npm install`): type check, synth (fails on any object the cluster would reject, and writes
# nothing then), validate the written manifests strictly, against the target branch's manifests
# when there is one (so changes to immutable fields fail here, not in the GitOps sync), and,
# once dist/ is committed, check that it is what main.ts synthesizes.
#
# BASE_REF: the branch the change goes into (CI sets it for merge requests); empty otherwise.
set -eu

npm run typecheck
npm run synth

previous=""
if [ -n "${BASE_REF:-}" ] && git fetch --quiet --depth=1 origin "$BASE_REF" 2>/dev/null && git cat-file -e FETCH_HEAD:dist 2>/dev/null; then
  base=$(mktemp -d)
  git archive FETCH_HEAD dist | tar -x -C "$base"
  previous="$base/dist"
  echo "checking updates against the manifests of $BASE_REF"
fi
if [ -n "$previous" ]; then
  npx knative-faas-cdk validate dist/ --strict --previous "$previous"
else
  npx knative-faas-cdk validate dist/ --strict
fi

# The event topology of what was synthesized: dangling and cross-tenant edges are listed.
npx knative-faas-cdk topology dist/ --format json > /dev/null

if [ -n "$(git ls-files dist 2>/dev/null)" ] && [ -n "$(git status --porcelain -- dist topology 2>/dev/null)" ]; then
  echo "dist/ or topology/ is not what main.ts synthesizes: run 'npm run synth' and commit the result" >&2
  git status --short -- dist topology >&2
  exit 1
fi
echo "all checks passed"

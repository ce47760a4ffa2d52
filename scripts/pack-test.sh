#!/usr/bin/env bash
# The package as an organisation gets it: `npm pack`, the tarball installed into a fresh folder from the npm cache
# (--prefer-offline: the registry is asked only for what the cache lacks, which after npm ci here is nothing but
# metadata npm may not have kept), `idac init` there (the starter catalog, and --example in another folder),
# then in each new repository `npm ci`, `npm start` and `npm test` as its README says. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/idac-pack-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

# npm pack runs the build (prepare), so the tarball holds dist/ as published.
npm pack --pack-destination "$work" --silent >/dev/null
tarball=$(ls "$work"/idac-*.tgz)
echo "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB)"

# From here on dependencies come from the npm cache that npm ci filled.
export npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error

mkdir "$work/tool"
(cd "$work/tool" && npm init -y >/dev/null && npm install "$tarball" >/dev/null)
idac() { (cd "$work/tool" && npx --no-install idac "$@"); }

# The starter: init installs (writing the lock file npm ci needs), with every placeholder filled in by flags.
idac init "$work/acme" --idac "$tarball" --no-input \
  --tenant-id 7d0f4a52-3b1e-4c8d-9a6f-2e5b8c1d4f70 \
  --break-glass 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f,2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a \
  --state local
# The example: no install by init; a lock file written from the cache, then npm ci.
idac init "$work/example" --idac "$tarball" --no-input --example --no-install
(cd "$work/example" && npm install --package-lock-only >/dev/null)

for repo in acme example; do
  echo "== $repo: npm ci, npm start, npm test"
  (cd "$work/$repo" && npm ci >/dev/null && npm start && npm test)
done
# The organisation's own rule fires in validate with its own ID: a group with one owner breaks the starter's sample.
cat > "$work/one-owner.yaml" <<'YAML'
  - id: fin-single-owner
    displayName: FIN Single owner
    description: A group with one owner, which the organisation's rule ORG-OWNERS-001 reports
    owners: [finance.owner@example.org]
    membership: { type: assigned }
YAML
sed -i "/^groups:\$/r $work/one-owner.yaml" "$work/acme/roles/finance.yaml"
found=$(cd "$work/acme" && npx --no-install idac validate --no-base 2>&1 || true)
if ! grep -q "ORG-OWNERS-001" <<<"$found"; then
  echo "the organisation rule ORG-OWNERS-001 did not fire in the scaffolded repository:" >&2
  echo "$found" >&2
  exit 1
fi
echo "== acme: the organisation rule ORG-OWNERS-001 fires on a group with one owner"
echo "pack test passed: the tarball installs from the npm cache; idac init and idac init --example give repositories whose npm start and npm test pass, and where an organisation rule fires"

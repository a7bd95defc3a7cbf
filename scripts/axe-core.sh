#!/usr/bin/env bash
# The accessibility checker the console's browser tests run in chromium: axe-core, vendored
# from its npm package (MPL-2.0) at a pinned version and checksum. Without arguments: fetch
# the package and (re)write tests/e2e/vendor/axe-core/. With --check: fail unless the vendored
# files are byte for byte those of the pinned package (CI runs this).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.10.3
SHA256=0f2b4d7dcdf7d1219df8d1959ad68e565f51d14c3f0d88bb71cd59abeb956292
DEST=tests/e2e/vendor/axe-core
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$VERSION" >/dev/null)
echo "$SHA256  $work/axe-core-$VERSION.tgz" | sha256sum -c --quiet -
tar xzf "$work/axe-core-$VERSION.tgz" -C "$work"
if [ "${1:-}" = --check ]; then
  cmp "$work/package/axe.min.js" "$DEST/axe.min.js"
  cmp "$work/package/LICENSE" "$DEST/LICENSE"
  echo "axe-core $VERSION: vendored files match the pinned package"
else
  mkdir -p "$DEST"
  cp "$work/package/axe.min.js" "$work/package/LICENSE" "$DEST/"
  echo "axe-core $VERSION vendored into $DEST"
fi

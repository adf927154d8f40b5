#!/usr/bin/env bash
# Copy Digdir Designsystemet's built CSS from node_modules into static/vendor/.
#
# The copied files are committed, so `make run` works even where npm is not
# available; run this (or `npm run vendor`) after changing the version in
# package.json and commit the result. axe-core is NOT vendored: the browser
# tests read node_modules/axe-core/axe.min.js directly.
set -euo pipefail

cd "$(dirname "$0")/.."

src=node_modules/@digdir/designsystemet-css
dest=static/vendor/designsystemet

if [[ ! -f "$src/package.json" ]]; then
    echo "vendor_static: $src is missing; run 'npm ci' first." >&2
    exit 1
fi

version=$(node -p "require('./$src/package.json').version")
mkdir -p "$dest"
# index.css: every component (class + data-attributes), in @layer ds.
cp "$src/dist/src/index.css" "$dest/index.css"
# theme.css: the default "designsystemet" theme built with the same release,
# i.e. the --ds-* tokens (colours, sizes, typography) that index.css reads.
cp "$src/dist/theme/designsystemet.css" "$dest/theme.css"
cp "$src/LICENSE" "$dest/LICENSE"
echo "$version" > "$dest/VERSION"
echo "vendor_static: @digdir/designsystemet-css $version -> $dest/{index.css,theme.css}"

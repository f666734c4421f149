#!/usr/bin/env bash
# Usage: check-release-tag.sh TAG (e.g. v0.2.0)
# Fails unless TAG is `v` followed by the version in generated-client/Cargo.toml:
# what is published to crates.io is the manifest's version, so a tag that names
# another one would mark a release that does not exist.
set -euo pipefail

tag="${1:?usage: check-release-tag.sh TAG (e.g. v0.2.0)}"
manifest="$(cd "$(dirname "$0")/../.." && pwd)/generated-client/Cargo.toml"
# `path+file:///…/generated-client#supabase-management@0.1.0`; cargo resolves
# a version inherited from the workspace too.
package_id="$("${CARGO:-cargo}" pkgid --quiet --manifest-path "$manifest")"
version="${package_id##*[#@]}"

if [ "$tag" != "v$version" ]; then
  echo "::error title=Tag and manifest disagree::the tag is $tag but generated-client/Cargo.toml has version $version: tag v$version, or bump the version and tag again"
  exit 1
fi
echo "the tag $tag matches generated-client/Cargo.toml (version $version)"

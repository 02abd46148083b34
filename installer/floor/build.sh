#!/usr/bin/env bash
# Builds the start-up floor (src/dev/holdfast/floor/Floor.java: a Stage with a Label) as a jpackage
# app-image packaged like Holdfast: a copy of Holdfast's jlinked runtime, the same JavaFX jars on the
# class path, the same launcher java-options (copied from Holdfast's), the same jpackage, and its own start-up cache (AOT cache or
# AppCDS archive, as Holdfast's) made by installer/appcds.sh. Output in target/floor/, apart from
# target/installer/, so it never goes into Holdfast's packages.
#
#   bash installer/build.sh app-image && bash installer/floor/build.sh
#   bash installer/floor/build.sh <Holdfast's build directory> <output directory>   # default target/installer target/floor
set -euo pipefail
cd "$(dirname "$0")/../.."
built=${1:-target/installer}
out=${2:-target/floor}
holdfast=$built/holdfast
[ -x "$holdfast/bin/holdfast" ] || { echo "no Holdfast app-image in $built: run installer/build.sh app-image first" >&2; exit 1; }
jdk=$(cat "$built/jdk")
rm -rf "$out"
mkdir -p "$out/classes" "$out/lib"
cp "$built"/lib/javafx-*.jar "$out/lib/"
classpath=$(printf '%s:' "$out"/lib/javafx-*.jar)
javac --release 17 -cp "$classpath" -d "$out/classes" installer/floor/src/dev/holdfast/floor/Floor.java
jar --create --file "$out/lib/floor.jar" -C "$out/classes" .

# Holdfast's launcher options as its build left them (installer/java-options.sh and what build.sh added for
# this runtime, such as compact object headers), without its start-up cache and version
floor_options=()
while read -r option; do
    floor_options+=(--java-options "$option")
done < <(sed -n 's|^java-options=||p' "$holdfast/lib/app/holdfast.cfg" \
    | grep -v -E '^(-XX:AOTCache=|-XX:SharedArchiveFile=|-Xshare:auto$|-Xlog:(aot|cds)|-Djpackage\.app-version=)')
# The runtime jpackage made for Holdfast (jlinked with build.sh's module list and options), copied.
"$jdk/bin/jpackage" --type app-image --name holdfast-floor --app-version 1.0 --input "$out/lib" --main-jar floor.jar \
    --main-class dev.holdfast.floor.Floor --runtime-image "$holdfast/lib/runtime" \
    "${floor_options[@]}" --dest "$out"
if [ "${HOLDFAST_NO_CDS:-}" = "" ]; then
    bash installer/appcds.sh "$out/holdfast-floor" holdfast-floor
fi

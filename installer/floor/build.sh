#!/usr/bin/env bash
# Builds the start-up floor (src/dev/holdfast/floor/Floor.java: a Stage with a Label) as a jpackage
# app-image packaged like Holdfast: a copy of Holdfast's jlinked runtime, the same JavaFX jars on the
# class path, the same launcher java-options, and its own AppCDS archive made by installer/appcds.sh.
# Output in target/floor/, apart from target/installer/, so it never goes into Holdfast's packages.
#
#   bash installer/build.sh app-image && bash installer/floor/build.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
holdfast=target/installer/holdfast
[ -x "$holdfast/bin/holdfast" ] || { echo "no Holdfast app-image: run installer/build.sh app-image first" >&2; exit 1; }
out=target/floor
rm -rf "$out"
mkdir -p "$out/classes" "$out/lib"
cp target/installer/lib/javafx-*.jar "$out/lib/"
classpath=$(printf '%s:' "$out"/lib/javafx-*.jar)
javac --release 17 -cp "$classpath" -d "$out/classes" installer/floor/src/dev/holdfast/floor/Floor.java
jar --create --file "$out/lib/floor.jar" -C "$out/classes" .

source installer/java-options.sh
floor_options=()
for option in "${java_options[@]}"; do
    floor_options+=(--java-options "$option")
done
# The runtime jpackage made for Holdfast (jlinked with build.sh's module list and options), copied.
jpackage --type app-image --name holdfast-floor --app-version 1.0 --input "$out/lib" --main-jar floor.jar \
    --main-class dev.holdfast.floor.Floor --runtime-image "$holdfast/lib/runtime" \
    "${floor_options[@]}" --dest "$out"
if [ "${HOLDFAST_NO_CDS:-}" = "" ]; then
    bash installer/appcds.sh "$out/holdfast-floor" holdfast-floor
fi

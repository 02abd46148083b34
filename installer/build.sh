#!/usr/bin/env bash
# Builds Holdfast's installers with jpackage (JDK 17): an app-image for this OS and, on Linux, a .deb
# carrying a desktop entry (menu: Network / Remote Access) and a `holdfast` command. The runtime inside
# is jlinked with only the modules the app uses.
#
#   bash installer/build.sh            # app-image + .deb (Linux), output in target/installer/
#   bash installer/build.sh app-image  # only the app-image
#
# Needs a JDK 17 with jpackage, Maven, and on Linux fakeroot and dpkg-deb (Debian: fakeroot, dpkg-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
types=("${@:-app-image deb}")
read -r -a types <<< "${types[*]}"

# The project's version from the pom (the first <version> is the project's own), without -SNAPSHOT.
version=$(sed -n 's|^  <version>\([0-9.]*\).*</version>|\1|p' pom.xml | head -1)
out=target/installer
rm -rf "$out"
mkdir -p "$out/lib"
mvn -B -q -DskipTests package
mvn -B -q dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$out/lib"
# the plain jar, not the runnable-jar profile's -all.jar if an earlier build left one
jar=$(ls target/holdfast-*.jar | grep -v -- '-all\.jar$' | head -1)
cp "$jar" "$out/lib/holdfast.jar"
rm -f "$out"/lib/holdfast-*.jar

# What the app needs from the JDK (found with jdeps on the app and its libraries, checked by starting the
# app-image): JavaFX runs from the class path, so its own needs are listed too.
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,\
java.xml,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata,jdk.charsets,\
jdk.management

source installer/java-options.sh

common=(--name holdfast --app-version "$version" --vendor "Holdfast"
    --description "SSH session manager with keepalives you can see"
    --input "$out/lib" --main-jar holdfast.jar --main-class dev.holdfast.app.Launcher
    --add-modules "$modules" --jlink-options "--strip-debug --no-man-pages --no-header-files"
    --dest "$out")
for option in "${java_options[@]}"; do
    common+=(--java-options "$option")
done

# The app-image comes first: the .deb is made from it.
jpackage --type app-image "${common[@]}" --icon icons/holdfast-256.png
image="$out/holdfast"

# glibc keeps freed native memory; the JVM can hand it back every minute. Older JDK 17 updates lack this
# option or have it only as an experimental one, and an option the JVM refuses stops the app, so it is
# added only if the bundled runtime accepts it.
if "$image/lib/runtime/bin/java" -XX:TrimNativeHeapInterval=60000 -version >/dev/null 2>&1; then
    sed -i 's|^\[JavaOptions\]$|[JavaOptions]\njava-options=-XX:TrimNativeHeapInterval=60000|' "$image/lib/app/holdfast.cfg"
else
    echo "The bundled runtime has no -XX:TrimNativeHeapInterval; the app runs without it." >&2
fi

# AppCDS: start the packaged app once and record the classes it loads into an archive beside the jars;
# the launcher maps it at start (installer/appcds.sh, also used for the start-up floor).
if [ "${HOLDFAST_NO_CDS:-}" = "" ]; then
    bash installer/appcds.sh "$image" holdfast
fi

for type in "${types[@]}"; do
    case "$type" in
        app-image)
            ;;
        deb)
            jpackage --type deb --app-image "$image" --name holdfast --app-version "$version" --vendor "Holdfast" \
                --description "SSH session manager with keepalives you can see" --dest "$out" \
                --resource-dir installer/linux \
                --linux-package-name holdfast --linux-app-category net --linux-shortcut \
                --linux-menu-group "Network;RemoteAccess;" --linux-package-deps "libgtk-3-0, libgl1" \
                --linux-deb-maintainer "holdfast@users.noreply.invalid" \
                --about-url "https://example.invalid/holdfast"
            ;;
        *)
            echo "unknown installer type: $type (app-image, deb)" >&2
            exit 2
            ;;
    esac
done
ls -l "$out"

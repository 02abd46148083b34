#!/usr/bin/env bash
# Builds Holdfast's installers with jpackage: an app-image for this OS and, on Linux, a .deb carrying a
# desktop entry (menu: Network / Remote Access) and a `holdfast` command. The runtime inside is jlinked
# with only the modules the app uses. The app itself is compiled by Maven for Java 17 whatever the JDK.
#
#   bash installer/build.sh            # app-image + .deb (Linux), output in target/installer/
#   bash installer/build.sh app-image  # only the app-image
#
# The runtime, and its start-up cache, come from a JDK 25 or newer when one is found (JAVA_HOME, the
# jpackage or java on the PATH, or one of /usr/lib/jvm/*): the app then starts with an ahead-of-time cache
# (JEP 483/514/515) and compact object headers (JEP 519). Otherwise from the JDK 17-24 on the PATH, with
# an AppCDS archive. HOLDFAST_JDK=<JDK home> picks the JDK; HOLDFAST_INSTALLER_OUT=<dir> builds into
# another directory than target/installer (to keep builds from two JDKs side by side, for
# installer/measure-start.sh); HOLDFAST_COMPACT_HEADERS=0 leaves compact object headers off.
#
# Needs Maven, a JDK 17 or newer with jpackage, and on Linux fakeroot and dpkg-deb (Debian: fakeroot,
# dpkg-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
types=("${@:-app-image deb}")
read -r -a types <<< "${types[*]}"

. installer/jdk.sh
if [ -n "${HOLDFAST_JDK:-}" ]; then
    jdk=$HOLDFAST_JDK
else
    jdk=$(pick_jdk)
fi
[ -x "$jdk/bin/jpackage" ] || { echo "no JDK with jpackage found (HOLDFAST_JDK=<JDK home>)" >&2; exit 1; }
feature=$(jdk_feature "$jdk")
echo "jpackage and the bundled runtime from $jdk (Java $feature)"

# The project's version from the pom (the first <version> is the project's own), without -SNAPSHOT.
version=$(sed -n 's|^  <version>\([0-9.]*\).*</version>|\1|p' pom.xml | head -1)
out=${HOLDFAST_INSTALLER_OUT:-target/installer}
rm -rf "$out"
mkdir -p "$out/lib"
echo "$jdk" > "$out/jdk"   # for installer/floor/build.sh, which packages the floor with the same jpackage
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
java_options_for "$feature"

common=(--name holdfast --app-version "$version" --vendor "Holdfast"
    --description "SSH session manager with keepalives you can see"
    --input "$out/lib" --main-jar holdfast.jar --main-class dev.holdfast.app.Launcher
    --add-modules "$modules" --jlink-options "--strip-debug --no-man-pages --no-header-files"
    --dest "$out")
for option in "${java_options[@]}"; do
    common+=(--java-options "$option")
done

# The app-image comes first: the .deb is made from it.
"$jdk/bin/jpackage" --type app-image "${common[@]}" --icon icons/holdfast-256.png
image="$out/holdfast"

# glibc keeps freed native memory; the JVM can hand it back every minute. Older JDK 17 updates lack this
# option or have it only as an experimental one, and an option the JVM refuses stops the app, so it is
# added only if the bundled runtime accepts it.
if "$image/lib/runtime/bin/java" -XX:TrimNativeHeapInterval=60000 -version >/dev/null 2>&1; then
    sed -i 's|^\[JavaOptions\]$|[JavaOptions]\njava-options=-XX:TrimNativeHeapInterval=60000|' "$image/lib/app/holdfast.cfg"
else
    echo "The bundled runtime has no -XX:TrimNativeHeapInterval; the app runs without it." >&2
fi

# The start-up cache: start the packaged app once and record what it loads into an AOT cache (Java 25 and
# newer) or an AppCDS archive (older) beside the jars; the launcher maps it at start (installer/appcds.sh,
# also used for the start-up floor).
if [ "${HOLDFAST_NO_CDS:-}" = "" ]; then
    bash installer/appcds.sh "$image" holdfast
fi

for type in "${types[@]}"; do
    case "$type" in
        app-image)
            ;;
        deb)
            "$jdk/bin/jpackage" --type deb --app-image "$image" --name holdfast --app-version "$version" --vendor "Holdfast" \
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

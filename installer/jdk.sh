# Sourced by the installer scripts. jdk_feature <JDK or runtime home> prints its feature release (17, 25)
# from its `release` file. pick_jdk prints the JDK that build.sh packages with: the newest JDK 25 or
# newer with jpackage among JAVA_HOME, the JDK of the jpackage or java on the PATH and /usr/lib/jvm/*
# (where Debian installs JDKs), for its ahead-of-time cache; if there is none, the first JDK with
# jpackage among those (JAVA_HOME first).
jdk_feature() {
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

pick_jdk() {
    local candidates=() tool home best= best_feature=0 first= feature
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for tool in jpackage java; do
        if command -v "$tool" >/dev/null; then
            home=$(readlink -f "$(command -v "$tool")")
            candidates+=("${home%/bin/*}")
        fi
    done
    for home in /usr/lib/jvm/*; do
        [ -L "$home" ] || candidates+=("$home")
    done
    for home in "${candidates[@]}"; do
        [ -x "$home/bin/jpackage" ] || continue
        [ -n "$first" ] || first=$home
        feature=$(jdk_feature "$home")
        if [ "${feature:-0}" -ge 25 ] && [ "$feature" -gt "$best_feature" ]; then
            best=$home
            best_feature=$feature
        fi
    done
    echo "${best:-$first}"
}

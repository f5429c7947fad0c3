#!/usr/bin/env bash
# Builds the runtime layer of the pvstream images: a root file system holding a jlink'd JRE of this machine's
# JDK 17 at /opt/java/openjdk (where eclipse-temurin keeps its JRE), the shared libraries it and the native parts of
# our jars (RocksDB, zstd, lz4, snappy) load, a non-root user and writable /tmp and /var/lib/pvstream.
# Jib puts it on the empty `scratch` base as one layer: no registry is needed to build the images (see
# compose/README.md for why).
#
#   compose/images/runtime.sh OUT_DIR      (does nothing when OUT_DIR.complete exists)
set -euo pipefail
out=${1:?usage: runtime.sh OUT_DIR}
[ -f "$out.complete" ] && exit 0
rm -rf "$out" "$out.complete"
mkdir -p "$out"

jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")
jre=$out/opt/java/openjdk
# java.se: everything the platform's libraries may reach for (JDBC, JNDI, JMX, java.net.http, XML, desktop's
# java.beans); the jdk.* modules: Unsafe (Kafka, Avro, Netty), TLS ciphers, JFR, Kafka's JMX metrics, SASL/Kerberos.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.agent,jdk.jfr,\
jdk.naming.dns,jdk.zipfs,jdk.security.auth,jdk.security.jgss,jdk.net,jdk.localedata
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" --strip-debug --no-man-pages \
    --no-header-files --compress=2 --output "$jre"

# Debian's JDK keeps its trust store and security files as symlinks into /etc: copy what they point to.
for link in $(find "$jre" -type l); do
  target=$(readlink -f "$link")
  rm "$link"
  if [ -e "$target" ]; then cp -L "$target" "$link"; fi
done

# Shared libraries: what ldd finds for the JRE's binaries plus the native libraries our jars extract at run time,
# copied to the same paths, with the dynamic loader where the ELF headers expect it.
copy_lib() {
  local path=$1
  [ -e "$path" ] || return 0
  mkdir -p "$out$(dirname "$path")"
  cp -L "$path" "$out$path"
}
# (not the libraries of AWT's X11 and sound back ends: a headless JVM never loads them, and they would bring X11)
libs=$( { find "$jre" -type f \( -name '*.so' -o -path '*/bin/*' \) ! -name 'libawt_xawt.so' ! -name 'libjsound.so' \
          ! -name 'libsplashscreen.so' -exec ldd {} \; 2>/dev/null || true; } \
        | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
for lib in $libs; do
  case "$lib" in /lib*|/usr/lib*) copy_lib "$lib" ;; esac # not the JRE's own (found through $ORIGIN)
done
# RocksDB's JNI library needs libstdc++ (also libjvm's) and the glibc stubs native code built before glibc 2.34 names
for lib in /lib/x86_64-linux-gnu/{libc.so.6,libm.so.6,libdl.so.2,libpthread.so.0,librt.so.1,libstdc++.so.6,libgcc_s.so.1,libz.so.1}; do
  copy_lib "$lib"
done
copy_lib /lib64/ld-linux-x86-64.so.2

mkdir -p "$out/etc" "$out/tmp" "$out/var/lib/pvstream" "$out/home/pvstream"
cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
pvstream:x:10001:10001:pvstream:/home/pvstream:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
pvstream:x:10001:
GROUP
# glibc looks host names up in /etc/hosts (compose writes it) and then DNS (compose's resolver: service names)
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
touch "$out.complete"

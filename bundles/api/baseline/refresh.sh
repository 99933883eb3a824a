#!/usr/bin/env bash
# Makes the api bundle just built the new baseline: run it when the API is published (a release),
# never to silence the baseline check. Usage, from the repository root:
#     mvn -B -pl bundles/api install -Dbnd.baseline.skip=true && bash bundles/api/baseline/refresh.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="$(sed -n 's:.*<api.baseline.version>\(.*\)</api.baseline.version>.*:\1:p' "$HERE/../pom.xml")"
JAR="$(ls "$HERE"/../target/org.toolboxai.api-*.jar | grep -v -e sources -e javadoc | head -1)"
DIR="$HERE/org/toolboxai/org.toolboxai.api/$VERSION"
mkdir -p "$DIR"
cp "$JAR" "$DIR/org.toolboxai.api-$VERSION.jar"
cat > "$DIR/org.toolboxai.api-$VERSION.pom" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.toolboxai</groupId>
  <artifactId>org.toolboxai.api</artifactId>
  <version>$VERSION</version>
  <description>Baseline of the Toolbox API bundle: the exported packages as last published.</description>
</project>
POM
for f in "$DIR"/*.jar "$DIR"/*.pom; do
    sha1sum "$f" | cut -d' ' -f1 | tr -d '\n' > "$f.sha1"
done
echo "baseline $VERSION <- $JAR"

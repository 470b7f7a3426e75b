#!/usr/bin/env bash
# Regenerates the typed client (Generated/) from the served OpenAPI document with Kiota (a local tool: .config/dotnet-tools.json)
# and records the document's SHA-256 (GeneratedClientTests fails when the committed client is of another document).
set -euo pipefail
cd "$(dirname "$0")/../.."
document=functions/NeoBay.Functions/ApiDocs/wwwroot/openapi.json
out=tests/NeoBay.ApiClient.Tests/Generated
# Offline: no update check, no telemetry, no search.
export KIOTA_UPDATE__DISABLED=true KIOTA_OFFLINE_ENABLED=true KIOTA_CLI_TELEMETRY_OPTOUT=true KIOTA_TUTORIAL_ENABLED=false
dotnet tool restore >/dev/null
dotnet kiota generate --language CSharp --openapi "$document" --output "$out" --class-name NeoBayApiClient \
  --namespace-name NeoBay.ApiClient --exclude-backward-compatible --clean-output --log-level Warning
sha256sum "$document" | cut -d' ' -f1 > "$out/openapi.sha256"
echo "client generated from $document ($(cat "$out/openapi.sha256"))"

#!/usr/bin/env bash
# Publishes the CLI self-contained for linux-x64 into publish/ (for a GPU machine without the .NET SDK):
# copy publish/ there, build native/ against its CUDA LibTorch (scripts/setup.sh --cuda --native-only), and run
#   QIRENGAN_NATIVE_LIB=native/build/libqirengan_native.so publish/qirengan info
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet publish "$ROOT/cli/QirenGan.Cli.csproj" -c Release -r linux-x64 --self-contained true -o "$ROOT/publish" -nologo -v q
echo "published to $ROOT/publish ($(du -sh "$ROOT/publish" | cut -f1))"

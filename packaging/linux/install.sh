#!/bin/sh
# Per-user install of 年报助手 (no root needed): program in ~/.local/opt, menu entry,
# icon and the .nianbao draft type so that double-clicking a draft opens it.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}/../opt"
PREFIX=$(mkdir -p "$PREFIX" && cd "$PREFIX" && pwd)
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
rm -rf "$PREFIX/nianbao"
cp -r "$HERE/nianbao" "$PREFIX/nianbao"
mkdir -p "$DATA/applications" "$DATA/mime/packages" "$DATA/icons/hicolor/256x256/apps" "$HOME/.local/bin"
sed "s|@PREFIX@|$PREFIX|g" "$HERE/nianbao.desktop" > "$DATA/applications/nianbao.desktop"
cp "$HERE/nianbao-mime.xml" "$DATA/mime/packages/nianbao.xml"
cp "$HERE/nianbao.png" "$DATA/icons/hicolor/256x256/apps/nianbao.png"
ln -sf "$PREFIX/nianbao/nianbao-cli" "$HOME/.local/bin/nianbao"
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$DATA/applications" || true
command -v xdg-mime >/dev/null 2>&1 && xdg-mime default nianbao.desktop application/x-nianbao-draft || true
echo "年报助手已安装到 $PREFIX/nianbao；可在应用菜单中找到“年报助手”。命令行：nianbao check 草稿.nianbao"

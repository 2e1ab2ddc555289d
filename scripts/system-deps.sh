#!/usr/bin/env bash
# Installs the Debian packages the tests and reports need, only when something is missing:
# chromium (browser tests), CJK fonts (screenshots, PDF), poppler-utils (PDF checks),
# PostgreSQL 15 (the throwaway test database).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Read the font list once: `fc-list | grep -q` under pipefail fails when grep exits early.
fonts=$(fc-list 2>/dev/null || true)
grep -q "Noto Sans CJK" <<<"$fonts" || need+=(fonts-noto-cjk)
grep -qi "WenQuanYi Micro Hei" <<<"$fonts" || need+=(fonts-wqy-microhei)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "缺少系统软件包：${need[*]}。请以 root 运行：apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "安装系统软件包：${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

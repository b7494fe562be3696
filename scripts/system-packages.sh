#!/usr/bin/env bash
# The Debian packages `make test` needs beyond Python, checked before anything else runs.
#
#   bash scripts/system-packages.sh             # root: apt-get install what is missing;
#                                               # anyone else: print the apt-get line and fail
#   bash scripts/system-packages.sh --check     # never install: print the line and fail if needed
#   bash scripts/system-packages.sh --dry-run   # print what would be installed, exit 0
#   bash scripts/system-packages.sh --list      # print the table
#
# Exit status: 0 all present (or installed, or --dry-run); 1 something is missing.
# ZHENGWU_SYSROOT (default empty) is put in front of every probed path, so a test can point the
# check at an empty tree and see what it would install.
set -euo pipefail

# One row per package: package | a file that exists once it is installed (globs allowed) | why.
# A later need is one more row.
TABLE='
postgresql     | /usr/lib/postgresql/*/bin/initdb                     | the PostgreSQL suite runs on a throwaway cluster (scripts/with-postgres.sh)
chromium       | /usr/bin/chromium                                    | the browser tests (tests/e2e) drive Debian'"'"'s Chromium through Playwright
fonts-noto-cjk | /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc | Chinese text in the browser tests renders in a CJK font (layout and contrast checks)
gettext        | /usr/bin/xgettext                                    | the translation check extracts messages with xgettext
nginx          | /usr/sbin/nginx                                      | make deploy-test puts nginx (TLS, static files) in front of two gunicorn instances
openssl        | /usr/bin/openssl                                     | make deploy-test makes its own TLS certificate
redis-server   | /usr/bin/redis-server                                | two web instances share page cache, sessions and lockouts through a real Redis (core/tests/test_shared_state.py)
'

mode="${1:-auto}"
case "$mode" in
  auto | --check | --dry-run | --list) ;;
  *) echo "usage: $0 [--check|--dry-run|--list]" >&2; exit 2 ;;
esac
root="${ZHENGWU_SYSROOT:-}"

rows() { printf '%s\n' "$TABLE" | sed -e '/^[[:space:]]*$/d' -e 's/[[:space:]]*|[[:space:]]*/|/g'; }

if [ "$mode" = "--list" ]; then
  rows | while IFS='|' read -r package probe why; do printf '%-16s %s\n' "$package" "$why"; done
  exit 0
fi

missing=()
while IFS='|' read -r package probe why; do
  package="${package#"${package%%[![:space:]]*}"}"
  present=0
  # Unquoted so that a glob in the probe expands; a pattern matching nothing stays as it is.
  # shellcheck disable=SC2086
  for path in $root$probe; do [ -e "$path" ] && present=1; done
  if [ "$present" = 0 ]; then
    missing+=("$package")
    echo "system-packages: missing $package — $why" >&2
  fi
done < <(rows)

[ "${#missing[@]}" -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$mode" = "--dry-run" ]; then
  echo "would run: $line"
  exit 0
fi
if [ "$mode" = "auto" ] && [ "$(id -u)" = "0" ]; then
  echo "system-packages: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "缺少系统软件包 / missing system packages; run as root, then make test again:" >&2
echo "  sudo $line" >&2
exit 1

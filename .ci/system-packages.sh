#!/usr/bin/env bash
# Install the Debian packages summitbrief needs, by the names this distribution
# gives them (Debian 12/13, Ubuntu 22.04/24.04 and their derivatives).
#
#   .ci/system-packages.sh build   what `make brief` needs: Pango and fontconfig
#                                  for WeasyPrint, the Noto faces, venv, and
#                                  HarfBuzz's subsetter where packaged
#   .ci/system-packages.sh test    what `make test` adds: poppler (page images),
#                                  ShellCheck (`make lint`, and actionlint runs
#                                  it), GNU gettext (the tests run `msgfmt -c`
#                                  on every catalog written), the distribution's
#                                  Chromium where it is a deb
#
# A wanted package with no installation candidate is named and skipped: on
# Ubuntu, Chromium is a snap (no deb since 20.04), and the preview test uses
# Playwright's own browser instead. Only a required build package without a
# candidate is an error, since WeasyPrint cannot print without it.
# OS_RELEASE names the os-release file to read (tests/test_system_packages.py).
set -euo pipefail

role=${1:-}
os_release=${OS_RELEASE:-/etc/os-release}

field() {
	sed -n "s/^$1=//p" "$os_release" 2>/dev/null | tr -d '"' | head -n 1
}

id=$(field ID)
version=$(field VERSION_ID)
like=" $id $(field ID_LIKE) "

# "name|other": the first name with a candidate is installed. HarfBuzz's
# subsetter is its own package from HarfBuzz 6 (Debian 12, Ubuntu 24.04);
# Ubuntu 22.04 ships it inside libharfbuzz0b.
required=()
wanted=()
case $role in
build)
	required=(libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-noto-cjk fonts-noto-core python3-venv)
	wanted=("libharfbuzz-subset0|libharfbuzz0b")
	;;
test)
	required=(poppler-utils shellcheck gettext)
	if [[ $like == *" ubuntu "* ]]; then
		echo "note: Ubuntu's Chromium is a snap, not a deb: the preview test uses Playwright's"
	else
		wanted+=(chromium)
	fi
	;;
*)
	echo "usage: $0 build|test" >&2
	exit 2
	;;
esac

if [[ $like != *" debian "* && $like != *" ubuntu "* ]] || ! command -v apt-get >/dev/null; then
	echo "system packages: ${id:-an unknown system} ${version} is not Debian or Ubuntu;" \
		"install the equivalents of: ${required[*]} ${wanted[*]}"
	exit 0
fi

installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q "install ok installed"
}

has_candidate() {
	local candidate
	candidate=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	[[ -n $candidate && $candidate != "(none)" ]]
}

sudo=()
if [[ $(id -u) != 0 ]]; then
	sudo=(sudo)
fi

# Names not installed yet, each "name|other" kept whole for now.
missing() {
	local choice name
	for choice in "$@"; do
		local found=
		for name in ${choice//|/ }; do
			if installed "$name"; then
				found=1
				break
			fi
		done
		[[ -n $found ]] || echo "$choice"
	done
}

mapfile -t need_required < <(missing "${required[@]}")
mapfile -t need_wanted < <(missing "${wanted[@]}")
if [[ ${#need_required[@]} == 0 && ${#need_wanted[@]} == 0 ]]; then
	exit 0
fi

"${sudo[@]}" apt-get update -qq

pick() {
	local name
	for name in ${1//|/ }; do
		if has_candidate "$name"; then
			echo "$name"
			return
		fi
	done
}

install=()
unavailable=()
for choice in "${need_required[@]}"; do
	name=$(pick "$choice")
	if [[ -z $name ]]; then
		unavailable+=("$choice")
	else
		install+=("$name")
	fi
done
if [[ ${#unavailable[@]} != 0 ]]; then
	echo "error: ${id} ${version} has no package ${unavailable[*]} (needed to $role);" \
		"install it by another name, or see docs/release.md" >&2
	exit 1
fi
for choice in "${need_wanted[@]}"; do
	name=$(pick "$choice")
	if [[ -z $name ]]; then
		echo "note: ${id} ${version} has no package ${choice//|/ or }; skipped"
	else
		install+=("$name")
	fi
done
if [[ ${#install[@]} != 0 ]]; then
	echo "Installing ${id} ${version} packages: ${install[*]}"
	# sudo resets the environment: pass DEBIAN_FRONTEND through it, not around it.
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq "${install[@]}" >/dev/null
fi

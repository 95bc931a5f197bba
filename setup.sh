#!/usr/bin/env bash
# Install everything the build needs, then build build/paper.pdf.
#   TeX Live and friends from Debian's packages (apt-get; sudo when not root),
#   Python packages pinned in requirements.txt into .venv/.
# Safe to re-run: installed packages are skipped.
set -euo pipefail
cd "$(dirname "$0")"

DEBIAN_PACKAGES=(
  texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-pictures
  texlive-plain-generic lmodern
  latexmk latexdiff poppler-utils python3-venv
)
TOOLS=(pdflatex bibtex latexmk latexdiff pdftotext)

missing_packages() {
  local package
  for package in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}

explain_manual_install() {
  cat >&2 <<MSG
setup.sh: cannot install system packages here ($1).
Install these yourself, then run ./setup.sh again:
  Debian/Ubuntu: sudo apt-get install ${DEBIAN_PACKAGES[*]}
  Fedora:        sudo dnf install texlive-scheme-medium latexmk texlive-latexdiff poppler-utils python3
  macOS:         brew install --cask mactex-no-gui && brew install poppler
  Other:         TeX Live (pdflatex, BibTeX, latexmk, latexdiff, and the packages natbib,
                 hyperref, booktabs, enumitem, lmodern), poppler's pdftotext, Python >= 3.11 with venv.
MSG
}

install_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    explain_manual_install "not a Debian-based system"
    return 1
  fi
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      explain_manual_install "not root and sudo is not available"
      return 1
    fi
  fi
  echo "setup.sh: installing Debian packages:" $missing
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

tools_present() {
  local tool
  for tool in "${TOOLS[@]}"; do command -v "$tool" >/dev/null 2>&1 || return 1; done
}

if ! install_system_packages; then
  tools_present || exit 1
  echo "setup.sh: the TeX tools are on PATH already; continuing." >&2
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

.venv/bin/snakemake --cores 2
echo "setup.sh: done; the paper is build/paper.pdf"

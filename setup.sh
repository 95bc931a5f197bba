#!/usr/bin/env bash
# Install everything the build needs, then build build/paper.pdf.
#   TeX Live and friends from Debian's packages (apt-get; sudo when not root),
#   Chromium from Debian's packages for the evidence explorer's browser tests,
#   Python packages pinned in requirements.txt into .venv/.
# Safe to re-run: installed packages are skipped.
set -euo pipefail
cd "$(dirname "$0")"

DEBIAN_PACKAGES=(
  texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-pictures
  texlive-plain-generic lmodern
  latexmk latexdiff poppler-utils python3-venv chromium
)
TOOLS=(pdflatex bibtex latexmk latexdiff pdftotext pdfinfo)

missing_packages() {
  local package
  for package in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}

# Why the system packages could not be installed, and which of them are missing.
cannot_install=""
missing=""

explain_manual_install() {
  local debian_list=${missing:-${DEBIAN_PACKAGES[*]}}
  cat >&2 <<MSG
setup.sh: cannot install system packages here ($cannot_install), and the TeX tools are not
all on PATH. Install these yourself, then run ./setup.sh again:
  Debian/Ubuntu: sudo apt-get install $(echo $debian_list)
  Fedora:        sudo dnf install texlive-scheme-medium latexmk texlive-latexdiff poppler-utils python3
  macOS:         brew install --cask mactex-no-gui && brew install poppler
  Browser tests: Chromium (Debian: chromium; elsewhere any Chromium at /usr/bin/chromium).
  Other:         TeX Live (pdflatex, BibTeX, latexmk, latexdiff and the LaTeX packages lmodern,
                 microtype, geometry, booktabs, longtable, pdflscape, xcolor, TikZ/pgf, enumitem,
                 natbib, hyperref), poppler's pdftotext and pdfinfo, Python >= 3.11 with venv.
MSG
}

install_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    cannot_install="not a Debian-based system"
    return 1
  fi
  missing=$(missing_packages | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      cannot_install="not root and sudo is not available"
      return 1
    fi
  fi
  echo "setup.sh: installing Debian packages: $missing"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

tools_present() {
  local tool
  for tool in "${TOOLS[@]}"; do command -v "$tool" >/dev/null 2>&1 || return 1; done
}

if ! install_system_packages; then
  if ! tools_present; then
    explain_manual_install
    exit 1
  fi
  echo "setup.sh: cannot install system packages ($cannot_install); using the TeX tools already on PATH." >&2
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-nodeps.txt

.venv/bin/snakemake --cores 2
echo "setup.sh: done; the paper is build/paper.pdf"

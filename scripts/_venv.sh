# Sourced by the other scripts: make .venv with the pinned requirements, reinstalling only
# when a requirements file changed, and put it first on PATH.
set -euo pipefail
requirements="${1:-requirements.txt}"
python_bin="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $("$python_bin" --version)"
  "$python_bin" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$requirements")"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$requirements"
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
# Rebuild the translations from the .po files when gettext is present and a .po file is newer
# than its .mo (a start-up of Django saved otherwise); the compiled .mo files are committed, so
# a machine without gettext still runs in Thai.
stale_mo() {
  local po
  for po in locale/*/LC_MESSAGES/*.po; do
    if [ ! -f "${po%.po}.mo" ] || [ "$po" -nt "${po%.po}.mo" ]; then return 0; fi
  done
  return 1
}
if command -v msgfmt >/dev/null 2>&1 && stale_mo; then
  # Compiling needs the settings, not a secret: as a local run, whoever sourced this.
  DJANGO_DEBUG=true python manage.py compilemessages --ignore=.venv --verbosity=0
fi

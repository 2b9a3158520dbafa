"""Starting Django leaves the heavy numeric and plotting libraries unloaded.

Every management command and web worker runs ``django.setup()``, which imports each app's
admin and, through it, much of the app. scikit-learn, SciPy, matplotlib and OR-Tools take
seconds to import, so the modules that use them import them inside the functions that do.
The check runs in a fresh interpreter: the test run itself has long imported them all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("sklearn", "scipy", "matplotlib", "ortools")
PROBE = """
import json, sys
import django
django.setup()
heavy = set(sys.argv[1:])
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & heavy)))
"""


def test_django_setup_imports_no_heavy_library(tmp_path: Path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jastar.config.settings",
        "JASTAR_VAR_DIR": str(tmp_path / "var"),
    }
    done = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", PROBE, *HEAVY],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == [], f"django.setup() imported {', '.join(loaded)}"

"""The production server's workers: what they do once when they load Kompas."""

from __future__ import annotations


def test_a_server_worker_freezes_what_it_loaded_out_of_the_garbage_collector(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "KOMPAS_HTTPS": "false",
        "KOMPAS_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kompas.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import gc, kompas.wsgi; print(gc.get_freeze_count())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert int(out.strip()) > 10_000  # modules, models and URL patterns

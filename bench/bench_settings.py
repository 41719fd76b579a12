"""Tribune's own settings for the discussions benchmark's server, plus one route: a bare
Django endpoint (bench_urls), the framework's ceiling on the same server in the same run.

Used as DJANGO_SETTINGS_MODULE=bench_settings with bench/ on PYTHONPATH (bench/discussions.py
does this); nothing else differs from production settings.
"""

from tribune.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"

"""tribune serve: the production server (gunicorn) plus the feed worker."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 8)


class Command(BaseCommand):
    help = "Serve the site with gunicorn (static files by WhiteNoise) and run the feed worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=default_workers(), help="Web processes.")
        parser.add_argument("--threads", type=int, default=4, help="Threads per web process.")
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the feed worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        call_command("collectstatic", interactive=False, verbosity=0)
        # Imported after collectstatic: WhiteNoise indexes the static files when it loads.
        from tribune.wsgi import application

        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "tribune", "worker"])

        bind = f"[{options['host']}]" if ":" in options["host"] else options["host"]
        config = {
            "bind": f"{bind}:{options['port']}",
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "accesslog": "-",
            "graceful_timeout": 10,
            # gunicorn's control socket would sit in $HOME, shared by every server on the
            # machine; Tribune does not use it.
            "control_socket_disable": True,
            "preload_app": True,
            # Runs in the master only (forked web workers must not stop the feed worker).
            "on_exit": lambda arbiter: _stop(worker) if worker else None,
        }

        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        connections.close_all()  # no connection may cross the fork into web workers
        self.stdout.write(f"Serving on http://{bind}:{options['port']}/")
        try:
            Server().run()
        finally:
            if worker:
                _stop(worker)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()

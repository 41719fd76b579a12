"""Running one measured role of a benchmark in a fresh child process of the same script.

A benchmark script re-runs itself with `--child ROLE --job FILE`; the child writes its result
JSON to the path in the job. Fresh processes keep each system's memory and CPU figures apart.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

CHILD_TIMEOUT = 3600


def run_child(
    script: str, role: str, job: dict[str, Any], work: Path, env: dict[str, str]
) -> dict[str, Any]:
    job = {**job, "result_path": str(work / f"{role}-result.json")}
    job_path = work / f"{role}-job.json"
    job_path.write_text(json.dumps(job))
    cmd = [sys.executable, str(Path(script).resolve()), "--child", role, "--job", str(job_path)]
    completed = subprocess.run(cmd, env=env, cwd=work, timeout=CHILD_TIMEOUT)
    if completed.returncode != 0:
        raise RuntimeError(f"{role} child failed with exit code {completed.returncode}")
    result: dict[str, Any] = json.loads(Path(job["result_path"]).read_text())
    return result

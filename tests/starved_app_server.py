"""A folder server in a process of its own with few file descriptors, driven over stdin/stdout.

``python -m tests.starved_app_server FOLDER LIMIT`` lowers the soft RLIMIT_NOFILE to LIMIT, serves
FOLDER, prints ``{"port": ...}`` and then answers one JSON line per command line:

  stats           log records so far (every logger, every level), the server's counters, CPU seconds
  hog [FREE]      open /dev/null until the process has no descriptor left (or FREE left), kept open
  release         close what ``hog`` opened
  wait-pauses N   return once accepting paused N times (polls; gives up after 30 s)
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

from scapi_widget.serving.app_server import FolderServer

POLL = 0.02
GIVE_UP = 30.0


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def main() -> None:
    folder, limit = Path(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    records = Records()
    logging.getLogger().addHandler(records)
    logging.getLogger().setLevel(logging.DEBUG)
    server = FolderServer(folder)
    held: list[Any] = []

    def stats() -> dict[str, Any]:
        return {
            "records": list(records.lines),
            "accept_pauses": server.http_server.accept_pauses,
            "closed_for_room": server.http_server.connections_closed_for_room,
            "cpu": time.process_time(),
            "hogged": len(held),
        }

    print(json.dumps({"port": server.port}), flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "hog":
            try:
                while True:
                    held.append(open("/dev/null", "rb"))  # kept open on purpose
            except OSError:
                pass
            for _ in range(min(int(args[0]) if args else 0, len(held))):  # leave that many free
                held.pop().close()
        elif command == "release":
            for f in held:
                f.close()
            held.clear()
        elif command == "wait-pauses":
            deadline = time.monotonic() + GIVE_UP
            while server.http_server.accept_pauses < int(args[0]) and time.monotonic() < deadline:
                threading.Event().wait(POLL)
        print(json.dumps(stats()), flush=True)
    server.close()


if __name__ == "__main__":
    main()

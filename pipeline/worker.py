"""What every parse worker process does as it starts, whichever pool started it.

Kept apart from the modules that start pools (they import Scrapy and Twisted): a spawned worker
imports only this, the parser and what the parser needs, which halves its start-up.
"""

from __future__ import annotations

import os
import signal
import threading
import time

#: How often a pool worker checks that the process that started it is still there (seconds).
PARENT_CHECK_S = 0.5


def worker_setup(parent: int) -> None:
    """Initializer of the parse pools' worker processes; ``parent`` is the pool owner's PID
    (``os.getpid()`` there: read here, it could already be whoever adopted an orphan).

    Ctrl-C reaches the whole process group: the workers ignore it and let the parent shut the
    pool down after its in-flight pages. And a worker leaves when its parent is gone: after
    ``kill -9`` a spawned worker would otherwise wait on its task queue for ever (it holds the
    queue's write end too, so it never reads end-of-file), and keep the resource tracker alive.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.getppid() != parent:
        os._exit(1)  # the parent died while this worker was starting
    watcher = threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True)
    watcher.start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)  # no clean-up to do: the parent that wanted the results is gone

"""N processes released at once, each counting one request against a limit of 3 in a fresh SQLite
file (the probe's N3: 20 simultaneous resets sent 5 e-mails). Prints how many were allowed.

Run as: python tests/race_take.py DATABASE_FILE PROCESSES
"""

import multiprocessing
import os
import sys
from datetime import timedelta

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{sys.argv[1]}"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from assessment.models import RequestCount  # noqa: E402
from assessment.request_limits import Limit, take  # noqa: E402

LIMIT = Limit("race", 3, timedelta(hours=1))


def one_request(barrier, results):
    barrier.wait()
    results.put(take(LIMIT, "one address"))
    connection.close()


if __name__ == "__main__":
    with connection.schema_editor() as editor:
        editor.create_model(RequestCount)
    connection.close()
    processes = int(sys.argv[2])
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.Queue()
    workers = [context.Process(target=one_request, args=(barrier, results)) for _ in range(processes)]
    for worker in workers:
        worker.start()
    allowed = sum(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join()
    print(allowed, RequestCount.objects.get().count)

"""The load test behind `make load`: gunicorn and a task worker on 127.0.0.1, and Locust (headless,
FastHttpUser) driving 50 focal points saving answers, 2 reviewers validating or returning submitted
assessments, and 50 readers opening profiles, compare pages and PDFs (the comparison's and
summaries), spawned at 20 a second, for a bounded time; then a check that the database holds
every answer and decision the server acknowledged, and that the task worker left no drawing or
e-mail queued or failed. All traffic stays on loopback.

Locust runs as a library in this process, so the check reads what its users were told. A save
counts as acknowledged only when its redirect to the page it was typed on came back (a decision:
its redirect to the profile); a refusal (400) writes nothing; a request that got no answer may or
may not have been written, and is reported apart. At the end the users finish the request they are
in before they stop, so nothing is cut off between the server's commit and its answer.

Its own CPU use is measured (this process's CPU time over the run) and reported beside the
latencies: on a 2-core machine the load generator competes with the server it measures.
"""

from __future__ import annotations

# Locust patches the standard library for gevent when it is imported: first, before Django.
from locust import FastHttpUser, between, events, task  # isort: skip
from locust.env import Environment  # isort: skip

import collections
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

import gevent
import scratch

PORT = int(os.environ.get("LOAD_PORT", "8766"))  # on 127.0.0.1
WRITERS = READERS = 50
DURATION_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))  # at most 2 minutes, by design
SPAWN_PER_SECOND = 20
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
REVIEWERS = 2  # each validates or returns one submitted assessment at a time
# A user stopping at the end finishes the request it is in (at 11 s latencies on a busy host, a few).
STOP_SECONDS = 120
# The task worker finishes the drawing it is in when told to stop; a full redraw of a cycle takes minutes.
WORKER_STOP_SECONDS = 600
VALUES = ["0", "1", "2", "3", "4", "na", "dk"]
PASSWORD = "load-test-password-1"
SCRATCH, ENVIRONMENT = scratch.start("cdm-load-", os.environ.get("LOAD_DATABASE_URL"))
# Behind the TLS proxy as deployed (docs/deploy.md): each reader is a person at an address of their
# own (X-Forwarded-For), so the per-client limit on PDF renders applies to each as it would.
SERVER_ENVIRONMENT = ENVIRONMENT | {"BEHIND_TLS_PROXY": "true"}

from django_tasks_db.models import DBTaskResult  # noqa: E402

from assessment.framework.selectors import current_framework, framework_content  # noqa: E402
from assessment.models import Answer, Assessment, Economy  # noqa: E402


class Ledger:
    """What the server acknowledged, and what it was sent but never answered.

    sent() opens an entry; acknowledge() or refuse() closes it when the answer comes. An entry left
    open (a timeout, a dropped connection, a 5xx) may or may not have been written."""

    def __init__(self):
        self.acknowledged: dict = {}  # key → the value the server last acknowledged
        self.unanswered: dict[int, dict] = {}  # entry → {key: value} sent, no answer yet
        self.acknowledgements = self.refused = 0
        self._entries = itertools.count()

    def sent(self, values: dict) -> int:
        entry = next(self._entries)
        self.unanswered[entry] = values
        return entry

    def acknowledge(self, entry: int) -> None:
        self.acknowledged |= self.unanswered.pop(entry)
        self.acknowledgements += 1

    def refuse(self, entry: int) -> None:
        del self.unanswered[entry]
        self.refused += 1

    def in_doubt(self) -> dict:
        """key → the values sent without an answer: the database may hold any of them."""
        doubt = collections.defaultdict(set)
        for values in self.unanswered.values():
            for key, value in values.items():
                doubt[key].add(value)
        return doubt

    def compare(self, stored: dict) -> tuple[list, list]:
        """The acknowledged keys the database holds otherwise, and of those the ones that no request
        left unanswered explains: lost or overwritten."""
        doubt = self.in_doubt()
        changed = [key for key, value in self.acknowledged.items() if stored.get(key) != value]
        return changed, [key for key in changed if stored.get(key) not in doubt.get(key, ())]


saves = Ledger()  # (assessment, indicator) → answer value
decisions = Ledger()  # assessment → status
writer_slots = None  # one (session cookie, assessment id) per focal point: never two on one draft
reviewer_cookies = None  # one session cookie per reviewer
reader_addresses = (f"10.0.{n // 250}.{n % 250 + 1}" for n in itertools.count())
profile_urls: list[str] = []
compare_urls: list[str] = []
pdf_urls: list[str] = []
areas: list[tuple[str, list[str]]] = []
to_review: list[int] = []  # submitted assessments the reviewers decide on


def prepare():
    scratch.load(
        [
            ("seed_synthetic", ["--apec", "--first-cycle", "2024", "--cycles", "1", "--scratch"]),
            ("seed_synthetic", ["--economies", "29", "--cycles", "1", "--first-cycle", "2024", "--scratch"]),
        ]
    )
    writers = []
    for index, economy in enumerate(Economy.objects.order_by("code")[:WRITERS]):
        # Each with an address: a decision on their economy's assessment is e-mailed by the worker.
        user, draft = scratch.focal_point(f"load.writer{index}", economy, PASSWORD, f"load.writer{index}@example.org")
        writers.append((scratch.session_cookie(user), draft.pk))
    assert len(writers) == WRITERS, f"{len(writers)} economies for {WRITERS} focal points"
    published = Assessment.objects.filter(cycle=2024, status="validated").select_related("economy").order_by("pk")
    apec = [a.pk for a in published if not a.economy.code.startswith("Z")]
    synthetic = [a for a in published if a.economy.code.startswith("Z")]
    profile_urls[:] = [scratch.profile_address(a.pk) for a in published]
    compare_urls[:] = ["/compare/?cycle=2024", "/compare/?cycle=2024&weights=equal"]
    # The comparison's PDF (every validation changes it) and summaries, three of assessments the
    # reviewers supersede (the summary then carries the mark) and three that stay as they are.
    pdf_urls[:] = ["/compare/summary.pdf?cycle=2024"]
    pdf_urls.extend(f"/assessments/{pk}/summary.pdf" for pk in apec[:3] + [a.pk for a in synthetic[:3]])
    # A reviewer decides on a new version of each of the synthetic economies' 2024 assessments.
    to_review[:] = [scratch.submitted_version(source).pk for source in synthetic]
    random.shuffle(to_review)
    reviewers = [scratch.session_cookie(scratch.reviewer(f"load.reviewer{n}", PASSWORD)) for n in range(REVIEWERS)]
    # The drawings the set-up's content loads queued: the warm-up draws what the readers open, as a
    # server that has run a while has it; the worker draws what the run changes.
    dropped, _ = DBTaskResult.objects.filter(status="READY").delete()
    areas[:] = [
        (area.code, [i.code for i in area.indicators.all()]) for area in framework_content(current_framework()).areas
    ]
    return writers, reviewers, dropped


class FocalPoint(FastHttpUser):
    """Opens an area of the economy's draft, reads and types, saves it, and goes on."""

    fixed_count = WRITERS
    wait_time = between(1.0, 3.0)

    def on_start(self):
        cookie, self.assessment = next(writer_slots)
        self.client.cookiejar.set_cookie(_cookie(*cookie.split("=", 1)))
        self.rng = random.Random(self.assessment)

    @task
    def answer_an_area(self):
        area, codes = self.rng.choice(areas)
        path = scratch.questionnaire_address(self.assessment, area)
        page = _page(self.client, path, "questionnaire GET")
        revision = scratch.page_revision(page)
        if revision is None:
            return
        gevent.sleep(self.rng.uniform(1.0, 3.0))  # reading and typing
        values = {code: self.rng.choice(VALUES) for code in codes}
        entry = saves.sent({(self.assessment, code): value for code, value in values.items()})
        form = scratch.draft_form(revision, values, evidence="Load test.", page=page)
        with _post(self.client, path, form, "draft POST") as response:
            if response.status_code == 302 and response.headers.get("Location") == path:
                saves.acknowledge(entry)
                response.success()
            elif response.status_code == 400:  # an edit conflict or invalid input: nothing written
                saves.refuse(entry)
                response.failure("400: refused")
            else:
                response.failure(f"status {response.status_code}")


class Reader(FastHttpUser):
    """Reads published profiles, the comparison, and PDFs, each from an address of their own."""

    fixed_count = READERS
    wait_time = between(1.0, 3.0)

    def on_start(self):
        self.address = next(reader_addresses)

    @task(3)
    def profile(self):
        self._read(random.choice(profile_urls), "profile GET", b"<!doctype html>")

    @task(1)
    def compare(self):
        self._read(random.choice(compare_urls), "compare GET", b"<!doctype html>")

    @task(1)
    def pdf(self):
        path = random.choice(pdf_urls)
        self._read(path, "comparison PDF GET" if path.startswith("/compare") else "summary PDF GET", b"%PDF-")

    def _read(self, path: str, name: str, starts: bytes):
        headers = {"X-Forwarded-For": self.address}
        with self.client.get(path, name=name, headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif (response.content or b"").lstrip()[: len(starts)].lower() != starts.lower():
                response.failure(f"not {starts.decode()}")
            else:
                response.success()


class Reviewer(FastHttpUser):
    """Reads a submitted assessment's decision page, then returns it, or validates it and confirms."""

    fixed_count = REVIEWERS
    wait_time = between(2.0, 5.0)

    def on_start(self):
        self.client.cookiejar.set_cookie(_cookie(*next(reviewer_cookies).split("=", 1)))

    @task
    def decide(self):
        if not to_review:
            return
        pk = to_review.pop()
        path = scratch.decision_address(pk)
        page = _page(self.client, path, "decision GET")
        if not scratch.csrf_token(page):
            return
        if random.random() < 0.5:
            entry = decisions.sent({pk: "returned"})
            self._decided(entry, pk, path, scratch.return_form("Load test.", page), "return POST")
            return
        # The decision page answers with the publication page; its confirming POST publishes.
        with _post(self.client, path, scratch.validate_form("Load test.", page), "validate: ask POST") as response:
            confirming = response.text if response.status_code == 200 else ""
            if not scratch.csrf_token(confirming or ""):
                response.failure(f"status {response.status_code}, no publication form")
                return
            response.success()
        entry = decisions.sent({pk: "validated"})
        self._decided(
            entry, pk, scratch.publish_address(pk), scratch.publish_form("Load test.", confirming), "validate POST"
        )

    def _decided(self, entry: int, pk: int, path: str, form: dict, name: str):
        with _post(self.client, path, form, name) as response:
            if response.status_code == 302 and response.headers.get("Location") == scratch.profile_address(pk):
                decisions.acknowledge(entry)
                response.success()
            elif response.status_code == 400:
                decisions.refuse(entry)
                response.failure("400: refused")
            else:
                response.failure(f"status {response.status_code}")


def _page(client, path: str, name: str) -> str:
    """The page's HTML, or "" (a failure) when it did not come."""
    with client.get(path, name=name, catch_response=True) as response:
        if response.status_code == 200:
            response.success()
            return response.text or ""
        response.failure(f"status {response.status_code}")
        return ""


def _post(client, path: str, form: dict, name: str):
    headers = {"Referer": f"http://127.0.0.1:{PORT}{path}"}
    return client.post(path, data=form, headers=headers, name=name, allow_redirects=False, catch_response=True)


def _cookie(name: str, value: str):
    from http.cookiejar import Cookie

    return Cookie(0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {})


def warm_up(writers):
    """Let every worker import its libraries and draw the pages once, as a running server has."""
    browser = scratch.Browser(PORT, writers[0][0])
    questionnaire = [scratch.questionnaire_address(writers[0][1], code) for code, _ in areas]
    for _ in range(WORKERS):
        for path in profile_urls[:3] + compare_urls + pdf_urls[:1] + questionnaire:
            browser.request("GET", path)
    for path in profile_urls + compare_urls + pdf_urls:
        status, _body, _seconds = browser.request("GET", path)
        assert status == 200, (path, status)


def task_worker(*extra: str) -> subprocess.Popen:
    """`manage.py db_worker`, as deployed beside gunicorn (docs/deploy.md); its log in the scratch folder."""
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", *extra]
    root = Path(__file__).resolve().parent.parent
    log = (SCRATCH / "worker.log").open("ab")
    return subprocess.Popen(
        command, cwd=root, env=os.environ | SERVER_ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=log
    )


def main():
    global writer_slots, reviewer_cookies
    writers, reviewers, dropped = prepare()
    writer_slots, reviewer_cookies = iter(writers), iter(reviewers)
    print(f"Set-up: {dropped} drawings queued by the content loads dropped (the warm-up draws what readers open).")
    worker = task_worker()
    try:
        with scratch.gunicorn(SERVER_ENVIRONMENT, PORT, WORKERS, log=SCRATCH / "server.log"):
            try:
                warm_up(writers)
            except Exception:
                traceback.print_exc()  # stopping gunicorn can take a while and hide it
                raise
            users = [FocalPoint, Reader, Reviewer]
            environment = Environment(
                user_classes=users, host=f"http://127.0.0.1:{PORT}", events=events, stop_timeout=STOP_SECONDS
            )
            runner = environment.create_local_runner()
            cpu_before, started = _cpu_seconds(), datetime.now(UTC)
            runner.start(WRITERS + READERS + REVIEWERS, spawn_rate=SPAWN_PER_SECOND)
            gevent.spawn_later(DURATION_SECONDS, runner.quit)
            runner.greenlet.join()
            ended = datetime.now(UTC)
            wall, cpu = (ended - started).total_seconds(), _cpu_seconds() - cpu_before
        during = _tasks(finished_before=ended)
    finally:
        drain_started = time.monotonic()
        scratch.stop(worker, WORKER_STOP_SECONDS)  # it finishes the task it is in
    # What the worker had not done yet: done now by a worker that stops when the queue is empty.
    task_worker("--batch").wait()
    drained = time.monotonic() - drain_started
    try:
        report(environment, wall, cpu, during, drained)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _tasks(finished_before: datetime | None = None) -> dict[str, collections.Counter]:
    """Task rows per status, each a count per task (drawings, e-mails); only those finished by then if given."""
    rows = DBTaskResult.objects.all()
    if finished_before is not None:
        rows = rows.filter(finished_at__lte=finished_before)
    counts = collections.defaultdict(collections.Counter)
    for status, path in rows.values_list("status", "task_path"):
        counts[status][path.rsplit(".", 1)[-1]] += 1
    return counts


def report(environment, wall: float, cpu: float, during: dict[str, collections.Counter], drained: float):
    stats = environment.stats
    total = stats.total
    print(f"\n{total.num_requests} requests in {wall:.0f} s: {total.num_requests / wall:.1f} requests/s, "
          f"{total.num_failures} failed")  # fmt: skip
    print(f"Locust's own CPU: {cpu:.1f} s over {wall:.0f} s = {100 * cpu / wall:.0f}% of one core (the machine has "
          f"{os.cpu_count()}); the server had the rest")  # fmt: skip
    print(f"{'request':20} {'count':>6} {'failed':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for entry in [*sorted(stats.entries.values(), key=lambda e: e.name), total]:
        if entry.num_requests:
            p50, p95, p99 = (entry.get_response_time_percentile(share) for share in (0.5, 0.95, 0.99))
            print(f"{entry.name:20} {entry.num_requests:6} {entry.num_failures:6} {p50:8.0f} {p95:8.0f} {p99:8.0f}")
    for error in list(stats.errors.values())[:10]:
        print("failed:", error.method, error.name, error.error, "×", error.occurrences)
    exceptions = environment.runner.exceptions.values()
    for exception in exceptions:
        print("exception in the load script:", exception["msg"], "×", exception["count"], exception["traceback"])
    server_errors = _errors(SCRATCH / "server.log") + _errors(SCRATCH / "worker.log")
    for line in server_errors[:5]:
        print("logged:", line[:500])

    stored = {
        (assessment_id, code): value
        for assessment_id, code, value in Answer.objects.values_list("assessment_id", "indicator__code", "value")
    }
    changed, lost = saves.compare(stored)
    for key in lost[:10]:
        print(f"lost: {key} acknowledged {saves.acknowledged[key]!r}, stored {stored.get(key)!r}")
    print(f"answers acknowledged to the focal points: {len(saves.acknowledged)} in {saves.acknowledgements} saves "
          f"(refused: {saves.refused}; never answered: {len(saves.unanswered)}); stored otherwise: {len(changed)}, "
          f"of which a save never answered explains {len(changed) - len(lost)}; lost: {len(lost)}")  # fmt: skip
    statuses = dict(Assessment.objects.filter(pk__in=decisions.acknowledged).values_list("pk", "status"))
    _, undone = decisions.compare(statuses)
    print(f"reviewer decisions acknowledged: {_counts(collections.Counter(decisions.acknowledged.values()))} "
          f"(refused: {decisions.refused}; never answered: {len(decisions.unanswered)}); "
          f"not in the database: {len(undone)}")  # fmt: skip
    final = _tasks()
    drawn_during = sum(count for name, count in during["SUCCESSFUL"].items() if name.startswith("draw"))
    in_the_end = ", ".join(f"{status} {_counts(counts)}" for status, counts in sorted(final.items()))
    print(f"tasks (drawings, e-mails) done by the worker during the run: {_counts(during['SUCCESSFUL'])}; "
          f"after the rest was drained ({drained:.0f} s after the server stopped): {in_the_end}")  # fmt: skip
    left = sum(sum(counts.values()) for status, counts in final.items() if status != "SUCCESSFUL")
    reads = {name: stats.get(name, "GET").num_requests - stats.get(name, "GET").num_failures for name in
             ("profile GET", "compare GET", "comparison PDF GET", "summary PDF GET")}  # fmt: skip
    p95 = total.get_response_time_percentile(0.95) if total.num_requests else float("inf")
    checks = {
        "no failed request, script exception or logged error": not total.num_failures
        and not exceptions
        and not server_errors,
        "every acknowledged answer and decision in the database, no request unanswered": saves.acknowledged
        and not changed
        and not undone
        and not saves.unanswered
        and not decisions.unanswered,
        "readers got profiles, compare pages, the comparison's and summaries' PDFs": all(reads.values()),
        "the worker drew during the run, and left no task queued, running or failed": (
            drawn_during > 0 or not decisions.acknowledged
        )
        and not left,
        "p95 < 300 ms": p95 < 300,
    }
    for check, met in checks.items():
        print(f"  {'met' if met else 'NOT met'}: {check}")
    met = all(checks.values())
    print(f"targets: {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


def _counts(counts: collections.Counter) -> str:
    return "{" + ", ".join(f"{name} {count}" for name, count in sorted(counts.items())) + "}" if counts else "none"


def _errors(log: Path) -> list[str]:
    """The log's records at ERROR or above (one JSON object a line; anything else is kept as is)."""
    if not log.exists():
        return []
    errors = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("level") in ("ERROR", "CRITICAL"):
            errors.append(line)
    return errors


if __name__ == "__main__":
    main()

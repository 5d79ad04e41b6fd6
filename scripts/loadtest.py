"""The load test behind `make load`: gunicorn and a task worker on 127.0.0.1, and Locust (headless, FastHttpUser)
driving 50 focal points saving answers while 50 readers open profiles and the compare page,
spawned at 20 a second, for a bounded time; then a check that every answer the simulated focal
points saved is in the database. All traffic stays on loopback.

Locust runs as a library in this process, so the nothing-lost check reads what its users saved.
Its own CPU use is measured (this process's CPU time over the run) and reported beside the
latencies: on a 2-core machine the load generator competes with the server it measures.
"""

from __future__ import annotations

# Locust patches the standard library for gevent when it is imported: first, before Django.
from locust import FastHttpUser, between, events, task  # isort: skip
from locust.env import Environment  # isort: skip

import itertools
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

import gevent
import scratch

PORT = int(os.environ.get("LOAD_PORT", "8766"))  # on 127.0.0.1
WRITERS = READERS = 50
DURATION_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))  # at most 2 minutes, by design
SPAWN_PER_SECOND = 20
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
REVIEWERS = 2  # each validates or returns one submitted assessment at a time
SCRATCH, ENVIRONMENT = scratch.start("cdm-load-", os.environ.get("LOAD_DATABASE_URL"))

from django.contrib.auth import get_user_model  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from assessment.answers import services  # noqa: E402
from assessment.framework.selectors import current_framework, framework_content  # noqa: E402
from assessment.models import Answer, Assessment, Economy  # noqa: E402
from assessment.permissions import reviewers_group  # noqa: E402

REVISION = re.compile(r'name="revision" value="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SHOWN = re.compile(r'name="([A-Z]+-\d+)__shown" value="([^"]*)"')

saved: dict[tuple[int, str], str] = {}  # (assessment, indicator) → the value a focal point saved
writer_slots = None  # an iterator of (session cookie, assessment id), one per focal point
reader_urls: list[str] = []
areas: list[tuple[str, list[str]]] = []
reviewer_cookies = None  # an iterator of session cookies, one per reviewer
to_review: list[int] = []  # submitted assessments the reviewers decide on
decided: dict[int, str] = {}  # assessment → the status a reviewer's decision gave it


def prepare():
    scratch.load(
        [
            ("seed_synthetic", ["--apec", "--first-cycle", "2024", "--cycles", "1", "--scratch"]),
            ("seed_synthetic", ["--economies", "29", "--cycles", "1", "--first-cycle", "2024", "--scratch"]),
        ]
    )
    writers = []
    for index, economy in enumerate(Economy.objects.order_by("code")[:WRITERS]):
        user = get_user_model().objects.create_user(f"load.writer{index}", password="load-test-password-1")
        economy.members.add(user)
        draft = services.start_assessment(user=user, economy=economy, cycle=scratch.OPEN_YEAR)
        writers.append((scratch.session_cookie(user), draft.pk))
    published = list(Assessment.objects.filter(cycle=2024).values_list("pk", flat=True))
    urls = [f"/assessments/{pk}/" for pk in published]
    urls += ["/compare/?cycle=2024", "/compare/?cycle=2024&weights=equal"]
    # PDFs: the comparison's and a few summaries (each client may make 20 renders that miss the cache).
    urls += ["/compare/summary.pdf?cycle=2024"] + [f"/assessments/{pk}/summary.pdf" for pk in published[:5]]
    framework_areas = framework_content(current_framework()).areas
    return writers, urls, [(area.code, [i.code for i in area.indicators.all()]) for area in framework_areas]


def prepare_reviews() -> list[str]:
    """Reviewers, and a new version submitted for review of every 2024 assessment of the Z economies."""
    cookies = []
    for index in range(REVIEWERS):
        user = get_user_model().objects.create_user(f"load.reviewer{index}", password="load-test-password-1")
        user.groups.add(reviewers_group())
        cookies.append(scratch.session_cookie(user))
    for source in Assessment.objects.filter(cycle=2024, economy__code__startswith="Z", status="validated"):
        version = Assessment.objects.create(
            economy=source.economy, cycle=2024, framework=source.framework, version=source.version + 1,
            supersedes=source, status=Assessment.Status.SUBMITTED,
        )  # fmt: skip
        services.copy_answers(source=source, target=version, user=None, carried_from=None)
        to_review.append(version.pk)
    random.shuffle(to_review)
    return cookies


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
        path = f"/assessments/{self.assessment}/areas/{area}/"
        page = self.client.get(path, name="questionnaire GET").text
        gevent.sleep(self.rng.uniform(1.0, 3.0))
        values = {code: self.rng.choice(["0", "1", "2", "3", "4", "na", "dk"]) for code in codes}
        form = {"revision": REVISION.search(page).group(1), "action": "save"}
        form["csrfmiddlewaretoken"] = CSRF.search(page).group(1)
        form |= {f"{code}__shown": shown for code, shown in SHOWN.findall(page)}
        for code, value in values.items():
            form |= {f"{code}__value": value, f"{code}__evidence": f"load test {value}", f"{code}__link": "",
                     f"{code}__comment": ""}  # fmt: skip
        headers = {"Referer": f"http://127.0.0.1:{PORT}{path}"}
        with self.client.post(
            path, data=form, headers=headers, name="draft POST", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                saved.update({(self.assessment, code): value for code, value in values.items()})
                response.success()
            else:
                response.failure(f"status {response.status_code}")


class Reader(FastHttpUser):
    """Reads published profiles and the comparison."""

    fixed_count = READERS
    wait_time = between(1.0, 3.0)

    @task
    def read(self):
        path = random.choice(reader_urls)
        name = "PDF GET" if path.endswith(".pdf") else "compare GET" if path.startswith("/compare") else "profile GET"
        self.client.get(path, name=name)


class Reviewer(FastHttpUser):
    """Reads a submitted assessment's decision page, then validates it or returns it."""

    fixed_count = REVIEWERS
    wait_time = between(2.0, 5.0)

    def on_start(self):
        self.client.cookiejar.set_cookie(_cookie(*next(reviewer_cookies).split("=", 1)))

    @task
    def decide(self):
        if not to_review:
            return
        pk = to_review.pop()
        path = f"/assessments/{pk}/decision/"
        page = self.client.get(path, name="decision GET").text
        decision = random.choice(["validate", "return"])
        form = {"decision": decision, "comment": "Load test.", "csrfmiddlewaretoken": CSRF.search(page).group(1)}
        headers = {"Referer": f"http://127.0.0.1:{PORT}{path}"}
        if decision == "validate":
            # The decision page asks for confirmation; the publication page's confirming POST publishes.
            form = {"confirmed": "on", "comment": "Load test.", "csrfmiddlewaretoken": form["csrfmiddlewaretoken"]}
            path += "publish/"
        with self.client.post(
            path, data=form, headers=headers, name=f"{decision} POST", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                decided[pk] = "validated" if decision == "validate" else "returned"
                response.success()
            else:
                response.failure(f"status {response.status_code}")


def _cookie(name: str, value: str):
    from http.cookiejar import Cookie

    return Cookie(0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {})


def warm_up(writers):
    """Let every worker import its libraries and draw the charts once, as a running server has."""
    browser = scratch.Browser(PORT, writers[0][0])
    for _ in range(WORKERS):
        for path in reader_urls[:5] + [f"/assessments/{writers[0][1]}/areas/{code}/" for code, _ in areas]:
            browser.request("GET", path)
    for path in reader_urls:
        browser.request("GET", path)


def task_worker(*extra: str) -> subprocess.Popen:
    """`manage.py db_worker`, as deployed beside gunicorn (docs/deploy.md)."""
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", *extra]
    root = Path(__file__).resolve().parent.parent
    return subprocess.Popen(command, cwd=root, env=os.environ | ENVIRONMENT, stdout=subprocess.DEVNULL)


def main():
    global writer_slots, reader_urls, areas, reviewer_cookies
    writers, reader_urls, areas = prepare()
    writer_slots = itertools.cycle(writers)
    reviewer_cookies = itertools.cycle(prepare_reviews())
    worker = task_worker()
    with scratch.gunicorn(ENVIRONMENT, PORT, WORKERS):
        try:
            warm_up(writers)
        except Exception:
            traceback.print_exc()  # stopping gunicorn can time out and hide it
            raise
        users = [FocalPoint, Reader, Reviewer]
        environment = Environment(user_classes=users, host=f"http://127.0.0.1:{PORT}", events=events)
        runner = environment.create_local_runner()
        cpu_before, started = _cpu_seconds(), time.time()
        runner.start(WRITERS + READERS + REVIEWERS, spawn_rate=SPAWN_PER_SECOND)
        gevent.spawn_later(DURATION_SECONDS, runner.quit)
        runner.greenlet.join()
        wall, cpu = time.time() - started, _cpu_seconds() - cpu_before
    worker.terminate()
    worker.wait()
    task_worker("--batch").wait()  # what the worker had not done yet: done now, nothing dropped
    try:
        report(environment.stats, wall, cpu)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report(stats, wall: float, cpu: float):
    total = stats.total
    saves = stats.get("draft POST", "POST").num_requests
    print(f"\n{saves} draft saves, {total.num_requests} requests in {wall:.0f} s: "
          f"{total.num_requests / wall:.1f} requests/s, {total.num_failures} errors")  # fmt: skip
    print(f"Locust's own CPU: {cpu:.1f} s over {wall:.0f} s = {100 * cpu / wall:.0f}% of one core (the machine has "
          f"{os.cpu_count()}); the server had the rest")  # fmt: skip
    print(f"{'request':20} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for entry in [*sorted(stats.entries.values(), key=lambda e: e.name), total]:
        if entry.num_requests:
            p50, p95, p99 = (entry.get_response_time_percentile(share) for share in (0.5, 0.95, 0.99))
            print(f"{entry.name:20} {entry.num_requests:6} {p50:8.0f} {p95:8.0f} {p99:8.0f}")
    for error in list(stats.errors.values())[:10]:
        print("error:", error.name, error.error, error.occurrences)
    stored = {
        (assessment_id, code): value
        for assessment_id, code, value in Answer.objects.values_list("assessment_id", "indicator__code", "value")
    }
    lost = [key for key, value in saved.items() if stored.get(key) != value]
    print(f"answers saved by the focal points: {len(saved)}; missing or different in the database: {len(lost)}")
    statuses = dict(Assessment.objects.filter(pk__in=decided).values_list("pk", "status"))
    undone = [pk for pk, status in decided.items() if statuses.get(pk) != status]
    tasks = {status: DBTaskResult.objects.filter(status=status).count() for status in ("SUCCESSFUL", "FAILED", "READY")}
    print(f"reviewer decisions: {len(decided)}; not in the database: {len(undone)}; tasks {tasks}")
    p95 = total.get_response_time_percentile(0.95) if total.num_requests else float("inf")
    lost_tasks = tasks["FAILED"] + tasks["READY"]
    met = not total.num_failures and not lost and not undone and not lost_tasks and p95 < 300 and saved
    print(f"targets (0 errors, 0 lost answers, decisions or tasks, p95 < 300 ms): {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()

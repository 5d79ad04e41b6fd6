"""The load test behind `make load`: gunicorn on 127.0.0.1, 50 focal points saving answers while
50 readers open profiles and the compare page, for a bounded time; then a check that every
answer the simulated focal points saved is in the database. All traffic stays on loopback.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import scratch

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("LOAD_PORT", "8766"))  # on 127.0.0.1
WRITERS = READERS = 50
DURATION_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))  # at most 2 minutes, by design
THINK_SECONDS = (1.0, 3.0)  # a person reads and types between two requests
SPAWN_PER_SECOND = 20  # simulated people arrive over five seconds, as Locust's --spawn-rate does
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
SCRATCH, ENVIRONMENT = scratch.start("cdm-load-", os.environ.get("LOAD_DATABASE_URL"))

from django.contrib.auth import get_user_model  # noqa: E402

from assessment import selectors, services  # noqa: E402
from assessment.models import Answer, Assessment, Economy  # noqa: E402

REVISION = re.compile(rb'name="revision" value="(\d+)"')
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    saved: dict[tuple[int, str], str] = field(default_factory=dict)  # (assessment, indicator) → value

    def record(self, kind: str, seconds: float, error: str | None = None):
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


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
        draft = services.start_assessment(user=user, economy=economy, cycle=2025)
        writers.append((scratch.session_cookie(user), draft.pk))
    readers_urls = [f"/assessments/{pk}/" for pk in Assessment.objects.filter(cycle=2024).values_list("pk", flat=True)]
    readers_urls += ["/compare/?cycle=2024", "/compare/?cycle=2024&weights=equal"]
    areas = [
        (area.code, [i.code for i in area.indicators.all()])
        for area in selectors.framework_content(selectors.current_framework()).areas
    ]
    return writers, readers_urls, areas


def writer(cookie: str, assessment_pk: int, areas, results: Results, stop_at: float, rng: random.Random):
    browser = scratch.Browser(PORT, cookie)
    while time.time() < stop_at:
        area, codes = rng.choice(areas)
        path = f"/assessments/{assessment_pk}/areas/{area}/"
        try:
            status, page, elapsed = browser.request("GET", path)
            results.record("questionnaire GET", elapsed, None if status == 200 else f"status {status}")
            time.sleep(rng.uniform(*THINK_SECONDS))
            values = {code: rng.choice(["0", "1", "2", "3", "4", "na", "dk"]) for code in codes}
            form = {"revision": REVISION.search(page).group(1).decode(), "action": "save"}
            form["csrfmiddlewaretoken"] = CSRF.search(page).group(1).decode()
            for code, value in values.items():
                form |= {f"{code}__value": value, f"{code}__evidence": f"load test {value}", f"{code}__link": "",
                         f"{code}__comment": ""}  # fmt: skip
            status, _, elapsed = browser.request("POST", path, form)
            ok = status == 302
            results.record("draft POST", elapsed, None if ok else f"status {status}")
            if ok:
                with results.lock:
                    results.saved |= {(assessment_pk, code): value for code, value in values.items()}
        except Exception as error:  # a dropped connection or a timeout is a load-test error, not a crash
            results.record("writer", 0.0, repr(error))
        time.sleep(rng.uniform(*THINK_SECONDS))


def reader(urls: list[str], results: Results, stop_at: float, rng: random.Random):
    browser = scratch.Browser(PORT)
    while time.time() < stop_at:
        path = rng.choice(urls)
        kind = "compare GET" if path.startswith("/compare") else "profile GET"
        try:
            status, _, elapsed = browser.request("GET", path)
            results.record(kind, elapsed, None if status == 200 else f"status {status}")
        except Exception as error:
            results.record(kind, 0.0, repr(error))
        time.sleep(rng.uniform(*THINK_SECONDS))


def warm_up(writers, reader_urls, areas):
    """Let every worker import its libraries and draw the charts once, as a running server has."""
    browser = scratch.Browser(PORT, writers[0][0])
    for _ in range(WORKERS):
        for path in reader_urls[:5] + [f"/assessments/{writers[0][1]}/areas/{code}/" for code, _ in areas]:
            browser.request("GET", path)
    for path in reader_urls:
        browser.request("GET", path)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    writers, reader_urls, areas = prepare()
    with scratch.gunicorn(ENVIRONMENT, PORT, WORKERS, extra=("--access-logfile", "-")):
        warm_up(writers, reader_urls, areas)
        results = Results()
        stop_at = time.time() + DURATION_SECONDS
        threads = [
            threading.Thread(target=writer, args=(cookie, pk, areas, results, stop_at, random.Random(n)))
            for n, (cookie, pk) in enumerate(writers)
        ] + [
            threading.Thread(target=reader, args=(reader_urls, results, stop_at, random.Random(1000 + n)))
            for n in range(READERS)
        ]
        started = time.time()
        random.Random(7).shuffle(threads)
        for thread in threads:
            thread.start()
            time.sleep(1 / SPAWN_PER_SECOND)
        for thread in threads:
            thread.join(timeout=DURATION_SECONDS + 60)
        wall = time.time() - started
    try:
        report(results, wall)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


def report(results: Results, wall: float):
    every = [latency for latencies in results.latencies.values() for latency in latencies]
    saves = len(results.latencies.get("draft POST", []))
    print(f"\n{saves} draft saves, {len(every)} requests in {wall:.0f} s: "
          f"{len(every) / wall:.1f} requests/s, {len(results.errors)} errors")  # fmt: skip
    print(f"{'request':20} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, latencies in sorted(results.latencies.items()) + [("all", every)]:
        if latencies:
            print(f"{kind:20} {len(latencies):6} {percentile(latencies, .5) * 1000:8.1f} "
                  f"{percentile(latencies, .95) * 1000:8.1f} {percentile(latencies, .99) * 1000:8.1f}")  # fmt: skip
    for error in results.errors[:10]:
        print("error:", error)
    stored = {
        (assessment_id, code): value
        for assessment_id, code, value in Answer.objects.values_list("assessment_id", "indicator__code", "value")
    }
    lost = [key for key, value in results.saved.items() if stored.get(key) != value]
    print(f"answers saved by the focal points: {len(results.saved)}; missing or different in the database: {len(lost)}")
    p95 = percentile(every, 0.95) * 1000 if every else float("inf")
    met = not results.errors and not lost and p95 < 300 and saves > 0
    print(f"targets (0 errors, 0 lost answers, p95 < 300 ms): {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()

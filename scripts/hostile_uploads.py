"""The hostile-upload rows of `make bench`: each crafted workbook of the security probe uploaded
through gunicorn with one sync worker (as docs/deploy.md runs it), a fresh worker per file, so
that its peak resident memory (VmHWM) is that upload's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import scratch

from tests.hostile_files import hostile_workbooks

PORT = 8769
LIMIT_SECONDS = 2.0
LIMIT_RSS_MB = 250.0
LIMIT_RESPONSE_KB = 200.0
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Upload:
    name: str
    upload_kb: float
    status: int
    seconds: float
    response_kb: float
    peak_rss_mb: float

    @property
    def met(self) -> bool:
        return (
            self.seconds < LIMIT_SECONDS
            and self.peak_rss_mb < LIMIT_RSS_MB
            and self.response_kb < LIMIT_RESPONSE_KB
            and self.status == 400
        )


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def measure(environment: dict[str, str], user, draft) -> list[Upload]:
    """Upload every crafted file to the draft's workbook page and measure each answer."""
    cookie = scratch.session_cookie(user)
    with scratch.gunicorn(environment, PORT) as server:
        _, base, _ = scratch.Browser(PORT, cookie).request("GET", f"/assessments/{draft.pk}/workbook.xlsx")
    uploads = []
    for name, build in hostile_workbooks(base).items():
        content = build()
        with scratch.gunicorn(environment, PORT) as server:
            worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])
            browser = scratch.Browser(PORT, cookie)
            path = f"/assessments/{draft.pk}/workbook/"
            _, page, _ = browser.request("GET", path)
            token = CSRF.search(page).group(1).decode()
            status, body, seconds = browser.request(
                "POST", path, {"csrfmiddlewaretoken": token}, files={"workbook": ("answers.xlsx", content)}
            )
            uploads.append(Upload(name, len(content) / 1024, status, seconds, len(body) / 1024, peak_rss_mb(worker)))
    return uploads


def report(uploads: list[Upload]) -> str:
    lines = [
        f"\nHostile uploads (gunicorn, 1 sync worker; targets: answered < {LIMIT_SECONDS:g} s, "
        f"worker peak < {LIMIT_RSS_MB:g} MB, response < {LIMIT_RESPONSE_KB:g} KB)",
        f"{'crafted file':40} {'upload':>9} {'HTTP':>5} {'time':>8} {'response':>9} {'peak RSS':>9}  met",
        "-" * 92,
    ]
    for upload in uploads:
        lines.append(
            f"{upload.name:40} {upload.upload_kb:7.0f} KB {upload.status:5} {upload.seconds:6.2f} s "
            f"{upload.response_kb:6.1f} KB {upload.peak_rss_mb:6.1f} MB  {'yes' if upload.met else 'NO'}"
        )
    return "\n".join(lines)

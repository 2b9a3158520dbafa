"""The load generator of ``bench/load.py``: simulated office users sending HTTP requests.

It runs in a process of its own (started by ``bench/load.py``) so that its work is not
counted in the server's, and needs no Django: plain ``http.client`` connections to the
loopback address, one thread per user. Each user signs in through the login page (a
session cookie), waits for the others, then loops over a weighted mix of read requests
until the warm-up and the measured window have passed (or its share of the request cap
is used up). Paths under ``/api/`` are sent with the user's API token instead of the
session cookie. Every request is recorded as (start, kind, status, latency); a status of
0 stands for a request that failed without an answer (timeout, dropped connection).
"""

from __future__ import annotations

import http.client
import math
import random
import re
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

KINDS = ("search", "person", "recommendations", "dashboard")
DEFAULT_MIX = "search=3,person=3,recommendations=2,dashboard=1"
DEFAULT_PATHS = {
    "search": "/people/?q={query}",
    "person": "/people/{id}/",
    "recommendations": "/api/v1/people/{id}/recommendations/",
    "dashboard": "/dashboard/?year=2025",
}
LOGIN_PATH = "/login/"
# Examples of failed requests kept for the report (the counts are always complete).
ERROR_EXAMPLES = 10
_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- The mix of requests (pure) ---------------------------------------------------------


def parse_mix(text: str) -> dict[str, float]:
    """``"search=3,person=3,..."`` as weights by kind; kinds left out weigh nothing."""
    weights = dict.fromkeys(KINDS, 0.0)
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        kind, sep, number = item.partition("=")
        kind = kind.strip()
        if kind not in weights:
            raise ValueError(f"unknown request kind {kind!r} (kinds: {', '.join(KINDS)})")
        try:
            weight = float(number) if sep else math.nan
        except ValueError:
            weight = math.nan
        if not weight >= 0 or math.isinf(weight):
            raise ValueError(f"the weight of {kind} must be a number of 0 or more")
        weights[kind] = weight
    if not any(weights.values()):
        raise ValueError("at least one request kind needs a weight above 0")
    return weights


@dataclass(frozen=True)
class Pool:
    """What one kind of user asks about: person ids and search texts in their scope."""

    ids: list[int]
    queries: list[str]


def search_queries(people: Sequence[tuple[str, str, str]]) -> list[str]:
    """Search texts an office worker types for (IIN, last name, first name) rows: the first
    letters of a last name, a last and first name, or the birth-date part of an IIN."""
    queries = []
    for iin, last_name, first_name in people:
        if len(last_name) >= 3:
            queries.append(last_name[:4])
        if last_name and first_name:
            queries.append(f"{last_name} {first_name}")
        if len(iin) >= 6:
            queries.append(iin[:6])
    return queries


def request_path(kind: str, template: str, pool: Pool, rng: random.Random) -> str:
    """The path of one request of ``kind``: the template with a sampled id or query."""
    if kind == "search":
        return template.format(query=quote(rng.choice(pool.queries)))
    if "{id}" in template:
        return template.format(id=rng.choice(pool.ids))
    return template


def pick_kind(weights: dict[str, float], rng: random.Random) -> str:
    """A request kind drawn with the mix's weights."""
    kinds = [k for k, w in weights.items() if w > 0]
    return rng.choices(kinds, weights=[weights[k] for k in kinds])[0]


def uses_token(path: str) -> bool:
    """API paths are called with the user's token, pages with the session cookie."""
    return path.startswith("/api/")


# --- Figures (pure) -----------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank: the smallest value with at least ``q`` per cent
    of the values at or below it); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True)
class Record:
    """One request: start (seconds from the common start), kind, HTTP status, latency."""

    at: float
    kind: str
    status: int
    ms: float
    failed: bool


@dataclass(frozen=True)
class Row:
    """The figures of one kind (or of all) over a window."""

    kind: str
    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    max: float
    errors: int


def summarise(records: Sequence[Record], start: float, end: float) -> list[Row]:
    """Figures per kind and in total for requests started in [start, end)."""
    seconds = max(end - start, 1e-9)
    chosen = [r for r in records if start <= r.at < end]
    rows = []
    for kind in [*sorted({r.kind for r in chosen}, key=_kind_order), "total"]:
        mine = [r for r in chosen if kind in (r.kind, "total")]
        times = [r.ms for r in mine]
        rows.append(
            Row(
                kind=kind,
                requests=len(mine),
                per_second=len(mine) / seconds,
                p50=percentile(times, 50),
                p95=percentile(times, 95),
                p99=percentile(times, 99),
                max=max(times, default=math.nan),
                errors=sum(r.failed for r in mine),
            )
        )
    return rows


def _kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


def rows_table(rows: Sequence[Row]) -> str:
    """Rows as a fixed-width table."""
    lines = [
        f"{'kind':<16}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'max ms':>9}{'errors':>8}"
    ]
    for r in rows:
        lines.append(
            f"{r.kind:<16}{r.requests:>9,}{r.per_second:>8.1f}{_ms(r.p50)}{_ms(r.p95)}"
            f"{_ms(r.p99)}{_ms(r.max)}{r.errors:>8,}"
        )
    return "\n".join(lines)


def _ms(value: float) -> str:
    return f"{'-':>9}" if value != value else f"{value:>9,.0f}"


def is_failure(status: int, location: str) -> bool:
    """An error: no answer, an answer other than 2xx/3xx, or a redirect to the sign-in
    page (the session was lost, so the page was never produced)."""
    if not 200 <= status < 400:
        return True
    return 300 <= status < 400 and LOGIN_PATH in location


# --- HTTP ---------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    location: str
    body: bytes


class Client:
    """One user's connection with its cookies. ``http.client`` opens the connection again
    when the server closed it (gunicorn's sync workers close after every answer)."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, *, token: str = "", form: str = "") -> Answer:
        headers = {"Accept-Language": "kk"}
        if token:
            headers["Authorization"] = f"Token {token}"
        elif self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=form or None, headers=headers)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise
        if not token:
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return Answer(response.status, response.headers.get("Location", ""), body)

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            name, _sep, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def close(self) -> None:
        self.connection.close()


class SignInFailed(Exception):
    pass


def sign_in(client: Client, username: str, password: str) -> None:
    """Sign in through the login page as a browser does (CSRF token, then the form)."""
    page = client.send("GET", LOGIN_PATH)
    found = _CSRF_FIELD.search(page.body)
    if page.status != 200 or found is None:
        raise SignInFailed(f"login page answered {page.status} without a CSRF token")
    form = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": found.group(1)}
    )
    answer = client.send("POST", LOGIN_PATH, form=form)
    if answer.status != 302 or "sessionid" not in client.cookies:
        raise SignInFailed(f"{username}: sign-in answered {answer.status}")


# --- The run ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    """A simulated user's account, API token and the pool of people in their scope."""

    username: str
    password: str
    token: str
    pool: str


@dataclass(frozen=True)
class Plan:
    """Everything the load process needs (picklable: it crosses to the second process)."""

    port: int
    logins: list[Login]
    api_token: str  # the regional officer's: for the engine warm-up and the first check
    pools: dict[str, Pool]
    weights: dict[str, float]
    paths: dict[str, str]
    warmup: float
    duration: float
    max_requests: int
    timeout: float
    seed: int
    host: str = "127.0.0.1"


@dataclass
class Outcome:
    """What the load process hands back."""

    records: list[Record] = field(default_factory=list)
    signed_in: int = 0
    sign_in_errors: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run_load(plan: Plan) -> Outcome:
    """Sign every user in, start them together, and collect their requests."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops this process
    outcome = Outcome()
    lock = threading.Lock()
    started: list[float] = []
    barrier = threading.Barrier(
        len(plan.logins), action=lambda: started.append(time.perf_counter())
    )
    share = math.ceil(plan.max_requests / len(plan.logins))
    threads = [
        threading.Thread(
            target=_user, args=(plan, i, share, barrier, started, outcome, lock), daemon=True
        )
        for i in range(len(plan.logins))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if started:
        outcome.seconds = time.perf_counter() - started[0]
    return outcome


def _user(
    plan: Plan,
    index: int,
    share: int,
    barrier: threading.Barrier,
    started: list[float],
    outcome: Outcome,
    lock: threading.Lock,
) -> None:
    login = plan.logins[index]
    client = Client(plan.host, plan.port, plan.timeout)
    try:
        sign_in(client, login.username, login.password)
    except (SignInFailed, OSError, http.client.HTTPException) as error:
        with lock:
            outcome.sign_in_errors.append(f"{login.username}: {error}")
        barrier.abort()  # a run with fewer users than asked would mislead
        return
    with lock:
        outcome.signed_in += 1
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        return
    rng = random.Random(plan.seed * 1000 + index)
    records = _loop(plan, client, login, share, started[0], rng, outcome, lock)
    client.close()
    with lock:
        outcome.records.extend(records)


def _loop(
    plan: Plan,
    client: Client,
    login: Login,
    share: int,
    start: float,
    rng: random.Random,
    outcome: Outcome,
    lock: threading.Lock,
) -> list[Record]:
    records: list[Record] = []
    stop = start + plan.warmup + plan.duration
    while len(records) < share and time.perf_counter() < stop:
        kind = pick_kind(plan.weights, rng)
        path = request_path(kind, plan.paths[kind], plan.pools[login.pool], rng)
        token = login.token if uses_token(path) else ""
        begun = time.perf_counter()
        try:
            answer = client.send("GET", path, token=token)
            status, failed = answer.status, is_failure(answer.status, answer.location)
            detail = answer.location or answer.body[:200].decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            status, failed, detail = 0, True, repr(error)
        ms = (time.perf_counter() - begun) * 1000
        records.append(Record(begun - start, kind, status, ms, failed))
        if failed:
            with lock:
                if len(outcome.examples) < ERROR_EXAMPLES:
                    outcome.examples.append(f"{kind} GET {path} -> {status}: {detail}")
    return records

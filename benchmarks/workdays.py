"""Benchmark: zhengwu's WorkCalendar against chinese_calendar (and workalendar, if installed).

Run from the repository root:  .venv/bin/python benchmarks/workdays.py

100,000 random (date, n) queries, dates 2005-01-01..2026-10-31 and n in 1..40, fixed seed.
The dates stop at the end of October 2026 because chinese_calendar raises for any day after its
last covered year, and 40 working days from a November date can reach into 2027.

Semantics compared: ``chinese_calendar.find_workday(n, d)`` is the n-th working day after the first
working day on or after d, i.e. ``WorkCalendar.due_after_receipt(d, n)`` (which is
``add_workdays(workday_on_or_after(d), n)``); both are timed for exactly that question.  For a d
that is a working day this is ``add_workdays(d, n)``, which is timed as well.  workalendar's
``add_working_days(d, n)`` has ``add_workdays`` semantics and only covers 2018–2023, so it is
compared on the queries inside those years.

The last line is machine-readable: ``disagreements=D speedup=X`` (X = chinese_calendar time /
our time for the same queries, one decimal).
"""

from __future__ import annotations

import datetime as dt
import random
import time
import warnings

import chinese_calendar

from zhengwu.workdays.engine import WorkCalendar

SEED = 20251126
QUERIES = 100_000
FIRST = dt.date(2005, 1, 1)
LAST = dt.date(2026, 10, 31)
WORKALENDAR_FIRST = dt.date(2018, 1, 1)
WORKALENDAR_LAST = dt.date(2023, 10, 31)
WORKALENDAR_MAX_QUERIES = 5_000  # it walks day by day through lunar computations: keep it short


def make_queries() -> list[tuple[dt.date, int]]:
    rng = random.Random(SEED)
    first, span = FIRST.toordinal(), (LAST - FIRST).days
    return [
        (dt.date.fromordinal(first + rng.randint(0, span)), rng.randint(1, 40))
        for _ in range(QUERIES)
    ]


def package_find_workday(day: dt.date, n: int) -> dt.date:
    # find_workday takes (delta_days, date); adapt it to the (date, n) order of the queries.
    return chinese_calendar.find_workday(n, day)


def timed(function, queries):
    start = time.perf_counter()
    results = [function(day, n) for day, n in queries]
    return results, time.perf_counter() - start


def per_query(seconds: float, count: int) -> str:
    return f"{seconds / count * 1e6:9.2f} µs/query"


def run_workalendar(
    cal: WorkCalendar, queries: list[tuple[dt.date, int]]
) -> tuple[int, list[tuple[tuple[dt.date, int], dt.date, dt.date]], float, float] | None:
    try:
        from workalendar.asia import China
    except ImportError:
        return None
    subset = [q for q in queries if WORKALENDAR_FIRST <= q[0] <= WORKALENDAR_LAST]
    subset = subset[:WORKALENDAR_MAX_QUERIES]
    china = China()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns on every year it loads ("need update")
        theirs, their_time = timed(china.add_working_days, subset)
    ours, our_time = timed(cal.add_workdays, subset)
    differ = [(q, a, b) for q, a, b in zip(subset, ours, theirs, strict=True) if a != b]
    return len(subset), differ, their_time, our_time


def main() -> None:
    queries = make_queries()

    start = time.perf_counter()
    cal = WorkCalendar.from_chinese_calendar()
    build = time.perf_counter() - start

    ours, our_time = timed(cal.due_after_receipt, queries)
    plain, plain_time = timed(cal.add_workdays, queries)
    theirs, their_time = timed(package_find_workday, queries)
    disagreements = sum(a != b for a, b in zip(ours, theirs, strict=True))
    # Cross-check the plain call where the two semantics coincide (d a working day).
    plain_disagreements = sum(
        a != b for (day, _), a, b in zip(queries, plain, theirs, strict=True) if cal.is_workday(day)
    )

    print(f"queries: {len(queries):,} (dates {FIRST}..{LAST}, n 1..40, seed {SEED})")
    print(f"WorkCalendar build (from chinese_calendar data): {build * 1e3:.1f} ms, {cal!r}")
    print(f"zhengwu due_after_receipt   {our_time:8.3f} s {per_query(our_time, len(queries))}")
    print(f"zhengwu add_workdays        {plain_time:8.3f} s {per_query(plain_time, len(queries))}")
    print(
        f"chinese_calendar find_workday {their_time:6.3f} s {per_query(their_time, len(queries))}"
    )
    print(
        f"disagreements vs find_workday: {disagreements} (add_workdays on working days: "
        f"{plain_disagreements})"
    )

    workalendar = run_workalendar(cal, queries)
    if workalendar is None:
        print("workalendar: not installed")
    else:
        count, differ, wa_time, wa_ours = workalendar
        print(
            f"workalendar China add_working_days on {count:,} queries in "
            f"{WORKALENDAR_FIRST.year}-{WORKALENDAR_LAST.year} (its covered years): "
            f"{wa_time:.3f} s {per_query(wa_time, count)}, ours {per_query(wa_ours, count)}, "
            f"speedup {wa_time / wa_ours:.1f}x, disagreements with ours {len(differ)}"
        )
        extension = dt.date(2020, 2, 1)  # 调休 workday turned holiday by the 2020 extension
        straddling = sum(day < extension <= mine for (day, _), mine, _ in differ)
        print(
            f"  {straddling} of them span 2020-01-31..02-02, the epidemic extension of the Spring "
            "Festival that workalendar's data lacks"
        )
        for (day, n), mine, its in differ[:3]:
            print(f"  e.g. {day} + {n}: ours {mine}, workalendar {its}")
    print(f"disagreements={disagreements} speedup={their_time / our_time:.1f}")


if __name__ == "__main__":
    main()

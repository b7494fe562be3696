"""One clock (foundation point 6): frozen in tests, UTC stored, Asia/Shanghai shown."""

from __future__ import annotations

import datetime as dt

from zhengwu.core import clock


def test_now_is_aware_utc_and_today_is_the_bureaus_day() -> None:
    # 17:30 UTC on 26 November is already 27 November in Shanghai.
    with clock.frozen(dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)):
        assert clock.now().utcoffset() == dt.timedelta(0)
        assert clock.today() == dt.date(2026, 11, 27)


def test_naive_frozen_moment_is_bureau_local_time() -> None:
    with clock.frozen(dt.datetime(2027, 1, 5, 9, 0)):
        assert clock.now() == dt.datetime(2027, 1, 5, 1, 0, tzinfo=dt.UTC)
        assert clock.local(clock.now()).hour == 9


def test_frozen_is_undone_after_the_block() -> None:
    with clock.frozen(dt.datetime(2001, 1, 1, 12, 0)):
        pass
    assert clock.now().year >= 2026


def test_at_local_gives_the_utc_moment_of_a_wall_clock_time() -> None:
    assert clock.at_local(dt.date(2026, 10, 1), 8, 30) == dt.datetime(
        2026, 10, 1, 0, 30, tzinfo=dt.UTC
    )

"""Rule data of background delivery a deployment may change (foundation: faults)."""

from __future__ import annotations

import datetime as dt

from zhengwu.core.env import env_int

# A delivery claimed by a worker and not finished after this long is taken to be lost with its
# worker (killed, machine gone) and is queued again by the recovery entry of the schedule.
STALE_CLAIM = dt.timedelta(seconds=env_int("ZHENGWU_JOB_STALE_SECONDS", 600))

# A message not sent this long after it was written is left to the inbox alone (and the
# delivery attempts page), no longer queued again.
RECOVERY_HORIZON = dt.timedelta(days=2)

# Written by benchmarks/portal.py: production settings plus the benchmark's URLconf.
from zhengwu.settings import *  # noqa: F403

ROOT_URLCONF = "portal"

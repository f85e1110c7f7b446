"""The charts moved to ``core.charts`` so every floor draws the same ones (the report, the dashboard)."""

from core.charts import *  # noqa: F403
from core.charts import fill, legend, line, pattern_defs, stacked_bars  # noqa: F401

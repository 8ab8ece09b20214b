"""python -m summarize"""

from .cli import entry_point

entry_point()

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


class Calls:
    """Stands in for call_command in scheduling.services: records each
    command line, runs the real command only for `real`, and raises the
    error given for a command in `failing`."""

    def __init__(self, real=(), failing=None):
        self.lines, self.real, self.failing = [], set(real), failing or {}

    def __call__(self, command, *args, **options):
        self.lines.append(" ".join([command, *args]))
        if command in self.failing:
            raise self.failing[command]
        if command in self.real:
            call_command(command, *args, **options)

    def take(self):
        lines, self.lines = self.lines, []
        return lines

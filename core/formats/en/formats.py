"""English pages keep the Swedish formats: ISO dates, decimal comma and a
space between thousands. The amounts are kronor and the dates Swedish
records; one form for both languages keeps "1,500" from meaning 1.5 on one
page and 1500 on the other, and typed input is read the same way."""

from django.conf.locale.sv.formats import *  # noqa: F403

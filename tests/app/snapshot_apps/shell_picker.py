"""The picker over the fixed test routines."""

from support.shell import SteadyShellApp

app = SteadyShellApp()

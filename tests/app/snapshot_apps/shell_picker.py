"""The picker over the fixed test routines."""

from shell_data import SteadyShellApp

app = SteadyShellApp()

"""The finish screen after a session that skipped a step, played by the scripted player."""

from support.shell import SteadyShellApp

app = SteadyShellApp(yes=True)

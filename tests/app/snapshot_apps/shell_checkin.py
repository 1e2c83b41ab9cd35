"""The picker with check-ins on: Enter asks how the hands feel before the routine starts."""

from support.shell import SteadyShellApp

app = SteadyShellApp(checkin=True, yes=True)

"""The finish screen after a session that made the first step 10 s longer, with saved times in
the user's (test-isolated) tweaks file: the keep choice with each answer's outcome."""

from support.shell import SteadyShellApp

from handcue.services.timing import Timing
from handcue.storage.tweaks_file import TweakStore

app = SteadyShellApp(yes=True, timing=lambda: Timing(TweakStore()))

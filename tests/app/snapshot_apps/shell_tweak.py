"""The picker with a (test-isolated) tweaks file: `e` opens a routine's step times."""

from support.shell import SteadyShellApp

from handcue.services.timing import Timing
from handcue.storage.tweaks_file import TweakStore

app = SteadyShellApp(timing=lambda: Timing(TweakStore()))

"""The picker with the precautions of a routine that names two cautions."""

from support.shell import SteadyShellApp

app = SteadyShellApp()

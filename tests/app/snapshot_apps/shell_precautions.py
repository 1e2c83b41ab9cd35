"""The picker with the precautions of a routine that names two cautions."""

from shell_data import SteadyShellApp

app = SteadyShellApp()

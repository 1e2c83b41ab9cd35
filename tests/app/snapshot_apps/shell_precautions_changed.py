"""The precautions of a routine shown again after a caution was added since it was confirmed:
the new caution is marked, the unchanged one is not, and the sources are listed."""

import dataclasses

from support.acknowledgements import MemoryAcknowledgements
from support.shell import ROUTINES, SteadyShellApp

from handcue.core import briefing
from handcue.core.library import Library
from handcue.core.routine import Source, Study

joints = next(routine for routine in ROUTINES if routine.id == "joints")
confirmed = dataclasses.replace(joints, cautions=("arthritis-flare",))
changed = dataclasses.replace(
    joints,
    sources=(
        Source(
            article="8 Top Health Benefits of Hand Massages",
            section="#1 Pain Relief",
            study=Study("Hand pain is reduced by massage therapy", pubmed="21982138"),
        ),
        Source(outside="a common warm-up, not in the articles", steps=()),
    ),
)
store = MemoryAcknowledgements()
store.acknowledge(joints.id, briefing.shown(confirmed))
library = Library(tuple(changed if routine.id == "joints" else routine for routine in ROUTINES))
app = SteadyShellApp(library=library, acknowledgements=store)

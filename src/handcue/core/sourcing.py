"""Sources a reader can follow: a routine that cites one of the articles the library is drawn
from must name a section that article has, or the reader looks for a heading that is not there.

An article handcue does not know (a person's own reading) is taken as written: only a title
close to a known one is questioned, since that is most likely a typing slip.
"""

from __future__ import annotations

from handcue.core.articles import ARTICLES, SECTIONS
from handcue.core.problems import Remark
from handcue.core.routine import Routine, Source
from handcue.core.safe_text import quoted
from handcue.core.suggest import did_you_mean


def unfound(routine: Routine) -> list[Remark]:
    """Each source of `routine` naming a section its article lacks, or an article by a title
    that is a near miss of a known one."""
    found = []
    for number, source in enumerate(routine.sources, start=1):
        reason = _reason(source)
        if reason:
            found.append(Remark(f"source {number} {reason}", source.line))
    return found


def _reason(source: Source) -> str:
    if not source.article:
        return ""
    if source.article not in SECTIONS:
        close = did_you_mean(source.article, ARTICLES, cutoff=0.8, quote='"')
        return f"names the article {_quoted(source.article)}{close}" if close else ""
    if not source.section or source.section in SECTIONS[source.article]:
        return ""
    headings = SECTIONS[source.article]
    hint = did_you_mean(source.section, headings, quote='"')
    if not hint:
        hint = "; its headings: " + ", ".join(_quoted(heading) for heading in headings)
    return (
        f"names the section {_quoted(source.section)}, which the article "
        f"{_quoted(source.article)} does not have{hint}"
    )


def _quoted(title: str) -> str:
    """Titles and headings in double quotes (they hold apostrophes), long enough to be read."""
    return quoted(title, limit=80, quote='"')

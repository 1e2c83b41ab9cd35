"""A source a reader can follow: `handcue check` questions a section the cited article does not
have, and an article title one slip away from a known one, at the source's line; a person's own
reading is taken as written."""

from __future__ import annotations

from pathlib import Path

from support.in_process import handcue

from handcue.core.articles import BENEFITS, MUSCLES, SECTIONS

ROUTINE = """\
id: mine
title: Mine
goals: [stress]
steps:
  - title: Stroke
    instruction: Stroke the back of the hand gently from the knuckles to the wrist.
    duration: 30
    technique: effleurage
    areas: [back]
    pressure: light
sources:
"""


def checked(tmp_path: Path, sources: str) -> list[str]:
    path = tmp_path / "mine.yaml"
    path.write_text(ROUTINE + sources, encoding="utf-8")
    result = handcue("check", str(path))
    assert result.returncode == 0, result.stderr  # a warning never fails the file
    return result.stdout.splitlines()


def test_a_misspelt_section_is_named_with_the_heading_meant(tmp_path: Path) -> None:
    lines = checked(tmp_path, f'  - article: "{BENEFITS}"\n    section: "#6 Anxiety Reducton"\n')
    assert lines == [
        f'{tmp_path / "mine.yaml"}:12: warning: source 1 names the section "#6 Anxiety Reducton", '
        f'which the article "{BENEFITS}" does not have; did you mean "#6 Anxiety Reduction"?'
    ]


def test_a_section_far_from_every_heading_lists_the_headings(tmp_path: Path) -> None:
    sources = f'  - note: first\n    article: "{MUSCLES}"\n  - article: "{MUSCLES}"\n'
    sources += "    section: Nothing like it\n"
    (line,) = checked(tmp_path, sources)
    assert line.split(": warning: ")[0].endswith("mine.yaml:14"), line
    assert "source 2 names the section" in line
    assert all(f'"{heading}"' in line for heading in SECTIONS[MUSCLES]), line


def test_a_near_miss_of_an_article_title_is_questioned(tmp_path: Path) -> None:
    (line,) = checked(tmp_path, '  - article: "8 Top Health Benefit of Hand Massages"\n')
    assert line.endswith(f'did you mean "{BENEFITS}"?'), line


def test_a_persons_own_reading_and_real_sections_raise_nothing(tmp_path: Path) -> None:
    sources = '  - article: "My physio\'s leaflet"\n    section: "Page 2"\n'
    sources += f'  - article: "{BENEFITS}"\n    section: "#6 Anxiety Reduction"\n'
    sources += "  - outside: a friend's advice\n"
    assert checked(tmp_path, sources) == []


def test_show_json_gives_a_source_as_it_did_without_its_line() -> None:
    import json

    shown = json.loads(handcue("show", "desk-break", "--json").stdout)
    for source in shown["sources"]:
        assert set(source) == {"article", "outside", "section", "note", "study", "steps"}

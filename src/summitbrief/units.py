"""Turn a Summit into the sequence of units a memo is made of.

A unit is one block of the memo (the title, a fact of the header, a heading,
an outcome, a follow-up row, a quote…) rendered by one template under
``templates/blocks/``. Every layout prints the same units: one column, two
aligned columns (each unit starts level with its translation), or a unit
followed by its translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summitbrief.model import AREAS, Action, Outcome, Summit


@dataclass(frozen=True)
class Unit:
    """One block: its kind (also its template, ``blocks/<kind>.html.j2``) and variables."""

    kind: str
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"blocks/{self.kind}.html.j2"


@dataclass(frozen=True)
class OutcomeGroup:
    """The outcomes of one area, in the order of the file."""

    area: str
    label: dict[str, str] | None
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)
class FollowUp:
    """A follow-up action with the area of the outcome it belongs to."""

    area: str
    action: Action


def units(summit: Summit) -> list[Unit]:
    """The units of a memo, in reading order; sections without content are left out."""
    result = [Unit("banner"), Unit("title")]
    facts = ["date", "place", "format", "participants"]
    result += [Unit("fact", {"fact": fact}) for fact in facts]
    if summit.prepared_by:
        result.append(Unit("fact", {"fact": "prepared_by"}))
    result.append(Unit("summary"))
    if summit.background:
        result.append(Unit("heading", {"section": "background"}))
        result += [Unit("paragraphs", {"text": text}) for text in summit.background]
    result.append(Unit("heading", {"section": "outcomes"}))
    for group in outcome_groups(summit):
        result.append(Unit("area", {"group": group}))
        result += [Unit("outcome", {"outcome": outcome}) for outcome in group.outcomes]
    actions = follow_ups(summit)
    if actions:
        dated = any(item.action.due for item in actions)
        result.append(Unit("heading", {"section": "follow_ups"}))
        result.append(Unit("follow-up-head", {"dated": dated}))
        result += [Unit("follow-up", {"item": item, "dated": dated}) for item in actions]
    result += _section("previous_meetings", "meeting", "meeting", summit.previous_meetings)
    result += _section("quotes", "quote", "quote", summit.quotes)
    if summit.next_steps:
        result.append(Unit("heading", {"section": "next_steps"}))
        result += [
            Unit("step", {"step": step, "number": number})
            for number, step in enumerate(summit.next_steps, start=1)
        ]
    result += _section("sources", "source", "source", summit.sources)
    return result


def _section(section: str, kind: str, name: str, items: tuple[Any, ...]) -> list[Unit]:
    if not items:
        return []
    return [Unit("heading", {"section": section}), *(Unit(kind, {name: i}) for i in items)]


def outcome_groups(summit: Summit) -> list[OutcomeGroup]:
    """Outcomes grouped by area: the known areas in their standard order, then the others."""
    custom = [o.area for o in summit.outcomes if o.area not in AREAS]
    order = [a for a in AREAS if any(o.area == a for o in summit.outcomes)]
    order += list(dict.fromkeys(custom))
    groups = []
    for area in order:
        members = tuple(o for o in summit.outcomes if o.area == area)
        label = next((o.area_label for o in members if o.area_label), None)
        groups.append(OutcomeGroup(area, label, members))
    return groups


def follow_ups(summit: Summit) -> list[FollowUp]:
    """Every action of every outcome, dated ones first by due date, then in file order."""
    items = [FollowUp(o.area, a) for o in summit.outcomes for a in o.actions]
    return sorted(items, key=lambda f: (f.action.due is None, f.action.due or 0))

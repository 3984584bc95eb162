"""Turn a Summit into the sequence of units a memo is made of.

A unit is one block of the memo (the title, a fact of the header, a heading,
an outcome, a quote…) rendered by one template under ``templates/blocks/``.
Every layout prints the same units: one column, two aligned columns (each
unit starts level with its translation), or a unit followed by its
translation. A table unit (the follow-up actions) is rendered cell by cell,
so that each layout can set it as one table with a head row that repeats on
every page it continues onto.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from summitbrief.model import AREAS, Action, Outcome, Status, Summit

STATUSES: tuple[str, ...] = get_args(Status)


@dataclass(frozen=True)
class Table:
    """The columns of a table unit and the variables of each of its body rows."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    # Columns set under the first one where the table has half the width
    # (side by side with its translation), so that the text column stays wide.
    tucked: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    """One block: its kind (also its template, ``blocks/<kind>.html.j2``) and variables.

    A table unit's template renders one cell (the variable ``column`` names it);
    ``blocks/<kind>-head.html.j2`` renders the cells of its head row.
    """

    kind: str
    variables: dict[str, Any] = field(default_factory=dict)
    table: Table | None = None

    @property
    def template(self) -> str:
        return f"blocks/{self.kind}.html.j2"

    @property
    def head_template(self) -> str:
        return f"blocks/{self.kind}-head.html.j2"


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


def units(summit: Summit, area_order: Sequence[str] = ()) -> list[Unit]:
    """The units of a memo, in reading order; sections without content are left out.

    ``area_order`` (a theme's) puts those areas first; see :func:`outcome_groups`.
    """
    result = [Unit("banner"), Unit("letterhead"), Unit("title")]
    # The memo header: one table row per fact, ruled above the first and below the last.
    timed = summit.time is not None or summit.duration_minutes is not None
    facts = ["date", *(["time"] if timed else []), "place", "format"]
    facts += ["sessions"] if summit.sessions else []
    facts += ["participants"]
    facts += ["delegations"] if summit.delegations else []
    facts += ["prepared_by"] if summit.prepared_by else []
    result += [
        Unit("fact", {"fact": fact, "first": index == 0, "last": index == len(facts) - 1})
        for index, fact in enumerate(facts)
    ]
    result.append(Unit("summary"))
    if summit.background:
        result.append(Unit("heading", {"section": "background"}))
        result += [Unit("paragraphs", {"text": text}) for text in summit.background]
    result.append(Unit("heading", {"section": "outcomes"}))
    used = {o.status for o in summit.outcomes}
    result.append(Unit("legend", {"statuses": [s for s in STATUSES if s in used]}))
    for group in outcome_groups(summit, area_order):
        result.append(Unit("area", {"group": group}))
        result += [
            Unit("outcome", {"outcome": outcome, "continued": False}) for outcome in group.outcomes
        ]
    actions = follow_ups(summit)
    if actions:
        # The due column is left out when no action has a date: a column of
        # "no date set" says nothing.
        dated = any(item.action.due for item in actions)
        columns = ("owner", "action", "due") if dated else ("owner", "action")
        result.append(Unit("heading", {"section": "follow_ups"}))
        rows = tuple({"item": item} for item in actions)
        result.append(Unit("follow-up", table=Table(columns, rows, tucked=("due",))))
    if summit.previous_meetings:
        # A short timeline, oldest first, ending with this meeting.
        result.append(Unit("heading", {"section": "previous_meetings"}))
        earlier = sorted(summit.previous_meetings, key=lambda m: m.date)
        result += [Unit("meeting", {"meeting": m}) for m in earlier]
        result.append(Unit("this-meeting"))
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


def outcome_groups(summit: Summit, area_order: Sequence[str] = ()) -> list[OutcomeGroup]:
    """Outcomes grouped by area, in a fixed order whatever the file's.

    The areas of ``area_order`` first, then the other known areas in their
    standard order, then the file's own areas (with an ``area_label``) in the
    order they first appear.
    """
    custom = [o.area for o in summit.outcomes if o.area not in AREAS]
    known = [*area_order, *(a for a in AREAS if a not in area_order)]
    order = [a for a in known if any(o.area == a for o in summit.outcomes)]
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

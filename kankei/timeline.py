"""Visits and meetings over time (``kankei timeline``): one lane per person, one mark per event they took
part in, labelled with the place and the counterpart, drawn with matplotlib.

The marks are the graph's ``Visit`` and ``Meeting`` events (:mod:`kankei.load.events`), so a trip four
articles report is one mark. Counterparts: for a visitor, the hosts; for a delegation member or a host,
the visitor; for a meeting, the other participants. Undated events cannot be placed and are left out
(counted in :attr:`Timeline.undated`).

The time axis is ordered but not to scale: one column per month (or year, for year-only dates) in
which something happened, so that 2000 and the crowded summer of 2024 both stay readable. A filled
mark is an event that happened, a hollow one a planned event; circles are visits, diamonds meetings.

Japanese labels need a font with kanji and kana: :func:`find_cjk_font` picks one that matplotlib knows
(Noto Sans CJK from Debian's ``fonts-noto-cjk``, IPA, Takao, Source Han …) and fails with the fix
when there is none, rather than drawing empty boxes.
"""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from kankei.errors import KankeiError
from kankei.graph_reads import Participation, find_entities, read_participation
from kankei.load.store import Store

__all__ = [
    "Mark",
    "Timeline",
    "find_cjk_font",
    "read_timeline",
    "render_png",
    "timeline_html",
    "write_timeline",
]

# Families that cover kanji and kana, best first; any other installed family that does is the fallback.
_PREFERRED_FONTS = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "TakaoGothic",
    "VL Gothic",
    "Noto Serif CJK JP",
)
_PROBE = "平壌金正恩プーチンの訪問会談ロシア北朝鮮"
_VISIT, _MEETING = "Visit", "Meeting"
_COLOURS = {_VISIT: "#4e79a7", _MEETING: "#e15759"}
_MARKERS = {_VISIT: "o", _MEETING: "D"}


@dataclass(frozen=True)
class Mark:
    """One person's part in one event."""

    person: str
    name: str
    event: str
    type: str
    role: str
    date: str
    place: str | None
    counterparts: tuple[str, ...]
    modality: str

    @property
    def period(self) -> str:
        """The column: year-month, or the year for a year-only date."""
        return self.date[:7] if len(self.date) >= 7 else self.date[:4]

    def label(self) -> str:
        # Family names only (アレクセイ・クリボルチコ → クリボルチコ): labels must fit in one column.
        short = "、".join(name.split("・")[-1] for name in self.counterparts)
        return "\n".join(line for line in (self.place, short) if line)


@dataclass
class Timeline:
    marks: list[Mark] = field(default_factory=list)
    undated: int = 0

    def people(self) -> list[tuple[str, str]]:
        """(id, name) of every lane, by first event then name."""
        first: dict[str, tuple[str, str]] = {}
        for m in self.marks:
            key = (_period_key(m.period), m.name)
            if m.person not in first or key < first[m.person]:
                first[m.person] = key
        return [(p, first[p][1]) for p in sorted(first, key=lambda p: (first[p], p))]

    def periods(self) -> list[str]:
        return sorted({m.period for m in self.marks}, key=_period_key)


def read_timeline(store: Store, people: Sequence[str] = ()) -> Timeline:
    """The marks of every person (or of the people named in ``people``) from ``store``'s events."""
    wanted: set[str] | None = None
    if people:
        wanted = set()
        for name in people:
            ids = find_entities(store, name, ("Person",))
            if not ids:
                raise KankeiError(f"no person called {name!r} in {store.name}")
            wanted.update(ids)
    return build_timeline(read_participation(store), wanted)


def build_timeline(rows: Iterable[Participation], people: set[str] | None = None) -> Timeline:
    """Marks from participation rows (a pure function: see the module docstring for counterparts)."""
    by_event: dict[str, list[Participation]] = defaultdict(list)
    for row in rows:
        by_event[row.event].append(row)
    timeline = Timeline()
    for event, members in sorted(by_event.items()):
        for row in sorted(members, key=lambda r: r.person):
            if people is not None and row.person not in people:
                continue
            if not row.date:
                timeline.undated += 1
                continue
            others = [m for m in members if m.person != row.person]
            if row.type == _MEETING:
                counterparts = others
            elif row.role == "visitor":
                counterparts = [m for m in others if m.role == "host"]
            else:
                counterparts = [m for m in others if m.role == "visitor"]
            timeline.marks.append(
                Mark(
                    person=row.person,
                    name=row.name,
                    event=event,
                    type=row.type,
                    role=row.role,
                    date=row.date,
                    place=row.place or row.country,
                    counterparts=tuple(sorted({m.name for m in counterparts})),
                    modality=row.modality or "actual",
                )
            )
    timeline.marks.sort(key=lambda m: (_period_key(m.period), m.date, m.name, m.type, m.event))
    return timeline


# ------------------------------------------------------------------------------------------------- fonts


def find_cjk_font() -> tuple[str, Path]:
    """(family, file) of an installed font matplotlib can use for Japanese.

    Raises:
        KankeiError: no installed font covers kanji and kana (install Debian's fonts-noto-cjk).
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    candidates = sorted(
        font_manager.fontManager.ttflist,
        key=lambda f: (
            _PREFERRED_FONTS.index(f.name) if f.name in _PREFERRED_FONTS else len(_PREFERRED_FONTS),
            f.weight != 400 and f.weight != "normal",
            f.style != "normal",
            f.name,
            f.fname,
        ),
    )
    for font in candidates:
        try:
            face = FT2Font(font.fname)
        except (OSError, RuntimeError):
            continue
        if all(face.get_char_index(ord(c)) for c in _PROBE):
            return font.name, Path(font.fname)
    raise KankeiError(
        "no font with Japanese glyphs is installed, so names would render as empty boxes: install one "
        "(Debian/Ubuntu: apt-get install fonts-noto-cjk; scripts/install-dev does it) and try again"
    )


# ------------------------------------------------------------------------------------------------ render


def render_png(timeline: Timeline, title: str = "Visits and meetings", dpi: int = 100) -> bytes:
    """The timeline as PNG bytes (one lane per person; see the module docstring)."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if not timeline.marks:
        raise KankeiError("no dated visits or meetings to draw")
    family, _ = find_cjk_font()
    periods = timeline.periods()
    column = {p: i for i, p in enumerate(periods)}
    lanes = timeline.people()
    # Marks of one person in one column stack downwards inside the lane.
    stacked: dict[tuple[str, str], list[Mark]] = defaultdict(list)
    for m in timeline.marks:
        stacked[(m.person, m.period)].append(m)
    depth = {p: max((len(v) for (q, _), v in stacked.items() if q == p), default=1) for p, _ in lanes}
    row_height = 0.8
    tops, y = {}, 0.0
    for person, _ in lanes:
        tops[person] = y
        y += depth[person] * row_height + 0.35
    width = max(8.0, 1.35 * len(periods) + 2.8)
    height = max(3.0, 0.45 * y + 1.4)
    with plt.rc_context({"font.family": [family], "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(width, height), dpi=dpi)
        for i, (person, _) in enumerate(lanes):
            if i % 2 == 0:
                ax.axhspan(tops[person] - 0.45, tops[person] + depth[person] * row_height - 0.1,
                           color="#f3f3f3", zorder=0)
        for (person, period), marks in stacked.items():
            for k, m in enumerate(marks):
                x, yy = column[period], tops[person] + k * row_height
                planned = m.modality == "planned"
                ax.plot(x, yy, marker=_MARKERS.get(m.type, "o"), markersize=8, linestyle="none", zorder=3,
                        markeredgecolor=_COLOURS.get(m.type, "#555555"), markeredgewidth=1.6,
                        markerfacecolor="white" if planned else _COLOURS.get(m.type, "#555555"))
                ax.annotate(m.label(), (x, yy), xytext=(9, 0), textcoords="offset points", va="center",
                            ha="left", fontsize=7.5, linespacing=1.1, zorder=4,
                            color="#555555" if planned else "#111111")
        ax.set_yticks([tops[p] + (depth[p] - 1) * row_height / 2 for p, _ in lanes])
        ax.set_yticklabels([name for _, name in lanes], fontsize=9)
        ax.set_ylim(y - 0.2, -0.6)
        ax.set_xticks(range(len(periods)))
        ax.set_xticklabels(periods, rotation=45, ha="right", fontsize=8.5)
        ax.set_xlim(-0.5, len(periods) - 0.1)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8, zorder=1)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_title(title, loc="left", fontsize=12)
        ax.set_xlabel("months with events (ordered, not to scale)", fontsize=8.5, color="#555555")
        handles = [
            Line2D([], [], marker="o", linestyle="none", color=_COLOURS[_VISIT], label="visit"),
            Line2D([], [], marker="D", linestyle="none", color=_COLOURS[_MEETING], label="meeting"),
            Line2D([], [], marker="o", linestyle="none", markerfacecolor="white",
                   markeredgecolor="#555555", label="planned"),
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
        plt.close(fig)
    return buffer.getvalue()


def timeline_html(timeline: Timeline, png: bytes, title: str = "Visits and meetings") -> str:
    """A self-contained page: the picture (as a data URI) and the marks as a table."""
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in _cells(m)) + "</tr>" for m in timeline.marks
    )
    note = f"<p>{timeline.undated} undated event part(s) are not shown.</p>" if timeline.undated else ""
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>body {{ font-family: "Noto Sans CJK JP", sans-serif; margin: 16px; }}
table {{ border-collapse: collapse; font-size: 13px; }} td, th {{ border: 1px solid #ccc; padding: 2px 6px; }}
img {{ max-width: 100%; }}</style></head>
<body><h1>{escape(title)}</h1>
<img alt="timeline" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">
{note}
<table><thead><tr><th>date</th><th>person</th><th>event</th><th>role</th><th>place</th><th>with</th>
<th>modality</th></tr></thead><tbody>
{rows}
</tbody></table></body></html>
"""


def write_timeline(store: Store, out: str | Path, people: Sequence[str] = ()) -> Timeline:
    """Draw the timeline of ``store`` into ``out`` (``.png`` or ``.html``)."""
    out = Path(out)
    if out.suffix.lower() not in (".png", ".html", ".htm"):
        raise KankeiError(f"{out}: the timeline is written as .png or .html")
    timeline = read_timeline(store, people)
    title = f"Visits and meetings: {' / '.join(people)}" if people else "Visits and meetings"
    png = render_png(timeline, title)
    if out.suffix.lower() == ".png":
        out.write_bytes(png)
    else:
        out.write_text(timeline_html(timeline, png, title), encoding="utf-8")
    return timeline


def _cells(m: Mark) -> tuple[str, ...]:
    return (m.date, m.name, m.type, m.role, m.place or "", "、".join(m.counterparts), m.modality)


def _period_key(period: str) -> tuple[int, int]:
    year, _, month = period.partition("-")
    return int(year), int(month or 0)

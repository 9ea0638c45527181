"""The stored effect logic and interventions written back as the TOML files they load from.

What an analyst edited in the web is not lost in the database: ``/effektlogik.toml`` and
``/insatser.toml`` give the files that :func:`kommunanalys.effect.logic_file.read_logic_file`
and :func:`~kommunanalys.effect.logic_file.read_interventions_file` read into the same model
(tested as a round trip). Every word is the Swedish one a file writes (the code's msgid).
"""

from __future__ import annotations

from collections.abc import Iterable

from kommunanalys.effect.logic_file import KOMMUN_OWNER
from kommunanalys.effect.model import EffectLogic, Intervention, OwnerKind
from kommunanalys.i18n.labels import msgid


def _string(text: str) -> str:
    """A TOML basic string: backslash, quote and every control character escaped."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _strings(values: Iterable[str]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"


def logic_toml(logic: EffectLogic) -> str:
    """The effect logic file of ``logic`` (format 1)."""
    lines = ["format = 1", ""]
    for p in logic.projects:
        lines += [
            "[[projekt]]",
            f"id = {_string(p.id)}",
            f"namn = {_string(p.name)}",
            f"omrade = {_string(p.area)}",
            f"mal = {_strings(p.goals)}",
            "",
        ]
    for o in sorted(logic.outcomes, key=lambda o: o.position):
        owner = KOMMUN_OWNER if o.owner_kind is OwnerKind.KOMMUN else o.owner
        lines += [
            "[[utfall]]",
            f"id = {_string(o.id)}",
            f"namn = {_string(o.name)}",
            f"agare = {_string(owner)}",
            f"beskrivning = {_string(o.description)}",
            "",
        ]
        for i in sorted(o.items, key=lambda i: i.position):
            lines += [
                "[[utfall.post]]",
                f"niva = {_string(msgid(i.level))}",
                f"kolumn = {_string(msgid(i.column))}",
                f"text = {_string(i.text)}",
                f"riktning = {_string(msgid(i.direction))}",
                f"indikatorer = {_strings(i.indicators)}",
            ]
            if i.need:
                lines.append(f"data = {_string(i.need)}")
            lines.append("")
    for s in logic.sources:
        lines += ["[[kalla]]", f"indikator = {_string(s.indicator)}"]
        if s.source_system:
            lines.append(f"system = {_string(s.source_system)}")
        if s.frequency:
            lines.append(f"frekvens = {_string(msgid(s.frequency))}")
        if s.delivery:
            lines.append(f"leverans = {_string(msgid(s.delivery))}")
        if s.responsible:
            lines.append(f"ansvarig = {_string(s.responsible)}")
        lines.append("")
    return "\n".join(lines)


def interventions_toml(interventions: Iterable[Intervention]) -> str:
    """The interventions file of ``interventions`` (format 1)."""
    lines = ["format = 1", ""]
    for i in interventions:
        lines += [
            "[[insats]]",
            f"id = {_string(i.id)}",
            f"namn = {_string(i.name)}",
            f"beskrivning = {_string(i.description)}",
            f"omraden = {_strings(i.areas)}",
            f"malgrupp = {_string(i.target_group)}",
            f"alder = {_string(i.ages)}",
        ]
        if i.gender is not None:
            lines.append(f"kon = {_string(msgid(i.gender))}")
        if i.level is not None:
            lines.append(f"niva = {_string(msgid(i.level))}")
        if i.start:
            lines.append(f"start = {i.start}")
        if i.end:
            lines.append(f"slut = {i.end}")
        lines.append(f"ansvarig = {_string(i.responsible)}")
        if i.cost is not None:
            lines.append(f"kostnad = {i.cost!r}")
        lines += [
            f"poster = {_strings(i.items)}",
            f"indikatorer = {_strings(i.indicators)}",
            f"status = {_string(msgid(i.status))}",
            "",
        ]
    return "\n".join(lines)

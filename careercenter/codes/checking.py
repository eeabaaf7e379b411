"""Whether an exact code tag names a code that exists, as far as the loaded data can say.

The board refuses a code only where its data is whole: an ICD-10-CM code under a category
that is loaded (categories are loaded with every code beneath them), or a CPT code inside a
range the project holds completely. A code it cannot check (HCPCS or ICD-10-PCS without
CMS's file, CPT outside those ranges) is accepted, and the employer is told so."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from careercenter.codes.loaders import left_out_codes
from careercenter.codes.models import Code
from careercenter.codes.tags import CPT, ICD10CM, SYSTEM_LABELS, CodeTag, sort_key
from careercenter.extensions import db

# CPT ranges whose every code is in the shipped data (cpt_spine_codes.csv, with the codes
# cpt_left_out.csv names): a code inside one that is in neither is no CPT code.
CPT_HELD_COMPLETELY = (("63001", "63295"),)
NEAREST_SHOWN = 4


@dataclass
class TagCheck:
    errors: list[str] = field(default_factory=list)  # refused: no such code
    notes: list[str] = field(default_factory=list)  # accepted, but not checked


def _known(system: str, code: str) -> bool:
    return (
        db.session.scalar(select(Code.id).where(Code.system == system, Code.code == code).limit(1))
        is not None
    )


def _data_is_whole_for(system: str, code: str) -> bool:
    if system == ICD10CM:
        return _known(ICD10CM, code[:3])
    if system == CPT and code.isdigit():
        key = sort_key(CPT, code)
        return any(
            sort_key(CPT, first) <= key <= sort_key(CPT, last)
            for first, last in CPT_HELD_COMPLETELY
        )
    return False


def nearest_codes(system: str, code: str) -> list[str]:
    """Real codes that share the longest beginning with one that does not exist."""
    for length in range(len(code) - 1, 1, -1):
        prefix = code[:length].rstrip(".").replace("_", r"\_").replace("%", r"\%")
        found = list(
            db.session.scalars(
                select(Code.code)
                .where(Code.system == system, Code.code.like(prefix + "%", escape="\\"))
                .order_by(Code.sort_key)
                .limit(NEAREST_SHOWN)
            )
        )
        if found:
            return found
    return []


def check_tags(tags: list[CodeTag]) -> TagCheck:
    """Refuse exact codes the data says do not exist; note those it cannot check."""
    check = TagCheck()
    left_out = left_out_codes()
    for tag in tags:
        if not tag.is_exact or _known(tag.system, tag.text):
            continue
        label = SYSTEM_LABELS[tag.system]
        if (tag.system, tag.text) in left_out:
            check.notes.append(f"{tag.text}: {left_out[(tag.system, tag.text)]}")
        elif _data_is_whole_for(tag.system, tag.text):
            nearest = nearest_codes(tag.system, tag.text)
            offer = f" Did you mean {', '.join(nearest)}?" if nearest else ""
            check.errors.append(f"There is no {label} code {tag.text}.{offer}")
        else:
            check.notes.append(
                f"We could not check {tag.text}: the {label} data this board holds does not "
                "cover it. Make sure it is right."
            )
    return check

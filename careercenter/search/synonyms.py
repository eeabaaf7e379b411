"""Coding vocabulary that people write in more than one way. Each group's terms find one
another; multi-word terms are matched as phrases."""

SYNONYM_GROUPS: list[list[str]] = [
    ["cpc", "certified professional coder"],
    ["ccs", "certified coding specialist"],
    ["coc", "certified outpatient coder"],
    ["cic", "certified inpatient coder"],
    ["crc", "certified risk adjustment coder"],
    ["cpma", "certified professional medical auditor"],
    ["cdip", "certified documentation integrity practitioner"],
    ["rhit", "registered health information technician"],
    ["rhia", "registered health information administrator"],
    ["profee", "pro fee", "professional fee"],
    ["laminotomy", "hemilaminectomy"],
    ["discectomy", "diskectomy"],
    ["wfh", "remote", "work from home", "telecommute"],
    ["hcc", "risk adjustment"],
    ["ed", "emergency department", "er"],
    ["asc", "ambulatory surgery center", "surgery center"],
    ["cdi", "clinical documentation integrity", "clinical documentation improvement"],
    ["ip", "inpatient"],
    ["op", "outpatient"],
    ["ortho", "orthopedic", "orthopedics", "orthopaedic"],
    ["neuro", "neurosurgery", "neurosurgical"],
    ["ir", "interventional radiology"],
    ["e/m", "em", "evaluation and management"],
    ["auditor", "auditing", "audit"],
]


def synonym_map() -> dict[str, list[str]]:
    """Each term -> the other terms of its group."""
    mapping: dict[str, list[str]] = {}
    for group in SYNONYM_GROUPS:
        for term in group:
            mapping[term] = [other for other in group if other != term]
    return mapping

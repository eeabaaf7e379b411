"""The fixed vocabularies of a medical-coding posting: one list each, used by forms,
templates, demo data and (later) search facets, so a value means the same everywhere."""

from __future__ import annotations

Choices = list[tuple[str, str]]

WORK_MODES: Choices = [("onsite", "On-site"), ("hybrid", "Hybrid"), ("remote", "Remote")]

EMPLOYMENT_TYPES: Choices = [
    ("full_time", "Full-time"),
    ("part_time", "Part-time"),
    ("contract", "Contract"),
    ("per_diem", "Per diem"),
    ("temporary", "Temporary"),
]

SETTINGS: Choices = [
    ("inpatient", "Inpatient"),
    ("outpatient", "Outpatient"),
    ("profee", "Professional fee"),
    ("asc", "Ambulatory surgery center"),
    ("ed", "Emergency department"),
    ("risk_adjustment", "Risk adjustment"),
    ("auditing", "Auditing"),
    ("cdi", "Clinical documentation integrity"),
    ("denials", "Denials and appeals"),
    ("education", "Coding education"),
]

CODE_SYSTEMS: Choices = [
    ("cpt", "CPT"),
    ("icd10cm", "ICD-10-CM"),
    ("icd10pcs", "ICD-10-PCS"),
    ("hcpcs", "HCPCS Level II"),
]

CREDENTIALS: Choices = [
    (value, value)
    for value in (
        # AAPC
        "CPC",
        "CPC-A",
        "COC",
        "CIC",
        "CRC",
        "CPMA",
        "CPB",
        "CEMC",
        "CDEO",
        "CIRCC",
        "CASCC",
        # AHIMA
        "CCA",
        "CCS",
        "CCS-P",
        "CDIP",
        "CHDA",
        "RHIT",
        "RHIA",
        # ACDIS
        "CCDS",
    )
]

# What a job asks in years, as the search filters it (from the job's minimum).
EXPERIENCE_LEVELS: Choices = [
    ("entry", "Entry level"),
    ("1_2", "1–2 years"),
    ("3_5", "3–5 years"),
    ("5_plus", "5+ years"),
]
APPRENTICE: Choices = [("welcome", "CPC-A (apprentice) welcome")]


def experience_level(min_years: int | None) -> str:
    """The filter bucket of a job's minimum years: none or 0 is entry level, 1–2, then
    "3–5" for three or four years and "5+" for five or more (the buckets do not overlap)."""
    years = min_years or 0
    if years == 0:
        return "entry"
    if years <= 2:
        return "1_2"
    return "3_5" if years < 5 else "5_plus"


SPECIALTIES: Choices = [
    ("spine", "Spine surgery"),
    ("orthopedics", "Orthopedics"),
    ("neurosurgery", "Neurosurgery"),
    ("cardiology", "Cardiology"),
    ("interventional_radiology", "Interventional radiology"),
    ("radiology", "Radiology"),
    ("emergency", "Emergency medicine"),
    ("anesthesia", "Anesthesia"),
    ("general_surgery", "General surgery"),
    ("oncology", "Oncology"),
    ("pathology", "Pathology and lab"),
    ("obgyn", "Obstetrics and gynecology"),
    ("pediatrics", "Pediatrics"),
    ("primary_care", "Primary care"),
    ("gastroenterology", "Gastroenterology"),
    ("urology", "Urology"),
    ("dermatology", "Dermatology"),
    ("behavioral_health", "Behavioral health"),
    ("home_health", "Home health"),
    ("hcc", "Risk adjustment / HCC"),
]

EHR_SYSTEMS: Choices = [
    ("epic", "Epic"),
    ("oracle_cerner", "Oracle Health (Cerner)"),
    ("meditech", "Meditech"),
    ("athenahealth", "athenahealth"),
    ("eclinicalworks", "eClinicalWorks"),
    ("nextgen", "NextGen"),
    ("veradigm", "Veradigm (Allscripts)"),
    ("3m_360", "3M 360 Encompass"),
    ("optum_encoder", "Optum EncoderPro"),
    ("trucode", "TruCode"),
]

SALARY_UNITS: Choices = [
    ("HOUR", "per hour"),
    ("DAY", "per day"),
    ("WEEK", "per week"),
    ("MONTH", "per month"),
    ("YEAR", "per year"),
]

CURRENCIES: Choices = [("USD", "USD"), ("CAD", "CAD")]

PRODUCTIVITY_UNITS: Choices = [
    ("charts_per_hour", "charts per hour"),
    ("charts_per_day", "charts per day"),
    ("encounters_per_hour", "encounters per hour"),
    ("encounters_per_day", "encounters per day"),
    ("cases_per_day", "cases per day"),
]

APPLY_METHODS: Choices = [
    ("site", "On CareerCenter"),
    ("url", "On our website"),
    ("email", "By e-mail"),
]

US_STATES: Choices = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PR", "Puerto Rico"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
]

COUNTRIES: Choices = [
    ("US", "United States"),
    ("CA", "Canada"),
    ("PH", "Philippines"),
    ("IN", "India"),
]

VOCABULARIES: dict[str, Choices] = {
    "work_mode": WORK_MODES,
    "employment_type": EMPLOYMENT_TYPES,
    "setting": SETTINGS,
    "code_system": CODE_SYSTEMS,
    "credential": CREDENTIALS,
    "specialty": SPECIALTIES,
    "ehr": EHR_SYSTEMS,
    "experience": EXPERIENCE_LEVELS,
    "apprentice": APPRENTICE,
    "salary_unit": SALARY_UNITS,
    "productivity_unit": PRODUCTIVITY_UNITS,
    "apply_method": APPLY_METHODS,
    "state": US_STATES,
    "country": COUNTRIES,
}


LABELS: dict[str, dict[str, str]] = {name: dict(choices) for name, choices in VOCABULARIES.items()}


def label(vocabulary: str, value: str | None) -> str:
    """The human label of a stored value; unknown values are shown as stored."""
    if value is None:
        return ""
    return LABELS[vocabulary].get(value, value)


def values(choices: Choices) -> set[str]:
    return {value for value, _ in choices}

"""Demo employers and job roles, written for this project.

The companies are fictional. Role descriptions are our own words about ordinary coding work;
code tags are code numbers and families only (no descriptor text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_PASSWORD = "careercenter-demo"  # noqa: S105 - a published password for local demo data


@dataclass(frozen=True)
class DemoCompany:
    name: str
    city: str
    state: str
    website: str
    about: str


@dataclass(frozen=True)
class DemoRole:
    title: str
    specialties: tuple[str, ...]
    settings: tuple[str, ...]
    code_systems: tuple[str, ...]
    tags: tuple[str, ...]
    credentials_required: tuple[str, ...]
    summary: str
    duties: tuple[str, ...]
    credentials_preferred: tuple[str, ...] = ()
    salary: tuple[int, int, str] = (52000, 68000, "YEAR")
    years: int = 2
    productivity: tuple[int, str] | None = None
    accuracy: int | None = 95
    ehr: tuple[str, ...] = ("epic",)
    apprentice: bool = False
    extra_tag_sets: tuple[tuple[str, ...], ...] = field(default=())


COMPANIES = [
    DemoCompany(
        "Ridgeline Spine & Neurosurgery",
        "Birmingham",
        "AL",
        "https://ridgeline-spine.example",
        "A physician-owned group of twelve spine surgeons and neurosurgeons with two "
        "ambulatory surgery centers. Our coding team sits next to the surgeons' schedulers, "
        "so questions about an operative note get answered the same day.",
    ),
    DemoCompany(
        "Lakeshore Health System",
        "Milwaukee",
        "WI",
        "https://lakeshore-health.example",
        "A five-hospital nonprofit system with a level I trauma center. Health information "
        "management runs inpatient, outpatient and professional-fee coding from one team, "
        "with paid time every month for continuing education.",
    ),
    DemoCompany(
        "Summit Revenue Partners",
        "Denver",
        "CO",
        "https://summit-rcm.example",
        "A revenue-cycle firm that codes for orthopedic, cardiology and emergency groups in "
        "fourteen states. Every coder is remote and every coder gets a named auditor who "
        "reviews a sample of their charts each quarter.",
    ),
    DemoCompany(
        "Blue Heron Orthopedics",
        "Tampa",
        "FL",
        "https://blueheron-ortho.example",
        "Sports medicine, joint replacement and spine care across six clinics and a surgery "
        "center on the Gulf coast.",
    ),
    DemoCompany(
        "Cascade Risk Analytics",
        "Portland",
        "OR",
        "https://cascade-risk.example",
        "We review outpatient records for Medicare Advantage and ACA plans and help providers "
        "document chronic conditions completely and accurately.",
    ),
    DemoCompany(
        "Prairie Valley Medical Center",
        "Omaha",
        "NE",
        "https://prairievalley.example",
        "A 420-bed teaching hospital with a busy emergency department and a growing cancer "
        "center. Coders here work hybrid: two days a month on site for team days.",
    ),
]

SPINE_FAMILY_SETS = (
    ("630xx",),
    ("63001-63048",),
    ("63020", "63030", "63035"),
    ("63040", "63042", "63043", "63044"),
    ("63047", "63048"),
    ("63052", "63053", "63047"),
    ("630xx", "22551", "22552"),
    ("63030", "63035", "63047", "63048", "22630"),
)

ROLES = [
    DemoRole(
        "Spine Surgery Coder",
        ("spine", "neurosurgery"),
        ("profee",),
        ("cpt", "icd10cm"),
        ("630xx", "M51.16"),
        ("CPC", "CCS-P"),
        "Code decompression and fusion cases for a busy spine practice, working from "
        "operative notes and talking with surgeons when a note leaves a question open.",
        (
            "Assign CPT and ICD-10-CM codes to laminotomy, laminectomy and discectomy cases, "
            "including additional interspaces",
            "Check that add-on codes are reported with the right primary procedure",
            "Apply modifiers for bilateral and staged procedures",
            "Write clear, short queries to surgeons and track the answers",
        ),
        credentials_preferred=("COC",),
        salary=(58000, 74000, "YEAR"),
        years=3,
        productivity=(18, "charts_per_day"),
        extra_tag_sets=SPINE_FAMILY_SETS,
    ),
    DemoRole(
        "Neurosurgery Coding Specialist",
        ("neurosurgery", "spine"),
        ("inpatient", "profee"),
        ("cpt", "icd10cm", "icd10pcs"),
        ("63020", "63030", "63035", "61510"),
        ("CCS", "CPC"),
        "Code cranial and spinal neurosurgery for both the hospital and the surgeons' "
        "professional claims.",
        (
            "Code spinal decompressions, revisions and cranial procedures",
            "Build ICD-10-PCS codes for the inpatient side of the same cases",
            "Review denials tied to medical necessity and prepare appeals",
        ),
        salary=(31, 39, "HOUR"),
        years=3,
        ehr=("epic", "3m_360"),
        extra_tag_sets=SPINE_FAMILY_SETS,
    ),
    DemoRole(
        "Orthopedic Spine Coding Auditor",
        ("spine", "orthopedics"),
        ("auditing", "profee"),
        ("cpt", "icd10cm", "hcpcs"),
        ("630xx", "22xxx"),
        ("CPMA", "CPC"),
        "Audit spine and orthopedic surgery coding and teach what the audits find.",
        (
            "Audit a monthly sample of spine, joint and fracture cases",
            "Score accuracy and explain each finding to the coder in writing",
            "Lead a short monthly education session on the most common errors",
        ),
        credentials_preferred=("COC",),
        salary=(72000, 88000, "YEAR"),
        years=5,
        accuracy=97,
        extra_tag_sets=SPINE_FAMILY_SETS,
    ),
    DemoRole(
        "ASC Spine and Pain Coder",
        ("spine", "anesthesia"),
        ("asc",),
        ("cpt", "hcpcs", "icd10cm"),
        ("63030", "63047", "64483", "64493"),
        ("COC", "CPC"),
        "Code facility claims for our surgery centers: minimally invasive spine, "
        "injections and pain procedures.",
        (
            "Code facility claims for spine decompressions and pain procedures",
            "Apply device and implant HCPCS codes where the payer asks for them",
            "Work the center's edit queue before claims go out",
        ),
        salary=(26, 32, "HOUR"),
        productivity=(35, "charts_per_day"),
        extra_tag_sets=SPINE_FAMILY_SETS[:5],
    ),
    DemoRole(
        "Inpatient Coder II",
        ("general_surgery", "cardiology"),
        ("inpatient",),
        ("icd10cm", "icd10pcs"),
        ("I21.4", "J96.01", "0SG0*"),
        ("CCS", "RHIT"),
        "Code complex inpatient stays and assign MS-DRGs with an eye on documentation.",
        (
            "Code inpatient records with ICD-10-CM and ICD-10-PCS",
            "Assign MS-DRGs and review the working DRG with CDI",
            "Send queries when documentation does not support a diagnosis",
        ),
        credentials_preferred=("RHIA",),
        salary=(62000, 78000, "YEAR"),
        years=3,
        productivity=(2, "charts_per_hour"),
        ehr=("epic", "3m_360"),
    ),
    DemoRole(
        "Emergency Department Coder",
        ("emergency",),
        ("ed", "outpatient"),
        ("cpt", "icd10cm", "hcpcs"),
        ("99281-99285", "S06.0X0A"),
        ("CPC", "CCA"),
        "Code facility and professional emergency visits, including procedures and observation.",
        (
            "Assign visit levels with the facility's criteria",
            "Code procedures done in the department, such as repairs and splints",
            "Keep turnaround within two days of discharge",
        ),
        salary=(23, 28, "HOUR"),
        years=1,
        productivity=(12, "charts_per_hour"),
        apprentice=True,
        ehr=("oracle_cerner",),
    ),
    DemoRole(
        "Risk Adjustment Coder (HCC)",
        ("hcc", "primary_care"),
        ("risk_adjustment",),
        ("icd10cm",),
        ("E11.9", "E11.22", "I50.*", "N18.4"),
        ("CRC",),
        "Review outpatient records and capture the chronic conditions the documentation supports.",
        (
            "Abstract diagnoses from office notes for HCC models",
            "Check each diagnosis for monitoring, evaluation, assessment or treatment",
            "Flag documentation gaps for provider education",
        ),
        credentials_preferred=("CPC",),
        salary=(27, 33, "HOUR"),
        productivity=(3, "charts_per_hour"),
        ehr=("eclinicalworks", "athenahealth"),
        apprentice=True,
    ),
    DemoRole(
        "Interventional Radiology Coder",
        ("interventional_radiology", "radiology"),
        ("outpatient", "profee"),
        ("cpt", "icd10cm"),
        ("36xxx", "37220-37235", "75710"),
        ("CPC",),
        "Code catheter placements, angiography and vascular interventions.",
        (
            "Code selective catheter placements by vascular family",
            "Pair imaging supervision codes with the right procedures",
            "Keep a shared guide of the group's most frequent case types",
        ),
        salary=(64000, 80000, "YEAR"),
        years=3,
    ),
    DemoRole(
        "Cardiology Professional Fee Coder",
        ("cardiology",),
        ("profee",),
        ("cpt", "icd10cm"),
        ("93xxx", "92920-92944"),
        ("CPC",),
        "Code cardiology office visits, echocardiograms and cath lab procedures for our "
        "physicians.",
        (
            "Code diagnostic testing and cath lab procedures",
            "Assign office visit levels by medical decision making",
            "Work edits and payer rejections for the cardiology group",
        ),
        salary=(25, 31, "HOUR"),
        productivity=(80, "encounters_per_day"),
        ehr=("athenahealth",),
    ),
    DemoRole(
        "Outpatient Surgery Coder",
        ("general_surgery", "gastroenterology", "urology"),
        ("outpatient", "asc"),
        ("cpt", "icd10cm", "hcpcs"),
        ("45378-45398", "47562", "52000"),
        ("COC", "CCS"),
        "Code same-day surgery, endoscopy and urology cases for the hospital outpatient "
        "department.",
        (
            "Code outpatient surgery and endoscopy cases",
            "Apply NCCI edits and modifiers correctly",
            "Review charge capture with the department each week",
        ),
        salary=(54000, 66000, "YEAR"),
        productivity=(30, "cases_per_day"),
    ),
    DemoRole(
        "Oncology Coding Specialist",
        ("oncology",),
        ("outpatient", "profee"),
        ("cpt", "hcpcs", "icd10cm"),
        ("96413", "96415", "J9xxx", "C50.911"),
        ("CPC", "CCS-P"),
        "Code infusion, chemotherapy and radiation oncology services.",
        (
            "Code drug administration with the right hierarchy and units",
            "Assign drug HCPCS codes and check units against the order",
            "Keep up with payer policies for oncology drugs",
        ),
        salary=(60000, 75000, "YEAR"),
        years=3,
    ),
    DemoRole(
        "Coding Educator",
        ("orthopedics", "spine", "primary_care"),
        ("education", "auditing"),
        ("cpt", "icd10cm", "hcpcs"),
        ("630xx", "99202-99215"),
        ("CPC", "CPMA"),
        "Teach coders and providers through audits, tip sheets and short live sessions.",
        (
            "Turn audit results into short lessons",
            "Train new coders during their first ninety days",
            "Answer coders' questions in a shared channel",
        ),
        credentials_preferred=("CCS",),
        salary=(74000, 90000, "YEAR"),
        years=5,
        accuracy=None,
    ),
    DemoRole(
        "Clinical Documentation Integrity Specialist",
        ("general_surgery", "cardiology"),
        ("cdi", "inpatient"),
        ("icd10cm", "icd10pcs"),
        ("J96.01", "E43", "N17.9"),
        ("CDIP", "CCS"),
        "Review inpatient records while the patient is still in the hospital and help "
        "physicians document the full picture.",
        (
            "Review new admissions and follow up every two days",
            "Write compliant queries and track response rates",
            "Reconcile the working DRG with the final coded DRG",
        ),
        credentials_preferred=("RHIA",),
        salary=(78000, 96000, "YEAR"),
        years=4,
        accuracy=None,
    ),
    DemoRole(
        "Pathology and Lab Coder",
        ("pathology",),
        ("outpatient", "profee"),
        ("cpt", "icd10cm"),
        ("88305", "88342", "8xxxx"),
        ("CPC",),
        "Code surgical pathology and laboratory services for a regional reference lab.",
        (
            "Assign surgical pathology levels by specimen",
            "Code special stains and molecular tests",
            "Resolve missing diagnosis information with ordering offices",
        ),
        salary=(21, 26, "HOUR"),
        years=1,
        productivity=(150, "charts_per_day"),
        apprentice=True,
    ),
    DemoRole(
        "Denials and Appeals Coding Analyst",
        ("orthopedics", "spine", "cardiology"),
        ("denials", "auditing"),
        ("cpt", "icd10cm", "hcpcs"),
        ("630xx", "27447", "93458"),
        ("CPC", "CPB"),
        "Find out why coded claims were denied and write the appeal that gets them paid.",
        (
            "Review denied claims and decide whether coding, documentation or policy is at fault",
            "Write appeal letters with the payer's own policy language",
            "Report denial trends to the coding manager every month",
        ),
        salary=(56000, 70000, "YEAR"),
        years=3,
    ),
    DemoRole(
        "Obstetrics and Gynecology Coder",
        ("obgyn",),
        ("profee", "outpatient"),
        ("cpt", "icd10cm"),
        ("59400-59622", "O80"),
        ("CPC",),
        "Code global obstetric packages, gynecologic surgery and office care.",
        (
            "Code global maternity care and services outside the package",
            "Code gynecologic surgery and office procedures",
            "Review pregnancy-related diagnosis coding",
        ),
        salary=(50000, 62000, "YEAR"),
        apprentice=True,
    ),
]

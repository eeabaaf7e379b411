"""An operator loads CMS's public files; coders then find HCPCS and ICD-10-PCS codes, family
tags expand to them, and CPT pages show the Medicare facts.

The files here are small ones written in CMS's published layouts (fixed-width HCPCS ANWEB
and ICD-10-PCS order files; CSV and tab-separated fee schedule, NCCI and MUE tables with
their title and copyright lines above the header)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from careercenter.codes.lookup import word_index
from careercenter.codes.models import Code, MedicareFee
from careercenter.extensions import db
from careercenter.jobs.models import JobCode
from careercenter.search.follower import catch_up_all
from tests.support.pages import employer_posts, text_of

SAMPLES = Path(__file__).parent / "cms_samples"  # CSV and tab files in CMS's layouts


def found(guest, words: str) -> set[str]:
    return {hit["title"] for hit in guest.get(f"/api/v1/jobs?q={words}").json["hits"]}


def hcpcs_line(
    code: str, sequence: int, record: str, long: str, short: str = "", terminated: str = ""
) -> str:
    return f"{code:<5}{sequence:05d}{record}{long:<80}{short:<28}".ljust(284) + (
        f"{terminated:<8}".ljust(36)
    )


HCPCS_FILE = "\n".join(
    [
        hcpcs_line("J9035", 100, "3", "Injection, bevacizumab, 10 mg", "Bevacizumab injection"),
        hcpcs_line("J9271", 100, "3", "Injection, pembrolizumab, 1 mg", "Inj pembrolizumab"),
        hcpcs_line(
            "G0283",
            100,
            "3",
            "Electrical stimulation (unattended), to one or more areas for indication(s)",
            "Elec stim other than wound",
        ),
        hcpcs_line("G0283", 200, "4", "other than wound care, as part of a therapy plan of care"),
        hcpcs_line(
            "D0120",
            100,
            "3",
            "Periodic oral evaluation - established patient",
            "Periodic oral evaluation",
        ),
        hcpcs_line(
            "G0030",
            100,
            "3",
            "PET imaging, prior PET, single photon emission",
            "PET imaging prev PET single",
            terminated="20231231",  # discontinued: Medicare no longer accepts it
        ),
        hcpcs_line(
            "Q5101",
            100,
            "3",
            "Injection, filgrastim-sndz, biosimilar, 1 microgram",
            "Inj zarxio",
            terminated="20991231",  # ends some day, still in use
        ),
        hcpcs_line(
            "   LT",
            100,
            "7",
            "Left side (used to identify procedures performed on the left side of the body)",
        ),
    ]
)


def pcs_line(order: int, code: str, valid: str, short: str, long: str) -> str:
    return f"{order:05d} {code:<7} {valid} {short:<60} {long}"


PCS_FILE = "\n".join(
    [
        pcs_line(
            1, "0SG", "0", "Fusion of Lower Joints", "Medical and Surgical, Lower Joints, Fusion"
        ),
        pcs_line(
            2,
            "0SG0070",
            "1",
            "Fusion Lum Jt w Autol Sub, Ant Appr A Col, Open",
            "Fusion of Lumbar Vertebral Joint with Autologous Tissue Substitute, "
            "Anterior Approach, Anterior Column, Open Approach",
        ),
        pcs_line(
            3,
            "0SG00A0",
            "1",
            "Fusion Lum Jt w Intbd Fus Dev, Ant Appr A Col, Open",
            "Fusion of Lumbar Vertebral Joint with Interbody Fusion Device, "
            "Anterior Approach, Anterior Column, Open Approach",
        ),
        pcs_line(
            4,
            "0SG1070",
            "1",
            "Fusion 2+ Lum Jt w Autol Sub, Ant Appr A Col, Open",
            "Fusion of 2 or more Lumbar Vertebral Joints with Autologous Tissue Substitute, "
            "Anterior Approach, Anterior Column, Open Approach",
        ),
    ]
)


@pytest.fixture(autouse=True)
def no_metering(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", False)


@pytest.fixture
def cms_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    for name, text in (
        ("HCPC2026_JAN_ANWEB.txt", HCPCS_FILE),
        ("icd10pcs_order_2026.txt", PCS_FILE),
    ):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="latin-1")
    for sample in SAMPLES.iterdir():
        files[sample.name] = sample
    return files


@pytest.fixture
def imported(app, cms_files):
    """Run every import command; afterwards drop the HCPCS and PCS codes again (code rows
    are shared by the whole test session)."""
    runner = app.test_cli_runner()
    for command, name in (
        ("import-hcpcs", "HCPC2026_JAN_ANWEB.txt"),
        ("import-pcs", "icd10pcs_order_2026.txt"),
        ("import-pfs", "PPRRVU26_JAN.csv"),
        ("import-ncci", "ccipra-v321r0-f1.txt"),
        ("import-mue", "MCR_MUE_PractitionerServices.csv"),
    ):
        result = runner.invoke(args=["codes", command, str(cms_files[name])])
        assert result.exit_code == 0, result.output
        assert "Imported" in result.output
    yield
    db.session.execute(delete(Code).where(Code.system.in_(("hcpcs", "icd10pcs"))))
    db.session.commit()
    word_index().forget()


def test_hcpcs_codes_are_loaded_with_their_official_text_and_family_tags_expand(
    app, user, guest, cms_files
):
    employer_posts(
        user, {"Oncology Drug Coder": "96413, J9xxx", "Immunotherapy Infusion Coder": "J9271"}
    )
    with app.app_context():
        result = app.test_cli_runner().invoke(
            args=["codes", "import-hcpcs", str(cms_files["HCPC2026_JAN_ANWEB.txt"])]
        )
    try:
        assert result.exit_code == 0, result.output
        assert "Re-expanded the code tags of 2 jobs" in result.output
        catch_up_all()
        # The imported text gives the tags words: a coder's drug name finds the jobs.
        assert found(guest, "pembrolizumab") == {"Immunotherapy Infusion Coder"}
        page = text_of(guest.get("/codes/hcpcs/G0283"))
        assert "other than wound care, as part of a therapy plan of care" in page  # 2 lines
        assert "Injection, bevacizumab, 10 mg" in text_of(guest.get("/codes/hcpcs/J9035"))
        needed = set(db.session.scalars(select(JobCode.code).where(JobCode.system == "hcpcs")))
        assert needed == {"J9035", "J9271"}
        assert "Oncology Drug Coder" in text_of(guest.get("/codes/hcpcs/J9000-J9999"))
        dental = db.session.scalar(select(Code).where(Code.code == "D0120"))
        assert dental is not None and dental.description is None  # ADA text is not kept
        loaded = set(db.session.scalars(select(Code.code).where(Code.system == "hcpcs")))
        assert "LT" not in loaded  # a modifier, not a code
        assert "G0030" not in loaded and "Q5101" in loaded  # only codes still in use
    finally:
        db.session.execute(delete(Code).where(Code.system == "hcpcs"))
        db.session.commit()


def test_icd_10_pcs_tables_load_and_the_fusion_family_expands(app, imported, user, guest):
    employer_posts(user, {"Inpatient Spine Coder": "0SG0*"})

    html = guest.get("/codes/icd10pcs/0SG00A0").data.decode()
    assert "Fusion of Lumbar Vertebral Joint with Interbody Fusion Device" in html
    assert "Inpatient Spine Coder" in html
    table = text_of(guest.get("/codes/icd10pcs/0SG"))
    assert "0SG0070" in table and "0SG1070" in table and "Header" not in table
    assert "Inpatient Spine Coder" not in text_of(guest.get("/codes/icd10pcs/0SG1070"))
    listed = re.findall(r">(0SG[0-9A-Z]+)<", guest.get("/codes?q=0sg00a0").data.decode())
    assert listed[0] == "0SG00A0"
    # The table's words reach the job that tags the family
    assert "Inpatient Spine Coder" in found(guest, "vertebral joint fusion")


def test_cpt_pages_show_medicare_facts_in_plain_words(imported, guest):
    html = guest.get("/codes/cpt/63030").data.decode()
    medicare = html[html.index("<h2>Medicare</h2>") :]
    assert "13.18" in medicare and "28.38 / –" in medicare  # work RVU, facility total only
    assert "Major surgery: the day before, the day of and the 90 days after" in medicare
    assert "Bilateral pays 150%" in medicare
    assert "Assistant at surgery paid" in medicare
    assert "A physician service: modifiers 26 and TC do not apply" in medicare
    assert "at most 2 units, per day, set by policy" in medicare
    assert re.search(
        r'href="/codes/62322">62322</a>: together only with an NCCI-associated', medicare
    )
    assert "LT, RT" in medicare and "24, 25, 57, 58, 78, 79" in medicare  # not only 59/X{EPSU}
    assert "(CMS: Standards of medical / surgical practice)" in medicare  # CMS's rationale
    assert "CMS NCCI practitioner procedure-to-procedure edits, version 32.1" in medicare
    assert "64483" not in medicare  # a deleted edit
    assert re.search(r"63030 is bundled into.*22633", medicare, re.S)
    assert "DESCRIPTOR TEXT" not in html

    add_on = guest.get("/codes/cpt/63295").data.decode()
    assert re.search(
        r"Global period <span class=\"chip\">ZZZ</span></dt><dd>Part of another", add_on
    )

    fusion = guest.get("/codes/cpt/22633").data.decode()
    assert re.search(r'href="/codes/22612">22612</a>: never together', fusion)


NCCI_HEADER = (
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\t"
    "Deletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\t"
    "PTP Edit Rationale\n"
)


def ncci_file(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("Copyright line\n\n" + NCCI_HEADER + "".join(f"{line}\n" for line in lines))
    return path


def edits() -> set[tuple[str, str, str]]:
    from careercenter.codes.models import NcciEdit

    rows = db.session.execute(select(NcciEdit.column1, NcciEdit.column2, NcciEdit.setting))
    return set(rows.all())


def test_each_ncci_file_keeps_its_own_edits_and_is_cited(app, tmp_path):
    """CMS splits the practitioner edits over several files and publishes hospital edits
    beside them: loading one no longer wipes the others; reloading one replaces its own."""
    from careercenter.codes.models import ImportedFile

    runner = app.test_cli_runner()
    first = ncci_file(tmp_path, "ccipra-v321r0-f1.txt", "22633\t22612\t\t20120101\t*\t0\tMisuse")
    second = ncci_file(tmp_path, "ccipra-v321r0-f2.txt", "63030\t62322\t\t20170101\t*\t1\tStd")
    hospital = ncci_file(tmp_path, "ccioph-v321r0-f1.txt", "22633\t22612\t\t20120101\t*\t0\tX")
    again = ncci_file(tmp_path, "ccipra-v322r0-f1.txt", "22633\t22614\t\t20120101\t*\t0\tY")
    for path in (first, second, hospital):
        result = runner.invoke(args=["codes", "import-ncci", str(path)])
        assert result.exit_code == 0, result.output
    assert edits() == {
        ("22633", "22612", "practitioner"),
        ("63030", "62322", "practitioner"),
        ("22633", "22612", "hospital"),
    }
    runner.invoke(args=["codes", "import-ncci", str(again)])  # next quarter's file 1
    assert edits() == {
        ("22633", "22614", "practitioner"),
        ("63030", "62322", "practitioner"),
        ("22633", "22612", "hospital"),
    }
    files = {f.slot: f for f in db.session.scalars(select(ImportedFile))}
    assert set(files) >= {"ncci:practitioner:1", "ncci:practitioner:2", "ncci:hospital:1"}
    assert files["ncci:practitioner:1"].period == "version 32.2"
    assert files["ncci:practitioner:1"].name == "ccipra-v322r0-f1.txt"
    assert files["ncci:hospital:1"].citation.startswith(
        "CMS NCCI hospital procedure-to-procedure edits, version 32.1 (ccioph-v321r0-f1.txt"
    )


def test_mue_values_are_kept_per_setting_with_their_rationale(app, tmp_path):
    from careercenter.codes.models import ImportedFile, MedicallyUnlikelyEdit

    header = "HCPCS/CPT Code,{} Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n"
    practitioner = tmp_path / "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv"
    practitioner.write_text(header.format("Practitioner") + "63030,2,2 Date of Service,Anatomic\n")
    hospital = tmp_path / "MCR_MUE_OutpatientHospitalServices_Eff_01-01-2026.csv"
    hospital.write_text(header.format("Outpatient Hospital") + "63030,4,3 Date of Service,CMS\n")
    runner = app.test_cli_runner()
    for path in (practitioner, hospital):
        result = runner.invoke(args=["codes", "import-mue", str(path)])
        assert result.exit_code == 0, result.output
    values = {
        (row.setting, row.units, row.rationale)
        for row in db.session.scalars(select(MedicallyUnlikelyEdit))
    }
    assert values == {("practitioner", 2, "Anatomic"), ("hospital", 4, "CMS")}
    slots = {f.slot: f.period for f in db.session.scalars(select(ImportedFile))}
    assert slots["mue:hospital"] == "effective 2026-01-01"


def test_the_fee_schedule_header_may_name_hcpcs_on_either_of_its_two_rows(app, tmp_path):
    """CMS's relative value file spreads its header over two rows; HCPCS heads the first in
    one release and the second in another: both read the same."""
    lines = (SAMPLES / "PPRRVU26_JAN.csv").read_text(encoding="latin-1").splitlines()
    top, under = lines[3], lines[4]
    assert top.startswith("HCPCS")
    swapped = tmp_path / "PPRRVU26_APR.csv"
    swapped.write_text("\n".join([*lines[:3], under, top, *lines[5:]]), encoding="latin-1")
    result = app.test_cli_runner().invoke(args=["codes", "import-pfs", str(swapped)])
    assert result.exit_code == 0, result.output
    fee = db.session.scalar(
        select(MedicareFee).where(MedicareFee.code == "63030", MedicareFee.modifier == "")
    )
    assert (fee.status, fee.work_rvu, fee.pe_facility_rvu, fee.global_days) == (
        "A",
        13.18,
        12.08,
        "090",
    )


def test_every_fee_schedule_status_is_said_as_cms_documents_it():
    from careercenter.codes.medicare import STATUS

    assert set("ABCDEFGHIJMNPRTX") <= set(STATUS)
    assert "no separate" in STATUS["P"] and "grace period" in STATUS["G"]


def test_imaging_pages_show_the_professional_and_technical_components(imported, guest):
    """A reading radiologist bills 26, an imaging centre TC: each has its own RVUs."""
    html = guest.get("/codes/cpt/72148").data.decode()
    medicare = html[html.index("<h2>Medicare</h2>") :]
    rows = re.findall(r'<th scope="row">([^<]+)</th>', medicare)
    assert [row.split(" (")[0].split(":")[0] for row in rows] == [
        "Whole service",
        "Professional component",
        "Technical component",
    ]
    assert "Splits into a professional (26) and a technical (TC) part" in medicare
    professional = medicare[medicare.index("Professional component") :]
    assert "1.48" in professional and "2.1 / 2.1" in professional
    technical = medicare[medicare.index("Technical component") :]
    assert "– / 3.67" in technical  # no facility price for the technical part


def test_importers_keep_no_descriptor_text(imported):
    for fee in db.session.scalars(select(MedicareFee)):
        assert "DESCRIPTOR" not in " ".join(str(value) for value in vars(fee).values())
    assert {fee.modifier for fee in db.session.scalars(select(MedicareFee))} == {
        "",
        "62",
        "26",
        "TC",
    }


def test_medicare_facts_are_on_the_metered_page_only(app, imported, guest, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", True)
    monkeypatch.setitem(app.config, "CODE_VIEWS_GUEST", 0)
    html = guest.get("/codes/cpt/63030").data.decode()
    assert "Read the full entry for 63030" in html
    assert "<h2>Medicare</h2>" not in html and "13.18" not in html
    span = guest.get("/codes/cpt/63001-63048").data.decode()
    assert "<h2>Medicare</h2>" not in span and "13.18" not in span


@pytest.mark.parametrize(
    ("command", "text", "message"),
    [
        ("import-hcpcs", "J9035 this is not the layout", "record identification"),
        ("import-pcs", "garbage line", "not an ICD-10-PCS order file line"),
        ("import-pfs", "just,some,csv\n1,2,3\n", "no header row"),
        (
            "import-ncci",
            "Column 1\tColumn 2\tx\tEffective Date\tDeletion Date\tModifier\n"
            "63030\t62322\t\t2017\t*\t7\n",
            "modifier indicator",
        ),
        (
            "import-mue",
            "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator\n"
            "63030,two,2\n",
            "not an MUE line",
        ),
    ],
)
def test_a_wrong_file_gets_a_clear_message_and_changes_nothing(
    app, tmp_path, command, text, message
):
    before = db.session.scalar(select(db.func.count(Code.id)))
    bad = tmp_path / "bad.txt"
    bad.write_text(text)
    result = app.test_cli_runner().invoke(args=["codes", command, str(bad)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(db.func.count(Code.id))) == before

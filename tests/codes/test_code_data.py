"""Code data: shipped, loaded, imported from a licensed file, and free of AMA text."""

from __future__ import annotations

import subprocess
from pathlib import Path

from careercenter.codes.loaders import load_icd10cm
from careercenter.codes.models import AddOnRelation, Code
from careercenter.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def count(system: str) -> int:
    return db.session.scalar(db.select(db.func.count(Code.id)).where(Code.system == system))


def test_the_full_icd_10_cm_set_is_loaded_with_its_hierarchy():
    assert count("icd10cm") > 95_000
    code = db.session.scalar(db.select(Code).where(Code.code == "M51.16"))
    assert code.description == "Intervertebral disc disorders with radiculopathy, lumbar region"
    assert code.parent == "M51.1"
    orphans = db.session.scalar(
        db.select(db.func.count(Code.id)).where(
            Code.system == "icd10cm",
            Code.parent.is_not(None),
            Code.parent.not_in(db.select(Code.code).where(Code.system == "icd10cm")),
        )
    )
    assert orphans == 0


def test_loading_again_changes_nothing(app):
    before = count("icd10cm")
    result = app.test_cli_runner().invoke(args=["codes", "load", "--only", "M51"])
    assert result.exit_code == 0, result.output
    assert "ICD-10-CM" in result.output
    assert count("icd10cm") == before
    load_icd10cm(only=["M51"])
    assert count("icd10cm") == before


def test_the_cpt_spine_set_has_structure_and_no_official_text():
    spine = db.session.scalars(
        db.select(Code).where(Code.system == "cpt", Code.kind == "code")
    ).all()
    assert len(spine) >= 70
    assert all(code.description is None for code in spine)
    assert all(code.plain_description for code in spine)
    pairs = set(db.session.execute(db.select(AddOnRelation.addon, AddOnRelation.primary)).all())
    assert {
        ("63035", "63020"),
        ("63035", "63030"),
        ("63043", "63040"),
        ("63044", "63042"),
        ("63048", "63047"),
        ("63053", "63052"),
    } <= pairs


def test_the_shipped_cpt_set_covers_the_codes_jobs_tag_beyond_spine_in_our_words():
    codes = db.session.scalars(db.select(Code).where(Code.system == "cpt", Code.kind == "code"))
    by_code = {code.code: code for code in codes}
    assert len(by_code) >= 300
    for wanted in ("66984", "58571", "99214", "90471", "11102", "20610", "97110", "00812"):
        assert by_code[wanted].plain_description and by_code[wanted].short_title
    groupings = {
        code.code: code
        for code in db.session.scalars(
            db.select(Code).where(Code.system == "cpt", Code.kind != "code")
        )
    }
    for code in by_code.values():
        grouping = groupings[code.parent]  # every code sits in a grouping that spans it
        assert grouping.first <= code.code <= grouping.last, code.code
    pairs = db.session.execute(db.select(AddOnRelation.addon, AddOnRelation.primary)).all()
    assert all(primary in by_code for _, primary in pairs)  # no add-on points nowhere
    assert {("90472", "90471"), ("64636", "64635"), ("96375", "96374")} <= set(pairs)


def test_a_licensed_descriptor_file_is_imported_and_shown_under_its_notice(
    app, guest, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "CODE_METERING", False)
    licensed = tmp_path / "cpt-licensed.csv"
    licensed.write_text(
        "code,short_descriptor,long_descriptor,lay_description\n"
        "63030,TEST SHORT 63030,Test long descriptor for 63030 supplied by the operator,\n"
        "99213,TEST SHORT 99213,Test long descriptor for 99213,A test lay text\n"
    )

    result = app.test_cli_runner().invoke(
        args=["codes", "import-cpt", str(licensed), "--source", "Test edition 2026"]
    )

    assert "Imported descriptors for 2 CPT codes" in result.output
    html = guest.get("/codes/cpt/63030").data.decode()
    assert "Test long descriptor for 63030 supplied by the operator" in html
    assert "Test edition 2026" in html
    assert "American Medical Association" in html.split("Test long descriptor")[1]
    assert "Test long descriptor for 99213" in guest.get("/codes/cpt/99213").data.decode()
    app.config["CODE_METERING"] = True


def test_a_descriptor_file_in_the_wrong_shape_is_refused(app, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("number,text\n63030,something\n")
    result = app.test_cli_runner().invoke(args=["codes", "import-cpt", str(wrong)])
    assert result.exit_code != 0
    assert "missing: code, short, long" in result.output

    bad_code = tmp_path / "bad.csv"
    bad_code.write_text("code,short,long\nM51.16,x,y\n")
    result = app.test_cli_runner().invoke(args=["codes", "import-cpt", str(bad_code)])
    assert "line 2: 'M51.16' is not a CPT code" in result.output


def test_the_repository_holds_no_ama_descriptor_text():
    # Phrases that occur only in official CPT descriptors, kept split so this file is clean.
    phrases = [
        " ".join(["List", "separately", "in", "addition", "to", "code", "for", "primary"]),
        " ".join(["including", "partial", "facetectomy,", "foraminotomy"]),
        " ".join(["each", "additional", "interspace,", "cervical", "or", "lumbar"]),
    ]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".py", ".csv", ".html", ".txt", ".md", ".toml", ".json"}:
            text = path.read_text(encoding="utf-8", errors="ignore").lower()
            for phrase in phrases:
                assert phrase.lower() not in text, f"{name} holds CPT descriptor text"


def test_a_board_loaded_before_notes_existed_reloads_them_on_the_next_codes_load(app):
    runner = app.test_cli_runner()
    assert "already loaded" in runner.invoke(args=["codes", "load"]).output
    db.session.execute(
        db.update(Code).where(Code.system == "icd10cm").values(notes=None, source="ICD-10-CM (CDC)")
    )
    db.session.commit()
    result = runner.invoke(args=["codes", "load"])
    assert result.exit_code == 0, result.output
    assert "already loaded" not in result.output
    m51_1 = db.session.scalar(db.select(Code).where(Code.code == "M51.1"))
    assert "M54.16" in (m51_1.notes or "") and "April 1, 2026" in m51_1.source

"""An operator loads the ICD-10-CM release in force from CDC's files; pages cite it, and
`codes load` keeps it rather than going back to the release shipped with the board."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from importlib import resources

import flask_migrate
import pytest

from careercenter import create_app
from careercenter.codes.models import Code
from careercenter.extensions import db

pytestmark = pytest.mark.once  # its own SQLite board, whatever database the suite runs on


def cdc_files(directory):
    """A small release in CDC's layout: the shipped tabular XML cut to M51, with M51.16's
    title changed as a new release might change it, and its code list."""
    shipped = resources.files("simple_icd_10_cm.data")
    tabular_text = (shipped / "icd10c-tabular-April-1-2026.xml").read_text()
    root = ET.fromstring(tabular_text)  # noqa: S314 - the CDC file the library ships
    chapters = [child for child in root if child.tag == "chapter"]
    keep = next(c for c in chapters if c.find("name").text == "13")
    for chapter in chapters:
        if chapter is not keep:
            root.remove(chapter)
    for section in keep.findall("section"):
        if section.get("id") != "M50-M54":
            keep.remove(section)
        else:
            for diag in section.findall("diag"):
                if diag.find("name").text != "M51":
                    section.remove(diag)
    for diag in keep.iter("diag"):
        if diag.find("name").text == "M51.16":
            diag.find(
                "desc"
            ).text = (
                "Intervertebral disc disorders with radiculopathy, lumbar region (FY2027 wording)"
            )
    tabular = directory / "icd10cm-tabular-2027.xml"
    tabular.write_text(ET.tostring(root, encoding="unicode"), encoding="utf-8")
    listed = (shipped / "code-list-April-2026.txt").read_text().splitlines()
    codes = directory / "icd10cm-codes-2027.txt"
    codes.write_text(
        "\n".join(line for line in listed if line.startswith(("13", "M50-M54", "M51"))),
        encoding="utf-8",
    )
    return tabular, codes


def test_another_release_is_loaded_cited_and_kept(tmp_path, monkeypatch):
    import careercenter.codes.releases as releases

    monkeypatch.setattr(releases, "utcnow", lambda: datetime(2026, 12, 3, tzinfo=UTC))
    board = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'board.db'}",
            "SEARCH_INDEX_PATH": str(tmp_path / "index"),
            "SEARCH_FOLLOW_INTERVAL": 0,
            "CODE_METERING": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    tabular, codes = cdc_files(tmp_path)
    with board.app_context():
        flask_migrate.upgrade()
        runner = board.test_cli_runner()
        result = runner.invoke(
            args=["codes", "import-icd10cm", str(tabular), str(codes), "--release", "FY2027"]
        )
        assert result.exit_code == 0, result.output
        record = db.session.scalar(db.select(Code).where(Code.code == "M51.16"))
        assert record.description.endswith("(FY2027 wording)")
        assert record.source == "ICD-10-CM FY2027 (icd10cm-tabular-2027.xml, CDC), public domain"
        page = board.test_client().get("/codes/icd10cm/M51.16").data.decode()
        assert "FY2027 wording" in page and "This board holds the FY" not in page

        again = runner.invoke(args=["codes", "load"])
        assert again.exit_code == 0, again.output
        assert "kept: ICD-10-CM FY2027" in again.output
        kept = db.session.scalar(db.select(Code.description).where(Code.code == "M51.16"))
        assert kept.endswith("(FY2027 wording)")

        broken = tmp_path / "broken.xml"
        broken.write_text("<ICD10CM.tabular><version>", encoding="utf-8")
        refused = runner.invoke(
            args=["codes", "import-icd10cm", str(broken), str(codes), "--release", "FY2027"]
        )
        assert refused.exit_code != 0 and "not CDC's ICD-10-CM tabular XML" in refused.output
        assert "Traceback" not in refused.output
        wrong = runner.invoke(
            args=["codes", "import-icd10cm", str(tabular), str(codes), "--release", "2027"]
        )
        assert wrong.exit_code != 0 and 'as "FY2027"' in wrong.output

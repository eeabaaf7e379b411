"""Imports every model so that Alembic and create_all see the whole schema."""

from careercenter.accounts.models import User
from careercenter.codes.models import AddOnRelation, Code, CodeView, JobCode, LicensedDescriptor
from careercenter.companies.models import Company
from careercenter.jobs.models import Application, Job
from careercenter.search.models import SearchOutbox

__all__ = [
    "AddOnRelation",
    "Application",
    "Code",
    "CodeView",
    "Company",
    "Job",
    "JobCode",
    "LicensedDescriptor",
    "SearchOutbox",
    "User",
]

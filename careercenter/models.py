"""Imports every model so that Alembic and create_all see the whole schema."""

from careercenter.accounts.models import User
from careercenter.companies.models import Company
from careercenter.jobs.models import Application, Job

__all__ = ["Application", "Company", "Job", "User"]

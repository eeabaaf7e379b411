"""Imports every model so that Alembic and create_all see the whole schema."""

from careercenter.accounts.models import LoginSession, User
from careercenter.alerts.models import AlertDelivery, SavedSearch
from careercenter.casepilot.models import AskedQuestion
from careercenter.codes.models import AddOnRelation, Code, CodeView, LicensedDescriptor
from careercenter.companies.models import Company
from careercenter.consult.models import (
    Consultant,
    ConsultEntry,
    ConsultGrant,
    ConsultMail,
    ConsultQuestion,
)
from careercenter.jobs.models import Application, ApplicationNote, Job, JobCode
from careercenter.mail.models import OutgoingEmail
from careercenter.moderation.models import AuditEntry, JobReport
from careercenter.search.models import SearchChange, SearchFollower
from careercenter.seekers.models import JobInvitation, Resume, SavedJob, SeekerProfile

__all__ = [
    "AddOnRelation",
    "AlertDelivery",
    "Application",
    "ApplicationNote",
    "AskedQuestion",
    "AuditEntry",
    "Code",
    "CodeView",
    "Company",
    "ConsultEntry",
    "ConsultGrant",
    "ConsultMail",
    "ConsultQuestion",
    "Consultant",
    "Job",
    "JobCode",
    "JobInvitation",
    "JobReport",
    "LicensedDescriptor",
    "LoginSession",
    "OutgoingEmail",
    "Resume",
    "SavedJob",
    "SavedSearch",
    "SearchChange",
    "SearchFollower",
    "SeekerProfile",
    "User",
]

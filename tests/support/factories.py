"""Test data built by factories, saved to the real database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from functools import cache

import factory
from factory.alchemy import SQLAlchemyModelFactory

from careercenter.accounts.models import ROLE_ADMIN, ROLE_EMPLOYER, ROLE_SEEKER, User
from careercenter.accounts.service import hash_password
from careercenter.companies.models import Company
from careercenter.extensions import db
from careercenter.jobs.job_codes import refresh_job_codes
from careercenter.jobs.models import STATUS_DRAFT, STATUS_PUBLISHED, Job
from careercenter.search.follower import catch_up_all
from careercenter.timeutil import utcnow
from tests.support.people import PASSWORD


@cache
def password_hash() -> str:
    return hash_password(PASSWORD)


_indexing_held = 0  # > 0 inside jobs_indexed_once()


@contextlib.contextmanager
def jobs_indexed_once() -> Iterator[None]:
    """Jobs made inside reach the search index together on leaving, in one catch-up: a
    fixture's board costs one tantivy commit instead of one per job (~26 ms each)."""
    global _indexing_held
    _indexing_held += 1
    try:
        yield
    finally:
        _indexing_held -= 1
        if not _indexing_held:
            catch_up_all()


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class CompanyFactory(BaseFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Coding Group {n}")
    slug = factory.Sequence(lambda n: f"coding-group-{n}")
    about = "We code spine surgery."
    city = "Birmingham"
    state = "AL"
    country = "US"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Sequence(lambda n: f"Person {n}")
    role = ROLE_SEEKER
    password_hash = factory.LazyFunction(password_hash)
    email_verified_at = factory.LazyFunction(utcnow)


class EmployerFactory(UserFactory):
    role = ROLE_EMPLOYER
    company = factory.SubFactory(CompanyFactory)
    company_owner = True  # pass False for a colleague who joined an existing company


class AdminFactory(UserFactory):
    role = ROLE_ADMIN


class JobFactory(BaseFactory):
    class Meta:
        model = Job

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Spine Surgery Coder {n}")
    slug = factory.LazyAttribute(lambda job: job.title.lower().replace(" ", "-"))
    description = "Code spine decompression cases from operative notes. Remote, full-time."
    work_mode = "remote"
    remote_states = factory.LazyFunction(list)
    remote_countries = factory.LazyFunction(lambda: ["US"])
    employment_type = "full_time"
    code_tags = factory.LazyFunction(lambda: ["630xx"])
    credentials_required = factory.LazyFunction(lambda: ["CPC"])
    salary_min = Decimal(55000)
    salary_max = Decimal(70000)
    status = STATUS_PUBLISHED
    published_at = factory.LazyFunction(utcnow)
    expires_at = factory.LazyFunction(lambda: utcnow() + timedelta(days=30))

    class Params:
        draft = factory.Trait(status=STATUS_DRAFT, published_at=None, expires_at=None)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Set-up jobs arrive as an employer's would: codes expanded, index up to date."""
        super()._after_postgeneration(instance, create, results)
        if create:
            refresh_job_codes(instance)
            db.session.commit()
            if not _indexing_held:
                catch_up_all()

    @classmethod
    def create_batch(cls, size, **kwargs):
        with jobs_indexed_once():
            return super().create_batch(size, **kwargs)

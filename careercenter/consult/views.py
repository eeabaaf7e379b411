"""The consultant desk's pages: asking (/consult), the asker's questions (/me/questions), the
consultants' queue and question page (/consult/queue), and the operator's step that makes an
account a consultant."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from careercenter.accounts.access import admin_required
from careercenter.accounts.models import User
from careercenter.casepilot.answers import answer as casepilot_answer
from careercenter.casepilot.facts import describe
from careercenter.casepilot.questions import named_codes
from careercenter.consult import service
from careercenter.consult.blueprint import bp
from careercenter.consult.forms import AskForm, ConsultantForm, EntryForm, HandOverForm
from careercenter.consult.models import STATUSES, ConsultQuestion
from careercenter.extensions import db
from careercenter.forms_common import select_choices
from careercenter.jobs.vocabulary import CODE_SYSTEMS, SPECIALTIES
from careercenter.privacy import patient_information


def consultant_required(view: Any) -> Any:
    """Consultants only; to anyone else the desk does not exist."""

    @login_required
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if service.consultant_of(current_user) is None:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/consult", methods=["GET", "POST"])
@login_required
def ask() -> str | Response:
    form = AskForm()
    if request.method == "GET" and request.args.get("q"):
        form.question.data = request.args.get("q", "")[:4000]
    from_casepilot = request.args.get("from") == "casepilot"
    if form.validate_on_submit():
        try:
            question = service.ask(
                current_user,
                form.question.data,
                form.specialty.data or "",
                "casepilot" if from_casepilot else "web",
                bool(form.publish_consent.data),
                _casepilot_facts(request.args.get("q", "")) if from_casepilot else None,
            )
        except service.ConsultError as error:
            form.question.errors = [*form.question.errors, str(error)]
        else:
            flash(f"Question #{question.id} sent. You will get the answer by e-mail.", "success")
            return redirect(url_for("consult.my_question", question_id=question.id))
    return render_template(
        "consult/ask.html",
        form=form,
        allowance=service.allowance(current_user),
        consultants=service.consultants(),
    ), (400 if form.errors else 200)


def _casepilot_facts(asked: str) -> list[str]:
    """The facts CasePilot found for the question it carried over, with their sources, for
    the consultant (never patient information: the question was checked for it first)."""
    if not asked or patient_information(asked):
        return []
    found = casepilot_answer(asked).facts
    if not found:  # it could not answer: what it knows of the codes the question names
        codes, _unknown, _words = named_codes(asked)
        found = [fact for named in codes[:3] for fact in describe(named.record)]
    return [f"- {fact.text} ({fact.source})" for fact in found][:20]


@bp.route("/me/questions")
@login_required
def mine() -> str:
    return render_template("consult/mine.html", questions=service.questions_of(current_user))


@bp.route("/me/questions/<int:question_id>", methods=["GET", "POST"])
@login_required
def my_question(question_id: int) -> str | Response | tuple[str, int]:
    question = service.question_for_asker(current_user, question_id) or abort(404)
    form = EntryForm()
    if form.validate_on_submit():
        try:
            service.follow_up(current_user, question, form.body.data)
        except service.ConsultError as error:
            form.body.errors = [*form.body.errors, str(error)]
        else:
            flash("Sent to the consultant.", "success")
            return redirect(url_for("consult.my_question", question_id=question.id))
    return render_template(
        "consult/my_question.html",
        question=question,
        entries=service.visible_to_asker(question),
        form=form,
    ), (400 if form.errors else 200)


@bp.route("/consult/queue")
@consultant_required
def queue() -> str:
    status = request.args.get("status", "")
    specialty = request.args.get("specialty", "")
    system = request.args.get("system", "")
    status = status if status in STATUSES else ""
    specialty = specialty if specialty in dict(SPECIALTIES) else ""
    system = system if system in dict(CODE_SYSTEMS) else ""
    return render_template(
        "consult/queue.html",
        queued=service.queue(status, specialty, system),
        status=status,
        specialty=specialty,
        system=system,
        statuses=STATUSES,
        specialties=SPECIALTIES,
        systems=CODE_SYSTEMS,
    )


def _desk_question(question_id: int) -> ConsultQuestion:
    return db.session.get(ConsultQuestion, question_id) or abort(404)


@bp.route("/consult/questions/<int:question_id>")
@consultant_required
def desk_question(question_id: int) -> str:
    question = _desk_question(question_id)
    handover = HandOverForm()
    handover.to.choices = select_choices(
        [
            (consultant.user_id, consultant.user.name)
            for consultant in service.consultants()
            if consultant.user_id != current_user.id
        ]
    )
    return render_template(
        "consult/desk_question.html",
        question=question,
        answer_form=EntryForm(prefix="answer"),
        note_form=EntryForm(prefix="note"),
        handover=handover,
    )


@bp.route("/consult/questions/<int:question_id>/<step>", methods=["POST"])
@consultant_required
def desk_step(question_id: int, step: str) -> Response:
    question = _desk_question(question_id)
    try:
        if step == "claim":
            service.claim(current_user, question)
        elif step in ("answer", "note"):
            form = EntryForm(prefix=step)
            if not form.validate_on_submit():
                raise service.ConsultError("Write something first.")
            act = service.answer if step == "answer" else service.note
            act(current_user, question, form.body.data)
        elif step == "handover":
            form = HandOverForm()
            form.to.choices = select_choices(
                [(c.user_id, c.user.name) for c in service.consultants()]
            )
            to = form.validate_on_submit() and db.session.get(service.Consultant, form.to.data)
            if not to:
                raise service.ConsultError("Choose a consultant to hand it to.")
            service.hand_over(current_user, question, to)
        elif step == "close":
            service.close(current_user, question)
        elif step == "publish":
            service.publish(current_user, question)
        else:
            abort(404)
    except service.ConsultError as error:
        flash(str(error), "error")
    return redirect(url_for("consult.desk_question", question_id=question.id))


@bp.route("/admin/users/<int:user_id>/consultant", methods=["GET", "POST"])
@admin_required
def make_consultant(user_id: int) -> str | Response:
    user = db.session.get(User, user_id) or abort(404)
    found = db.session.get(service.Consultant, user.id)
    form = ConsultantForm(obj=found)
    if form.validate_on_submit():
        service.make_consultant(
            current_user,
            user,
            form.credentials.data or [],
            form.specialties.data or [],
            form.code_systems.data or [],
            form.digest.data or "each",
        )
        flash(f"{user.email} is a consultant.", "success")
        return redirect(url_for("consult.make_consultant", user_id=user.id))
    return render_template("consult/make_consultant.html", form=form, user=user, found=found)

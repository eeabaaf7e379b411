"""Coders ask and consultants answer by e-mail: the worker reads the desk's mailbox (a real
Dovecot), threads replies into their questions, refuses patient information without storing
it, answers strangers without saying whether they have an account, never answers automatic
mail, and survives bad mail and a mailbox that is down or hangs."""

from __future__ import annotations

import socket
import threading
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from careercenter.consult import service
from careercenter.consult.mail_in import MailboxUnavailable, read_mailbox
from careercenter.consult.models import ConsultEntry, ConsultMail, ConsultQuestion
from careercenter.extensions import db
from careercenter.worker import read_consult_mail
from tests.support.factories import UserFactory

DESK = "ask@careercenter.example"


def mail(sender: str, body: str, subject: str = "Coding question", **headers: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, DESK, subject
    message["Message-ID"] = headers.pop("message_id", make_msgid(domain="example.com"))
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def questions() -> list[ConsultQuestion]:
    return list(db.session.scalars(db.select(ConsultQuestion).order_by(ConsultQuestion.id)))


@pytest.fixture
def people(app):
    dana = UserFactory(email="dana@example.com", name="Dana Reyes")
    alex = UserFactory(email="alex@consult.example", name="Alex Rivera")
    db.session.add(service.Consultant(user_id=alex.id, credentials=["CPC"]))
    db.session.commit()
    return dana, alex


def test_a_question_by_email_is_stored_once_acknowledged_and_threaded(
    app, desk_mailbox, people, mailbox
):
    first = mail(
        "Dana Reyes <Dana@Example.com>",
        "Can 22633 and 63030 be billed together?\n\n-- \nDana, CPC\nSpine Billing LLC",
    )
    desk_mailbox.deliver(first)
    desk_mailbox.deliver(first)  # the mailbox delivers it twice
    with app.test_request_context():
        report = read_mailbox()
    assert report.questions == 1 and report.duplicates == 1
    (question,) = questions()
    assert question.source == "email" and question.codes == ["cpt:22633", "cpt:63030"]
    assert question.body == "Can 22633 and 63030 be billed together?"  # signature trimmed
    assert desk_mailbox.unseen() == 0  # marked read once stored
    with app.test_request_context():
        assert read_mailbox().read == 0  # nothing new

    acknowledgement = mailbox.last_to("dana@example.com")
    assert f"#{question.id}" in acknowledgement["Subject"]
    assert acknowledgement["Auto-Submitted"] == "auto-replied"
    told = mailbox.last_to("alex@consult.example")  # the consultant hears of it

    # The consultant answers by replying to that e-mail, quoting the question
    desk_mailbox.deliver(
        mail(
            "alex@consult.example",
            "Yes, with modifier 59 when the levels differ.\n\n"
            "On Tue, Dana wrote:\n> Can 22633 and 63030 be billed together?",
            subject=f"Re: {told['Subject']}",
            In_Reply_To=told["Message-ID"],
            References=told["Message-ID"],
        )
    )
    with app.test_request_context():
        assert read_mailbox().replies == 1
    answer = db.session.scalars(db.select(ConsultEntry)).one()
    assert (answer.kind, answer.body) == ("answer", "Yes, with modifier 59 when the levels differ.")
    answered = mailbox.last_to("dana@example.com")
    assert "is answered" in answered["Subject"]
    assert told["Message-ID"] in answered["References"]  # the thread continues

    # and the asker's reply to the answer lands in the same question
    desk_mailbox.deliver(
        mail(
            "dana@example.com",
            "Thanks! Does that hold for 63035 too?\n> quoted",
            In_Reply_To=answered["Message-ID"],
        )
    )
    with app.test_request_context():
        read_mailbox()
    kinds = [entry.kind for entry in db.session.scalars(db.select(ConsultEntry))]
    assert kinds == ["answer", "follow_up"] and len(questions()) == 1


def test_strangers_get_one_reply_that_reveals_nothing_and_automatic_mail_none(
    app, desk_mailbox, people, mailbox
):
    UserFactory(email="unconfirmed@example.com", email_verified_at=None)
    for sender in ("stranger@example.net", "unconfirmed@example.com"):
        desk_mailbox.deliver(mail(sender, "What is 63030?"))
    desk_mailbox.deliver(mail("dana@example.com", "Out of office", Auto_Submitted="auto-replied"))
    desk_mailbox.deliver(mail("dana@example.com", "Newsletter", Precedence="bulk"))
    with app.test_request_context():
        report = read_mailbox()
    assert report.ignored == 2 and questions() == []
    stranger = mailbox.text_of(mailbox.last_to("stranger@example.net"))
    unconfirmed = mailbox.text_of(mailbox.last_to("unconfirmed@example.com"))
    assert stranger == unconfirmed and "Create a free account" in stranger
    assert not mailbox.to("dana@example.com")  # automatic mail is never answered


def test_patient_information_by_email_is_refused_and_not_stored(app, desk_mailbox, people, mailbox):
    desk_mailbox.deliver(mail("dana@example.com", "Patient DOB 02/03/1950, MRN 5544332: 63030?"))
    with app.test_request_context():
        assert read_mailbox().refused == 1
    assert questions() == []
    refusal = mailbox.text_of(mailbox.last_to("dana@example.com"))
    assert "a date of birth and a medical record number" in refusal
    kept = db.session.scalars(db.select(ConsultMail).where(ConsultMail.direction == "in")).one()
    assert kept.outcome == "refused" and kept.question_id is None  # the id only, no text


def test_bad_mail_is_survived(app, desk_mailbox, people, mailbox):
    html_only = EmailMessage()
    html_only["From"], html_only["To"] = "=?utf-8?q?Dana_R=C3=A9yes?= <dana@example.com>", DESK
    html_only["Subject"] = "=?utf-8?b?UXVlc3Rpb24g4oCUIDYzMDM1?="
    html_only["Message-ID"] = make_msgid(domain="example.com")
    html_only.set_content("<p>Is <b>63035</b> an add-on?</p><script>x()</script>", subtype="html")
    html_only.add_attachment(
        b"%PDF-1.4 op note", maintype="application", subtype="pdf", filename="opnote.pdf"
    )
    desk_mailbox.deliver(html_only.as_bytes())
    desk_mailbox.deliver(
        b"From: dana@example.com\r\nMessage-ID: <broken@example.com>\r\n"
        b'Content-Type: multipart/mixed; boundary="nope"\r\n\r\n--nope\r\nbroken'
    )
    big = mail("dana@example.com", "x" * (25 * 1024 * 1024))
    desk_mailbox.deliver(big)
    with app.test_request_context():
        report = read_mailbox()
    assert report.read == 3
    first = questions()[0]
    assert first.body == "Is 63035 an add-on?" and first.codes == ["cpt:63035"]
    told = [mailbox.text_of(message) for message in mailbox.to("dana@example.com")]
    assert any("opnote.pdf" in text and "dropped" in text for text in told)
    assert any("larger than this desk accepts" in text for text in told)
    assert desk_mailbox.unseen() == 0


def test_a_mailbox_down_or_hanging_is_one_warning_and_the_worker_goes_on(app, monkeypatch):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there
    monkeypatch.setitem(app.config, "CONSULT_IMAP_URL", f"imap://a:b@127.0.0.1:{port}/INBOX")
    with app.test_request_context(), pytest.raises(MailboxUnavailable):
        read_mailbox()

    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen()
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(hanging.accept()[0]), daemon=True).start()
    monkeypatch.setitem(
        app.config, "CONSULT_IMAP_URL", f"imap://a:b@127.0.0.1:{hanging.getsockname()[1]}/X"
    )
    monkeypatch.setitem(app.config, "CONSULT_IMAP_TIMEOUT", 1)
    with app.test_request_context():
        assert read_consult_mail() == "consult mailbox unavailable"  # no greeting: timed out
    hanging.close()

"""A real IMAP server for the consultant desk's tests: Debian's Dovecot, started on a free
port with a mailbox of its own in a temporary folder (installed by .ci/system-deps)."""

from __future__ import annotations

import imaplib
import os
import shutil
import subprocess
import time
from pathlib import Path

from tests.support.processes import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
NOBODY = 65534  # Dovecot never gives mail to uid 0
USER, PASSWORD = "desk", "desk-secret"

CONFIG = """\
base_dir = {home}/run
state_dir = {home}/state
log_path = {home}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {home}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={uid} home={home}/mail/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


class ImapServer:
    def __init__(self, home: Path) -> None:
        assert Path(DOVECOT).exists(), "Dovecot (dovecot-imapd) is installed by .ci/system-deps"
        self.home, self.port = home, free_port()
        for folder in ("run", "state", "mail"):
            (home / folder).mkdir(parents=True, exist_ok=True)
        (home / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (home / "users").chmod(0o644)
        (home / "dovecot.conf").write_text(CONFIG.format(home=home, uid=NOBODY, port=self.port))
        os.chown(home / "mail", NOBODY, NOBODY)
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(home / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.connect().logout()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    log = (
                        (home / "dovecot.log").read_text()
                        if (home / "dovecot.log").exists()
                        else ""
                    )
                    raise RuntimeError(f"Dovecot did not start: {log[-2000:]}") from None
                time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def connect(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(USER, PASSWORD)
        return imap

    def deliver(self, message: bytes) -> None:
        imap = self.connect()
        try:
            imap.append("INBOX", None, None, message)
        finally:
            imap.logout()

    def unseen(self) -> int:
        imap = self.connect()
        try:
            imap.select("INBOX")
            _, found = imap.search(None, "UNSEEN")
            return len((found[0] or b"").split())
        finally:
            imap.logout()

    def empty(self) -> None:
        imap = self.connect()
        try:
            imap.select("INBOX")
            imap.store("1:*", "+FLAGS", r"(\Deleted)")
            imap.expunge()
        except imaplib.IMAP4.error:  # nothing in it
            pass
        finally:
            imap.logout()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

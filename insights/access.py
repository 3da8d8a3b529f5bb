"""Who may open the app, and who may do a facilitator's things: pure rules, no Streamlit.

With ``[auth]`` in the secrets, the app is a team server: people sign in
(Streamlit's own OpenID Connect sign-in) and these rules, read from the optional
``[insights]`` section, decide the rest::

    [insights]
    allowed_emails = ["dana@example.com"]      # these people may come in
    allowed_domains = ["example.com"]          # and anyone with an address here
    facilitators = ["dana@example.com"]        # may delete or reset a workspace,
                                               # lock the board, write to the sheet

No ``allowed_emails`` and no ``allowed_domains``: anyone who signs in may come in.
No ``facilitators``: everyone who may come in is one (a small team trusts itself).
Facilitators may always come in. Without ``[auth]`` the app is a single-user tool
on one computer, and the one user may do everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from insights.errors import InsightsError


class Capability(StrEnum):
    """What only a facilitator may do."""

    DELETE_WORKSPACE = "delete or reset a workspace"
    LOCK_BOARD = "lock or unlock the board"
    WRITE_BACK = "write to the Google Sheet"
    RUN_VOTING = "set the dot-voting rules"


class NotAllowed(InsightsError):
    """A person tried something their role does not allow."""

    def __init__(self, capability: Capability) -> None:
        super().__init__(
            f"Only a facilitator can {capability.value}. Ask the workspace's owner if you need to."
        )


def _emails(values: Any) -> frozenset[str]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, Iterable):
        return frozenset()
    return frozenset(str(v).strip().lower() for v in values if str(v).strip())


def _domains(values: Any) -> frozenset[str]:
    return frozenset(d.lstrip("@") for d in _emails(values))


@dataclass(frozen=True)
class AccessRules:
    """The team server's rules; ``signed_in=False`` means the single-user tool."""

    signed_in: bool = False
    allowed_emails: frozenset[str] = frozenset()
    allowed_domains: frozenset[str] = frozenset()
    facilitators: frozenset[str] = frozenset()

    def may_enter(self, email: str | None) -> bool:
        """Whether this person may see anything at all."""
        if not self.signed_in:
            return True
        address = (email or "").strip().lower()
        if not address:
            return False
        if not (self.allowed_emails or self.allowed_domains) or address in self.facilitators:
            return True
        domain = address.rpartition("@")[2]
        return address in self.allowed_emails or ("@" in address and domain in self.allowed_domains)

    def is_facilitator(self, email: str | None) -> bool:
        """Whether this person may do a facilitator's things (see ``Capability``)."""
        if not self.signed_in:
            return True
        if not self.may_enter(email):
            return False
        return not self.facilitators or (email or "").strip().lower() in self.facilitators

    def may(self, email: str | None, capability: Capability) -> bool:
        """Whether this person may do ``capability``."""
        return self.is_facilitator(email)

    def require(self, email: str | None, capability: Capability) -> None:
        """Raise ``NotAllowed`` unless this person may do ``capability``."""
        if not self.may(email, capability):
            raise NotAllowed(capability)


def rules_from(secrets: Mapping[str, Any]) -> AccessRules:
    """The rules Streamlit's secrets set: ``[auth]`` turns sign-in on, ``[insights]`` the lists."""
    if not secrets.get("auth"):
        return AccessRules()
    section = secrets.get("insights") or {}
    if not isinstance(section, Mapping):
        section = {}
    return AccessRules(
        signed_in=True,
        allowed_emails=_emails(section.get("allowed_emails", ())),
        allowed_domains=_domains(section.get("allowed_domains", ())),
        facilitators=_emails(section.get("facilitators", ())),
    )

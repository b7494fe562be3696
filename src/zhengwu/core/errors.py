"""Domain errors: what a service refuses, with a message users can read (Chinese via gettext)."""

from __future__ import annotations


class DomainError(Exception):
    """A guarded transition or rule refused the request; nothing was changed."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class PermissionDenied(DomainError):
    def __init__(self, message: str = "", *, code: str = "forbidden"):
        from django.utils.translation import gettext

        super().__init__(message or gettext("You do not have permission to do this."), code=code)


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""

    def __init__(self, message: str, *, code: str = "not_found"):
        super().__init__(message, code=code)


class Conflict(DomainError):
    """Someone else changed the record since the person started editing it (answered 409)."""

    def __init__(self, message: str = "", *, code: str = "conflict"):
        from django.utils.translation import gettext

        super().__init__(
            message
            or gettext(
                "This record was changed by someone else since you opened it; reload it and "
                "edit again."
            ),
            code=code,
        )

"""Every error the service layer raises. A ServiceError's `status` is the HTTP code a view answers with."""


class ServiceError(Exception):
    """A request the service refuses; `status` is the HTTP code a view should answer with."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(ServiceError):
    """A value the user gave is not acceptable; the message says why."""

    status = 400


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class Gone(ServiceError):
    status = 410


class TooLarge(ServiceError):
    status = 413


class UnsupportedMedia(ServiceError):
    status = 415


class Unavailable(ServiceError):
    """The server cannot store this right now (its database is read-only or locked): try again later."""

    status = 503


class InsufficientStorage(ServiceError):
    """The disk or the database is full: nothing was stored."""

    status = 507


class LeaseLost(Exception):
    """This worker's lease on the job expired and someone else may hold it now."""


class ExtractionError(Exception):
    """Notes could not be taken from this transcript; the transcript itself is untouched."""

"""The service layer: what views, the API, the CLI and the worker all call. Never touches `request`."""


class ServiceError(Exception):
    """A request the service refuses; `status` is the HTTP code a view should answer with."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(ServiceError):
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

"""Our exceptions. They carry messages a user can act on; the CLI and HTTP edges translate them."""


class EldercareError(Exception):
    """Base class of every error we raise on purpose."""


class BadDocument(EldercareError):
    """A file in the documents folder cannot be read as a document."""


class IndexMissing(EldercareError):
    """No index has been built where one was expected."""


class IndexBusy(EldercareError):
    """Another process is building this index folder (HTTP 409); the build it publishes will be served."""


class IndexUnwritable(EldercareError):
    """The index folder cannot be written (a read-only mount): this process can serve it, not build it."""


class IndexIncompatible(EldercareError):
    """The index on disk was built with another model or format than the one configured."""


class BadQuery(EldercareError):
    """A question or search request that cannot be answered as given (empty, too long...)."""


class NotFound(EldercareError):
    """A document or other resource that does not exist."""


class RateLimited(EldercareError):
    """Too many requests from one client."""


class Unauthorized(EldercareError):
    """No admin token given."""


class Forbidden(EldercareError):
    """A wrong admin token."""


class TooLarge(EldercareError):
    """An upload over the size limit."""


class Unsupported(EldercareError):
    """An upload of a type we cannot ingest."""


class StoreUnavailable(EldercareError):
    """The shared state store (Redis) cannot be reached; the request can be retried shortly."""

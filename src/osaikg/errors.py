"""The project's error types and the CLI exit codes they map to."""

EXIT_OK = 0
EXIT_INVALID = 1  # the data is invalid (SHACL violation, inconsistent ontology)
EXIT_ERROR = 2  # usage, input or internal error


class OsaikgError(Exception):
    """An error the user can act on; the CLI prints it without a traceback (exit 2)."""

    exit_code = EXIT_ERROR


class InputError(OsaikgError):
    """A file that cannot be read or parsed: names the file and, where known, the line."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class QueryError(OsaikgError):
    """A named query that does not exist, or a missing or unknown parameter."""


class InvalidDataError(OsaikgError):
    """The graph breaks the shapes or the ontology: nothing is published (exit 1)."""

    exit_code = EXIT_INVALID

"""One error hierarchy and the one table that maps it to exit codes (README, "Exit codes").

Commands raise these; only ``cli.main`` turns them into a one-line message on stderr and an exit code.
Anything else that escapes is a bug in automlspec: ``ExitCode.INTERNAL``, never 1, so that CI can tell a
broken tool from a bad spec.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    #: error findings (with ``--strict``, warnings too); an AWS call or a file write that failed
    FAILURE = 1
    #: bad options, a path that does not exist or cannot be read, a request the chosen API cannot express
    USAGE = 2
    #: a bug in automlspec (an unexpected exception): the message asks for a report
    INTERNAL = 3
    #: `plan --detailed-exitcode`: there are changes to apply (terraform's -detailed-exitcode). Under that
    #: option every error exits FAILURE, so 2 means changes and nothing else.
    CHANGES = 2


class AutomlspecError(Exception):
    """An error the user can act on; ``str()`` is the one line printed after ``automlspec: error:``."""

    exit_code: ExitCode = ExitCode.FAILURE


class UsageError(AutomlspecError):
    """The command line, a named path or a requested conversion cannot be used as given."""

    exit_code = ExitCode.USAGE


class ConversionError(UsageError):
    """The spec cannot be expressed as the requested API's request (V2 -> V1 of a non-tabular job, ...)."""


class SourceError(UsageError):
    """A file cannot be read or decoded (not found, permission denied, not UTF-8)."""


class Interrupted(AutomlspecError):
    """The run was stopped from outside (Ctrl-C at a prompt): a failure, not a bug."""


class WriteError(AutomlspecError):
    """A file could not be written safely (read-only, no space, changed under us); nothing was lost."""


class AwsError(AutomlspecError):
    """An AWS call failed: no credentials, an expired token, AccessDenied, an unknown region, throttling
    that outlasted the retries, or a service error. ``code`` is AWS's error code when there is one."""

    def __init__(self, message: str, code: str | None = None, operation: str | None = None):
        super().__init__(message)
        self.code = code
        self.operation = operation


def exit_code(error: BaseException) -> ExitCode:
    """The one mapping from an exception to the process's exit code: ours carry theirs; the command-line
    parser's errors carry click's (2 for a usage error, https://click.palletsprojects.com/en/stable/exceptions/);
    anything else is a bug in automlspec."""
    if isinstance(error, AutomlspecError):
        return error.exit_code
    code = getattr(error, "exit_code", None)
    if isinstance(code, int) and not isinstance(code, bool) and code in (ExitCode.FAILURE, ExitCode.USAGE):
        return ExitCode(code)
    return ExitCode.INTERNAL

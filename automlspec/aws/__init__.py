"""The only package that imports boto3 (and botocore), always lazily: `lint` never loads it.

One ``Account`` is one boto3 session for one target (an account and region, named by the project
configuration or by the standard chain: profiles, environment, ``AWS_ENDPOINT_URL``). Its clients are
created once and shared by the threads of a run (botocore clients are thread-safe). Every call goes
through ``Account.call``, which turns botocore's exceptions into one-line ``errors.AwsError`` messages:
no credentials, an expired token, AccessDenied, an unknown region. Throttling is never an error on its
own: botocore's adaptive mode retries and rate-limits each client, and ``call`` keeps trying after that,
telling ``notice`` (the command's progress line) while it waits.
Messages never carry credentials: they are built from AWS's error code and message only.

Submodules own the services: ``aws.sagemaker`` (jobs, tags), ``aws.tagging`` (the jobs' tags through the
Resource Groups Tagging API, opt-in) and ``aws.s3`` (reading training data).
"""

from __future__ import annotations

import datetime
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import AwsError

T = TypeVar("T")

# botocore's "adaptive" retry mode is "standard" (throttling and 5xx answers retried with exponential
# backoff and jitter) plus client-side rate limiting: a token bucket per client that slows the client
# down while AWS throttles it (https://boto3.amazonaws.com/v1/documentation/api/latest/guide/retries.html,
# botocore/retries/adaptive.py). Every target's session makes its own clients, so each target is limited
# on its own: a throttled production account never slows the calls to dev (issue 20, section 4).
DEFAULT_RETRY_MODE = "adaptive"
DEFAULT_MAX_ATTEMPTS = 5
#: After botocore's attempts, a call AWS still throttles is tried again, after 2, 4, 8 ... seconds, at most
#: this long apart, for as long as it takes (Ctrl-C stops): throttling alone never aborts a run.
THROTTLED_WAIT_MAX = 60.0
_sleep = time.sleep  # the pause between rounds of a throttled call (tests replace it)
# An endpoint that cannot be reached (nothing listens, a name that does not resolve, no route, a firewall that
# drops the handshake) is not throttling: waiting longer does not help, and botocore's 5 attempts with
# exponential backoff meant for throttling made the one error line wait 8.5 s (issue 21). So a connection
# is given CONNECT_TIMEOUT for its TCP and TLS handshakes (2 s: the AWS SDK for Java 2.x's default
# connectionTimeout, https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/http-configuration-apache.html),
# and a call that could not connect is sent CONNECT_ATTEMPTS times in all, CONNECT_PAUSE apart
# (``_fail_fast``); throttling and 5xx answers keep botocore's retries and THROTTLED_WAIT_MAX.
CONNECT_TIMEOUT = 2
CONNECT_ATTEMPTS = 2
CONNECT_PAUSE = 0.2
READ_TIMEOUT = 60
# The whole of one call, its retries and the reading of its answer included: botocore's timeouts are per
# socket operation, so an answer dripped a byte every few seconds never met them, and a silent endpoint
# took five read timeouts and the backoff between them (310 s). Past this, the call is given up.
CALL_DEADLINE = 120
MAX_POOL = 16

_EXPIRED = {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"}
_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden", "403"}
_BAD_CREDENTIALS = {
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId",
}
_THROTTLED = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "SlowDown",
}


@dataclass(frozen=True)
class Target:
    """Where specs go: a region and optionally a profile and the account ids allowed there.

    ``source`` names the configuration file that declared it (None: the default session). ``tagging_api``:
    plan reads the jobs' tags through the Resource Groups Tagging API first (``aws.tagging``), with the
    same session."""

    region: str | None = None
    profile: str | None = None
    allowed_account_ids: tuple[str, ...] = ()
    source: str | None = None
    tagging_api: bool = False

    @property
    def key(self) -> tuple[str | None, str | None]:
        """Two specs share a session exactly when they share this key."""
        return (self.profile, self.region)

    def describe(self) -> str:
        parts = []
        if self.profile:
            parts.append(f"profile {self.profile}")
        parts.append(f"region {self.region}" if self.region else "the default region")
        if self.allowed_account_ids:
            parts.append("account " + " or ".join(self.allowed_account_ids))
        where = f" (from {self.source})" if self.source else " (the default session)"
        return ", ".join(parts) + where


def error_code(exc: BaseException) -> str | None:
    """AWS's error code of a botocore ClientError, else None."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def _attempts(exc: BaseException) -> int:
    """How many times botocore sent the request (its retries plus the first try)."""
    response = getattr(exc, "response", None) or {}
    retries = response.get("ResponseMetadata", {}).get("RetryAttempts")
    return int(retries) + 1 if isinstance(retries, int) else DEFAULT_MAX_ATTEMPTS


#: Error codes (translate's) that every other call of a run would repeat: commands stop at the first.
FATAL = frozenset(
    {
        "NoCredentials",
        "ExpiredToken",
        "ExpiredTokenException",
        "ProfileNotFound",
        "NoRegion",
        "EndpointConnectionError",
        "ReadTimeout",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "InvalidAccessKeyId",
    }
)


# Credential material never reaches a message: the values this run's credentials hold, and anything shaped
# like them (an endpoint may echo another's). Key ids: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()
_KEY_ID = r"\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|APKA|ABIA|ACCA)[A-Z0-9]{16}\b"
_SECRET_KEY = r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"
_TOKEN = r"[A-Za-z0-9/+=%_-]{100,}"  # session tokens are hundreds of base64 characters
REDACTED = "[redacted]"


def remember_secrets(*values: str | None) -> None:
    """Values that ``redact`` removes from every message of this process (a session's credentials)."""
    with _SECRETS_LOCK:
        _SECRETS.update(v for v in values if v and len(v) >= 8)


def redact(text: str) -> str:
    """``text`` without credential material: this run's key id, secret and session token, and anything
    that looks like an access key id, a secret access key or a session token."""
    import re

    with _SECRETS_LOCK:
        known = sorted(_SECRETS, key=len, reverse=True)
    for value in known:
        text = text.replace(value, REDACTED)
    text = re.sub(_KEY_ID, REDACTED, text)
    for pattern in (_TOKEN, _SECRET_KEY):  # base64 of random bytes mixes upper case, lower case and digits
        text = re.sub(pattern, _if_random, text)
    return text


def _if_random(match: Any) -> str:
    """A base64 run is redacted when it looks random (upper case, lower case and digits), so that a run of
    one letter, a word or a hex digest in a message stays readable."""
    run = match.group()
    mixed = any(c.isupper() for c in run) and any(c.islower() for c in run) and any(c.isdigit() for c in run)
    return REDACTED if mixed else run


def translate(exc: BaseException, operation: str, region: str | None = None) -> AwsError:
    """A botocore exception as one clear line (never a traceback, never a credential)."""
    error = _translate(exc, operation, region)
    clean = redact(str(error))
    return error if clean == str(error) else AwsError(clean, error.code, error.operation)


def _translate(exc: BaseException, operation: str, region: str | None = None) -> AwsError:
    from botocore import exceptions as bx

    error = _credentials_error(exc, operation) or _connection_error(exc, operation, region)
    if error is not None:
        return error
    if isinstance(exc, bx.ParamValidationError):
        message = " ".join(str(exc).split())
        return AwsError(
            f"{operation}: botocore rejected the request before sending it: {message}", "ParamValidation", operation
        )
    if isinstance(exc, bx.ClientError):
        return _client_error(exc, operation)
    if isinstance(exc, bx.BotoCoreError):
        return AwsError(f"{operation}: {_detail(' '.join(str(exc).split()), None)}", type(exc).__name__, operation)
    raise exc


def _credentials_error(exc: BaseException, operation: str) -> AwsError | None:
    """The error line of credentials botocore could not find or use, or None for any other error."""
    from botocore import exceptions as bx

    if isinstance(exc, bx.NoCredentialsError | bx.PartialCredentialsError):
        return AwsError(
            f"{operation}: no AWS credentials found; set AWS_PROFILE (or --profile), or AWS_ACCESS_KEY_ID and"
            " AWS_SECRET_ACCESS_KEY, or sign in with `aws sso login`",
            "NoCredentials",
            operation,
        )
    if isinstance(exc, bx.ProfileNotFound):
        return AwsError(
            f"AWS profile not found: {exc.kwargs.get('profile')}; see `aws configure list-profiles`",
            "ProfileNotFound",
            operation,
        )
    if isinstance(exc, bx.CredentialRetrievalError):
        # credential_process's stderr is not shown: it is the helper's own output, and may hold secrets
        return AwsError(
            f"{operation}: the profile's credential_process failed; run it yourself to see why (its output is"
            " not shown here: it may hold secrets)",
            "NoCredentials",
            operation,
        )
    if isinstance(exc, bx.TokenRetrievalError | bx.SSOTokenLoadError | bx.UnauthorizedSSOTokenError):
        return AwsError(f"{operation}: the SSO session has expired; run `aws sso login`", "ExpiredToken", operation)
    return None


def _connection_error(exc: BaseException, operation: str, region: str | None) -> AwsError | None:
    """The error line of an endpoint that could not be reached or did not answer, or None."""
    from botocore import exceptions as bx

    where = f" in {region}" if region else ""
    if isinstance(exc, bx.EndpointConnectionError | bx.ConnectTimeoutError):
        endpoint = str(exc.kwargs.get("endpoint_url", ""))
        return AwsError(
            f"{operation}: cannot reach the AWS endpoint{where} ({endpoint}); {_endpoint_hint(endpoint)}",
            "EndpointConnectionError",
            operation,
        )
    if isinstance(exc, bx.ReadTimeoutError):
        return AwsError(
            f"{operation}: AWS did not answer{where}: each attempt waited {READ_TIMEOUT} s for a byte",
            "ReadTimeout",
            operation,
        )
    return None


def _client_error(exc: Any, operation: str) -> AwsError:
    """The error line of an error answer from AWS: its code, and its message (cut, never a web page)."""
    code = error_code(exc) or "Error"
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    raw = " ".join(str(exc.response.get("Error", {}).get("Message") or "").split())
    message = _detail(raw, status) if raw else ""  # a web page or a long message, never whole
    if code in _EXPIRED:
        text = "the AWS credentials have expired; refresh them (for SSO: `aws sso login`)"
    elif code in _BAD_CREDENTIALS:
        text = f"AWS does not accept these credentials ({code})"
    elif code in _DENIED:
        text = f"access denied{': ' + message if message else ''}"
    elif code in _THROTTLED:
        text = f"throttled by AWS after {_attempts(exc)} attempts ({code}); retry later or lower --parallel"
    else:
        text = f"{code}: {message or (f'HTTP {status}' if status else 'no message')}"
    return AwsError(f"{operation}: {text}", code, operation)


MAX_MESSAGE = 300  # characters of a server's message kept in one error line


def _detail(message: str, status: Any) -> str:
    """The server's message for one error line: a web page (a proxy's, or a server that is not AWS
    answering at AWS_ENDPOINT_URL) is not repeated, and a long message is cut (after credential material is
    redacted, so that no part of a secret is left at the cut)."""
    message = redact(message)
    if message.lstrip()[:1] == "<" and "html" in message[:200].lower():
        http = f"HTTP {status}" if status else "an answer"
        return f"{http}, and a web page instead of an AWS error (a proxy, or an endpoint that is not AWS's?)"
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _endpoint_hint(endpoint: str) -> str:
    """What to check when an endpoint cannot be reached: the AWS_ENDPOINT_URL* setting that chose it, if any."""
    import os

    chosen = sorted(
        name
        for name, value in os.environ.items()
        if name.startswith("AWS_ENDPOINT_URL") and value and value in endpoint
    )
    if chosen:
        return f"it comes from {chosen[0]}: is a server listening there?"
    return "check the region name and the network"


def malformed(operation: str, why: str) -> AwsError:
    """An answer that is not what the API model says: an AWS error, never evidence about a job."""
    from ..terminal import escape

    detail = escape(redact(" ".join(why.split())))
    detail = detail if len(detail) <= 200 else detail[:199] + "…"
    return AwsError(
        f"{operation}: the answer does not match the AWS API's shape ({detail}); nothing was concluded from it",
        "MalformedAnswer",
        operation,
    )


# ParamValidator's findings that make an answer unusable: a member of the wrong type, a required one
# missing. (Lengths and ranges are input constraints; an answer past them is still readable.)
_SHAPE_ERRORS = ("invalid type", "missing required field")


def check_shape(operation: str, client: Any, answer: Any) -> None:
    """Raise ``malformed`` when ``answer`` does not have the output shape of ``operation`` in the client's
    service model: botocore's parser keeps only the members it knows and does not check types, so a
    garbage 200 body became an empty listing (and plan said an existing job "will be created"). The
    check is botocore's own ParamValidator, run on the output shape."""
    model = getattr(getattr(client, "meta", None), "service_model", None)
    if model is None:
        return
    from botocore.validate import ParamValidator

    if not isinstance(answer, dict):
        raise malformed(operation, f"a {type(answer).__name__}, not a structure")
    shape = model.operation_model(operation.partition(":")[2]).output_shape
    if shape is None:
        return
    body = {key: value for key, value in answer.items() if key != "ResponseMetadata"}
    report = ParamValidator().validate(body, shape)
    errors = [error for error in getattr(report, "_errors", ()) if error[0] in _SHAPE_ERRORS]
    if errors:
        kind, name, details = errors[0]
        if kind == "missing required field":
            name = f"{name}.{details.get('required_name', '')}"
        member = name.lstrip(".") or "the answer"
        found = type(details.get("param")).__name__ if kind == "invalid type" else None
        raise malformed(operation, f"{member}: {kind}" + (f" ({found})" if found else ""))


class Late(Exception):
    """A call passed CALL_DEADLINE (``late`` gives its message)."""


def within(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)``, given up after CALL_DEADLINE seconds (``Late``). It runs on a daemon thread that
    is left behind when late: a blocking socket read cannot be interrupted from outside, and a daemon
    thread never keeps the process from exiting. The caller's wait stays interruptible (Ctrl-C)."""
    done = threading.Event()
    outcome: list[Any] = []

    def work() -> None:
        try:
            outcome.append((True, func(*args, **kwargs)))
        except BaseException as exc:  # handed to the caller as it is
            outcome.append((False, exc))
        finally:
            done.set()

    threading.Thread(target=work, name="automlspec-aws-call", daemon=True).start()
    if not done.wait(CALL_DEADLINE):
        raise Late
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def late(operation: str, region: str | None = None) -> AwsError:
    """The one message of a call that passed CALL_DEADLINE, stating the deadline that was applied."""
    where = f" in {region}" if region else ""
    return AwsError(
        f"{operation}: AWS did not answer{where} within {CALL_DEADLINE:g} s (the deadline of one call, its retries"
        " included)",
        "ReadTimeout",
        operation,
    )


def _timestamp(value: Any) -> Any:
    """botocore's timestamp parser, fast for the epoch seconds the JSON APIs send: a ``datetime`` in UTC
    (botocore's own gives local time, through dateutil's tzlocal at about 20 us a value; a listing of
    2,000 jobs holds 6,000). Anything else goes to botocore's parser."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.datetime.fromtimestamp(value, datetime.UTC)
        except (OverflowError, OSError, ValueError):
            pass
    from botocore.utils import parse_timestamp

    return parse_timestamp(value)


def _check_region(region: str, target: Target) -> None:
    """A misspelt region fails here, before any call, instead of after a wait for an endpoint that does not
    exist (regions.py; a region of a valid form that botocore does not list yet is let through)."""
    from ..regions import problem

    found = problem(region)
    if found is None or not found.error:
        return
    if target.region == region:
        where = f"the region of {target.source}'s target" if target.source else "--region"
    else:
        where = "the region of the AWS profile or environment (AWS_REGION, AWS_DEFAULT_REGION)"
    hint = f"; did you mean {found.suggestion}?" if found.suggestion else ""
    raise AwsError(f"{where}: {found.message}{hint}", "UnknownRegion")


def _fail_fast(client: Any) -> Any:
    """``client`` with its own retry policy for a connection that could not be made (CONNECT_ATTEMPTS
    attempts, CONNECT_PAUSE apart). botocore asks every handler of ``needs-retry`` and sleeps for the
    first answer that is not None (botocore/endpoint.py ``_needs_retry``), so this handler goes first
    and answers only for a connection error; raising the error it was shown ends the retries with it."""
    from botocore import exceptions as bx

    def needs_retry(attempts: int = 1, caught_exception: BaseException | None = None, **_: Any) -> float | None:
        if not isinstance(caught_exception, bx.ConnectionError):  # an answer, or a dropped or slow one
            return None  # botocore's own policy (throttling, 5xx, a connection closed mid-answer)
        if attempts >= CONNECT_ATTEMPTS:
            raise caught_exception
        return CONNECT_PAUSE

    service = client.meta.service_model.service_id.hyphenize()
    client.meta.events.register_first(f"needs-retry.{service}", needs_retry, unique_id=f"automlspec-connect-{service}")
    return client


class Account:
    """One boto3 session for one target, with shared clients."""

    def __init__(
        self,
        target: Target | None = None,
        *,
        retry_mode: str | None = None,
        max_attempts: int | None = None,
        notice: Callable[[str], None] | None = None,
    ):
        import boto3
        import botocore.session
        from botocore import exceptions as bx
        from botocore.config import Config

        self.target = target or Target()
        try:
            core = botocore.session.get_session()
            core.get_component("response_parser_factory").set_parser_defaults(timestamp_parser=_timestamp)
            self._session = boto3.session.Session(
                profile_name=self.target.profile, region_name=self.target.region, botocore_session=core
            )
        except bx.BotoCoreError as exc:
            raise translate(exc, "session") from None
        try:  # resolved now, once: a credential_process that prints no JSON is one error line, not a crash
            credentials = self._session.get_credentials()
            frozen = credentials.get_frozen_credentials() if credentials is not None else None
        except bx.BotoCoreError as exc:
            raise translate(exc, "credentials") from None
        except ValueError:  # botocore's json.loads of credential_process's output
            raise AwsError(
                "credentials: the profile's credential_process did not print credentials as JSON; run it yourself"
                " to see what it prints (its output is not shown here: it may hold secrets)",
                "NoCredentials",
            ) from None
        if frozen is not None:
            remember_secrets(frozen.access_key, frozen.secret_key, frozen.token)
        self.region: str | None = self._session.region_name
        if not self.region:
            raise AwsError(
                "no AWS region: pass --region, set AWS_REGION, give the profile a region, or name one in the project"
                " configuration's target",
                "NoRegion",
            )
        _check_region(self.region, self.target)
        retries: dict[str, Any] = {"mode": retry_mode or DEFAULT_RETRY_MODE}
        # set explicitly, so that the "throttled ... after N attempts" message tells the truth
        retries["total_max_attempts"] = max_attempts if max_attempts is not None else DEFAULT_MAX_ATTEMPTS
        self._config = Config(
            retries=retries,
            connect_timeout=CONNECT_TIMEOUT,
            read_timeout=READ_TIMEOUT,
            max_pool_connections=MAX_POOL,
            user_agent_extra="automlspec",
        )
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._identity: dict[str, str] | None = None
        #: told, in one line, whenever a call waits because AWS throttles it (None: wait silently)
        self.notice = notice
        #: calls made through ``call``, per operation (the benchmark reports them)
        self.calls: Counter[str] = Counter()

    def client(self, service: str) -> Any:
        with self._lock:
            if service not in self._clients:
                from botocore import exceptions as bx

                try:
                    self._clients[service] = _fail_fast(self._session.client(service, config=self._config))
                except bx.BotoCoreError as exc:
                    raise translate(exc, f"{service} client", self.region) from None
            return self._clients[service]

    def call(self, operation: str, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(*args, **kwargs)`` with botocore's exceptions as ``AwsError``.

        A call AWS still throttles after botocore's attempts is not an error: it is sent again after a
        pause that doubles each round (at most ``THROTTLED_WAIT_MAX``), and ``notice`` hears of each
        pause. Throttling says "slower", not "no": aborting a plan of thousands of jobs for it would
        only make the user start the same calls again."""
        from botocore import exceptions as bx

        rounds = 0
        while True:
            with self._lock:
                self.calls[operation] += 1
            try:
                answer = within(func, *args, **kwargs)
            except Late:
                raise late(operation, self.region) from None
            except (bx.BotoCoreError, bx.ClientError) as exc:
                rounds = self._wait_if_throttled(exc, operation, rounds)
                continue
            except Exception as exc:  # botocore's parser failing on the answer (it raises what it meets)
                raise malformed(operation, f"{type(exc).__name__}: {exc}") from None
            check_shape(operation, getattr(func, "__self__", None), answer)
            return answer

    def _wait_if_throttled(self, exc: BaseException, operation: str, rounds: int) -> int:
        """After a failed call: raise it as ``AwsError`` unless AWS still throttles it, else pause before
        the next round (``_throttled``) and return that round's number."""
        error = translate(exc, operation, self.region)
        if error.code not in _THROTTLED:
            raise error from None
        self._throttled(operation, rounds + 1)
        return rounds + 1

    def _throttled(self, operation: str, rounds: int) -> None:
        """The pause before round ``rounds + 1`` of a call AWS still throttles: 2, 4, 8 ... seconds, at
        most ``THROTTLED_WAIT_MAX``, told to ``notice`` first."""
        pause = min(THROTTLED_WAIT_MAX, 2.0**rounds)
        if self.notice is not None:
            self.notice(
                f"{operation} is throttled by AWS{' in ' + self.region if self.region else ''}; still trying"
                f" (round {rounds + 1} in {pause:g} s; Ctrl-C stops)"
            )
        _sleep(pause)

    def pages(
        self,
        operation: str,
        client: Any,
        method: str,
        *,
        max_pages: int,
        page_size: int | None = None,
        token_key: str = "NextToken",
        **kwargs: Any,
    ) -> Iterator[dict[str, Any]]:
        """Every page of a listing through botocore's paginator (which refuses a NextToken it was sent
        before: https://github.com/boto/botocore/blob/develop/botocore/paginate.py), at most ``max_pages``
        of them: an endpoint that keeps sending new tokens is stopped there with an ``AwsError``, never
        followed for ever. Errors are translated as ``call``'s are."""
        from botocore import exceptions as bx

        config: dict[str, Any] = {"PageSize": page_size} if page_size else {}
        # the token of the last page yielded (``token_key``: the paginator's output token, NextToken for
        # SageMaker): where a throttled listing goes on, instead of starting again at the first page
        token: str | None = None
        rounds = 0

        def start() -> Iterator[dict[str, Any]]:
            resume = {**config, "StartingToken": token} if token else config
            return iter(client.get_paginator(method).paginate(**kwargs, PaginationConfig=resume))

        iterator = start()
        count = 0
        while True:
            try:
                page = within(next, iterator)
            except StopIteration:
                return
            except Late:
                raise late(operation, self.region) from None
            except bx.PaginationError:
                raise AwsError(
                    f"{operation}: AWS sent the same NextToken twice; the listing was stopped there (a fault of the"
                    " endpoint: retry later)",
                    "PaginationError",
                    operation,
                ) from None
            except (bx.BotoCoreError, bx.ClientError) as exc:
                # still throttled after botocore's attempts: wait, then go on from the last page read
                rounds = self._wait_if_throttled(exc, operation, rounds)
                iterator = start()
                continue
            except Exception as exc:  # botocore's parser failing on the answer
                raise malformed(operation, f"{type(exc).__name__}: {exc}") from None
            finally:
                with self._lock:
                    self.calls[operation] += 1
            check_shape(operation, client, page)
            count, rounds = count + 1, 0
            next_token = page.get(token_key)
            token = next_token if isinstance(next_token, str) else None
            if count > max_pages:
                raise AwsError(
                    f"{operation}: AWS still sent a NextToken after {max_pages:,} pages; the listing was stopped"
                    " there (more than any account holds: a fault of the endpoint?)",
                    "TooManyPages",
                    operation,
                )
            yield page

    def identity(self) -> dict[str, str]:
        """STS GetCallerIdentity (cached): Account, Arn, UserId."""
        if self._identity is None:
            sts = self.client("sts")
            answer = self.call("sts:GetCallerIdentity", sts.get_caller_identity)
            self._identity = {k: str(answer.get(k, "")) for k in ("Account", "Arn", "UserId")}
        return self._identity

    def check_account(self, target: Target | None = None) -> str:
        """The caller's account id; ``AwsError`` when ``target`` (default: the one this session was made
        for) names other accounts (terraform's ``allowed_account_ids``), checked before anything is read
        or changed.

        A session is shared by every target with its (profile, region), and each of them allows its own
        accounts: the caller must pass the target it is about to work for, so that every target's own
        list is checked against this session's identity (issue 20)."""
        target = target or self.target
        account = self.identity()["Account"]
        allowed = target.allowed_account_ids
        if allowed and account not in allowed:
            raise AwsError(
                f"the credentials are for account {account}, but {target.source or 'the target'} allows only"
                f" {', '.join(allowed)}; switch profile or credentials",
                "WrongAccount",
            )
        return account

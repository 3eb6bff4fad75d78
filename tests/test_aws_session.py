"""automlspec.aws against a real moto_server: sessions, the account guard, and errors as one line."""

from __future__ import annotations

import pytest
from botocore.stub import Stubber
from moto_server import ACCOUNT

from automlspec.aws import Account, Target, translate
from automlspec.errors import AwsError, ExitCode


def test_identity_and_allowed_account(aws_env):
    account = Account(Target(allowed_account_ids=(ACCOUNT,), source="specs/.automlspec.yaml"))
    assert account.check_account() == ACCOUNT
    assert account.region == "us-east-1"


def test_wrong_account_is_refused_with_both_ids(aws_env):
    account = Account(Target(allowed_account_ids=("111111111111",), source="prod/.automlspec.yaml"))
    with pytest.raises(AwsError) as caught:
        account.check_account()
    message = str(caught.value)
    assert ACCOUNT in message and "111111111111" in message and "prod/.automlspec.yaml" in message
    assert caught.value.exit_code is ExitCode.FAILURE


def test_clients_are_shared(aws_env):
    account = Account()
    assert account.client("sagemaker") is account.client("sagemaker")


def test_no_region_is_a_clear_error(aws_env, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(AwsError, match="no AWS region"):
        Account()


def test_unknown_profile_is_a_clear_error(aws_env):
    with pytest.raises(AwsError, match="AWS profile not found: nobody"):
        Account(Target(profile="nobody"))


def test_missing_credentials_name_the_fix_and_no_secret(aws_env, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    account = Account()
    with pytest.raises(AwsError) as caught:
        account.identity()
    assert "no AWS credentials found" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ExpiredTokenException", "expired"),
        ("AccessDeniedException", "access denied: User is not authorized"),
        ("UnrecognizedClientException", "does not accept these credentials"),
        ("ValidationException", "ValidationException: User is not authorized"),
    ],
)
def test_service_errors_become_one_line(aws_env, code, expected):
    account = Account()
    client = account.client("sagemaker")
    with Stubber(client) as stub:
        stub.add_client_error("list_auto_ml_jobs", code, "User is not authorized\nto do this", 400)
        with pytest.raises(AwsError) as caught:
            account.call("sagemaker:ListAutoMLJobs", client.list_auto_ml_jobs)
    assert expected in str(caught.value)
    assert caught.value.code == code
    assert "\n" not in str(caught.value) and "testing" not in str(caught.value)


def test_throttling_is_never_an_error_on_its_own(aws_env, monkeypatch):
    """A call AWS still throttles after botocore's attempts is sent again after a pause (2, 4 ... s) for
    as long as it takes; each pause is told to ``notice`` (issue 20, section 4)."""
    pauses: list[float] = []
    monkeypatch.setattr("automlspec.aws._sleep", pauses.append)
    heard: list[str] = []
    account = Account(notice=heard.append, max_attempts=1)
    client = account.client("sagemaker")
    with Stubber(client) as stub:
        for _ in range(3):
            stub.add_client_error("list_auto_ml_jobs", "ThrottlingException", "Rate exceeded", 400)
        stub.add_response("list_auto_ml_jobs", {"AutoMLJobSummaries": []})
        assert account.call("sagemaker:ListAutoMLJobs", client.list_auto_ml_jobs) == {"AutoMLJobSummaries": []}
    assert pauses == [2.0, 4.0, 8.0]
    assert heard[0] == (
        "sagemaker:ListAutoMLJobs is throttled by AWS in us-east-1; still trying (round 2 in 2 s; Ctrl-C stops)"
    )
    assert account.calls["sagemaker:ListAutoMLJobs"] == 4


def test_a_web_page_or_a_long_message_is_not_printed_whole(aws_env):
    page = "<!doctype html>\n<html><head><title>500 Internal Server Error</title></head><body>" + "x" * 5000
    account = Account()
    client = account.client("sagemaker")
    for code, status, message, expected in (
        ("InternalFailure", 500, page, "InternalFailure: HTTP 500, and a web page instead of an AWS error"),
        ("InternalFailure", 500, "y" * 5000, "InternalFailure: " + "y" * 299 + "…"),
        ("403", 403, page, "access denied: HTTP 403, and a web page instead of an AWS error"),  # a proxy's page
    ):
        with Stubber(client) as stub:
            stub.add_client_error("list_auto_ml_jobs", code, message, status)
            with pytest.raises(AwsError) as caught:
                account.call("sagemaker:ListAutoMLJobs", client.list_auto_ml_jobs)
        text = str(caught.value)
        assert expected in text and "<" not in text and len(text) < 400


def test_an_unreachable_endpoint_names_the_setting_that_chose_it(aws_env, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    account = Account(max_attempts=1)
    with pytest.raises(AwsError) as caught:
        account.check_account()
    assert "cannot reach the AWS endpoint in us-east-1 (http://127.0.0.1:9/)" in str(caught.value)
    assert "it comes from AWS_ENDPOINT_URL: is a server listening there?" in str(caught.value)


def test_connections_have_their_own_timeout_and_attempts_apart_from_throttling(aws_env):
    """Issue 21: an unreachable endpoint waited 8.5 s for botocore's 5 attempts and their backoff. The
    connect timeout is short and separate from the read timeout; throttling keeps its 5 attempts."""
    from automlspec import aws

    account = Account()
    config = account._config
    assert (config.connect_timeout, config.read_timeout) == (aws.CONNECT_TIMEOUT, aws.READ_TIMEOUT) == (2, 60)
    assert config.retries == {"mode": "adaptive", "total_max_attempts": aws.DEFAULT_MAX_ATTEMPTS}
    assert aws.CONNECT_ATTEMPTS == 2 and aws.CONNECT_PAUSE <= 0.5


def test_an_unreachable_endpoint_is_tried_connect_attempts_times_not_five(aws_env, monkeypatch):
    from automlspec import aws

    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setattr(aws, "CONNECT_PAUSE", 0.0)
    account = Account()  # botocore's 5 attempts for throttling
    sent: list[str] = []
    account.client("sts").meta.events.register("before-send.sts", lambda **kwargs: sent.append("sent"))
    with pytest.raises(AwsError) as caught:
        account.check_account()
    assert "cannot reach the AWS endpoint in us-east-1" in str(caught.value)
    assert len(sent) == aws.CONNECT_ATTEMPTS


def test_the_connect_policy_leaves_every_other_retry_to_botocore(aws_env):
    from botocore.exceptions import ConnectionClosedError, EndpointConnectionError, ReadTimeoutError

    client = Account().client("sagemaker")
    operation = client.meta.service_model.operation_model("ListAutoMLJobs")
    event = "needs-retry.sagemaker.ListAutoMLJobs"

    def asked(attempts: int, response=None, caught_exception=None) -> list:
        """(handler name, answer) of every needs-retry handler, in botocore's order."""
        answers = client.meta.events.emit(
            event, response=response, endpoint=None, operation=operation, attempts=attempts,
            caught_exception=caught_exception, request_dict={"context": {}},
        )  # fmt: skip
        return [(getattr(handler, "__qualname__", ""), answer) for handler, answer in answers]

    from types import SimpleNamespace

    http = SimpleNamespace(status_code=400, headers={})  # the (HTTP response, parsed answer) botocore passes
    throttled = (http, {"Error": {"Code": "ThrottlingException"}, "ResponseMetadata": {"HTTPStatusCode": 400}})
    for kwargs in (
        {"response": throttled},
        {"caught_exception": ConnectionClosedError(endpoint_url="x")},
        {"caught_exception": ReadTimeoutError(endpoint_url="x")},
    ):
        answers = asked(1, **kwargs)
        assert answers[0] == ("_fail_fast.<locals>.needs_retry", None)  # ours is asked first, and declines
        assert any(answer is not None for _, answer in answers[1:])  # botocore's retry answers
    refused = EndpointConnectionError(endpoint_url="http://127.0.0.1:9")
    assert asked(1, caught_exception=refused)[0] == ("_fail_fast.<locals>.needs_retry", 0.2)
    with pytest.raises(EndpointConnectionError):
        asked(2, caught_exception=refused)


def test_translate_leaves_other_exceptions_alone():
    with pytest.raises(KeyError):
        translate(KeyError("bug"), "op")


def test_the_pool_runs_items_as_a_generator_yields_them_and_ctrl_c_cancels_the_queue(aws_env, monkeypatch):
    import threading
    import time

    from automlspec.aws.sagemaker import SageMaker

    sm = SageMaker(Account(), parallel=2)
    started: list[int] = []
    lock = threading.Lock()
    first = threading.Event()

    def work(item: int) -> int:
        with lock:
            started.append(item)
        first.set()
        if item == 3:
            raise AwsError("sagemaker:ListTags: AccessDenied: no", "AccessDenied")
        time.sleep(0.05)
        return item * 10

    def items():
        yield 0
        assert first.wait(300)  # item 0 runs before the generator goes on (an event; the timeout only ends a hang)
        yield from range(1, 5)

    answers = sm.each(work, items())
    assert started[0] == 0 and answers[:3] == [0, 10, 20] and answers[4] == 40
    assert isinstance(answers[3], AwsError)  # kept per item, not raised

    started.clear()
    # the calls in flight go on only once the pool has been shut down (an event, not a sleep: on a busy
    # machine the main thread may take longer than any sleep to see the Ctrl-C)
    import concurrent.futures

    shut = threading.Event()
    shutdown = concurrent.futures.ThreadPoolExecutor.shutdown

    def shutdown_then_tell(pool, *args, **kwargs):
        shutdown(pool, *args, **kwargs)
        shut.set()

    monkeypatch.setattr(concurrent.futures.ThreadPoolExecutor, "shutdown", shutdown_then_tell)

    def interrupted(item: int) -> int:
        with lock:
            started.append(item)
        if item == 0:
            raise KeyboardInterrupt
        assert shut.wait(300)  # the timeout only ends a hang
        return item

    with pytest.raises(KeyboardInterrupt):
        sm.each(interrupted, range(40))
    # the two workers' calls in flight finish; the 36 or more queued ones never start
    assert len(started) <= 4

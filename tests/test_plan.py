"""plan.diff and plan.apply as pure functions: the diff, names, tags, prune scope, apply's bookkeeping."""

from __future__ import annotations

import copy

import pytest

from automlspec.errors import AwsError
from automlspec.jobs import request as live
from automlspec.jobs.lifecycle import Status
from automlspec.plan import apply
from automlspec.plan.diff import (
    CONFLICT,
    CONTAINED,
    CREATE,
    NOOP,
    NOT_CONTAINED,
    STOP,
    UPDATE_TAGS,
    Checkout,
    Desired,
    LiveJob,
    Plan,
    _inside,
    created_from,
    diff,
    plan_target,
    prune_target,
    request_hash,
    spec_path,
    suggest_name,
    tag_changes,
)

REQUEST = {
    "AutoMLJobName": "churn",
    "AutoMLJobInputDataConfig": [{"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/t/"}}}],
    "OutputDataConfig": {"S3OutputPath": "s3://b/out/"},
    "AutoMLProblemTypeConfig": {"TabularJobConfig": {"TargetAttributeName": "y", "ProblemType": "Regression"}},
    "AutoMLJobObjective": {"MetricName": "MSE"},
    "RoleArn": "arn:aws:iam::123456789012:role/x",
}


def with_(data: dict, path: tuple, value) -> dict:
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
    node[path[-1]] = value
    return out


def test_documented_defaults_filled_by_the_service_are_not_differences():
    filled = with_(REQUEST, ("AutoMLJobInputDataConfig", 0, "ContentType"), "text/csv;header=present")
    filled = with_(filled, ("AutoMLJobInputDataConfig", 0, "ChannelType"), "training")
    filled = with_(filled, ("DataSplitConfig",), {"ValidationFraction": 0.2})
    filled = with_(filled, ("SecurityConfig",), {"EnableInterContainerTrafficEncryption": False})
    filled = with_(
        filled, ("AutoMLProblemTypeConfig", "TabularJobConfig", "CompletionCriteria"), {"MaxCandidates": 250}
    )
    assert diff(REQUEST, filled) == []
    # ... but a value the spec states is compared, defaults included
    stated = with_(REQUEST, ("DataSplitConfig",), {"ValidationFraction": 0.3})
    (change,) = diff(stated, filled)
    assert (change.path, change.before, change.after) == ("DataSplitConfig.ValidationFraction", 0.2, 0.3)


def test_a_field_the_live_job_lacks_and_a_changed_list_are_differences():
    wanted = with_(REQUEST, ("AutoMLProblemTypeConfig", "TabularJobConfig", "Mode"), "ENSEMBLING")
    (change,) = diff(wanted, REQUEST)
    assert (change.path, change.before, change.after) == (
        "AutoMLProblemTypeConfig.TabularJobConfig.Mode",
        None,
        "ENSEMBLING",
    )
    two = copy.deepcopy(REQUEST)
    two["AutoMLJobInputDataConfig"].append(
        {"ChannelType": "validation", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/v/"}}}
    )
    (change,) = diff(two, REQUEST)
    assert change.path == "AutoMLJobInputDataConfig" and len(change.after) == 2


def test_booleans_are_not_numbers_and_names_and_tags_are_not_fields():
    wanted = with_(REQUEST, ("AutoMLProblemTypeConfig", "TabularJobConfig", "GenerateCandidateDefinitionsOnly"), True)
    have = with_(REQUEST, ("AutoMLProblemTypeConfig", "TabularJobConfig", "GenerateCandidateDefinitionsOnly"), 1)
    assert len(diff(wanted, have)) == 1
    renamed = {**REQUEST, "AutoMLJobName": "CHURN", "Tags": [{"Key": "a", "Value": "b"}]}
    assert diff(renamed, REQUEST) == []


def test_tag_changes_ignore_reserved_keys_and_report_add_change_remove():
    add, remove, changes = tag_changes(
        [{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "dev"}],
        [
            {"Key": "team", "Value": "a"},
            {"Key": "old", "Value": "x"},
            {"Key": "automlspec:hash", "Value": "h"},
            {"Key": "aws:cloudformation:stack-id", "Value": "s"},
        ],
    )
    assert add == (("team", "b"), ("env", "dev")) and remove == ("old",)
    assert [(c.path, c.before, c.after) for c in changes] == [
        ("Tags.team", "a", "b"),
        ("Tags.env", None, "dev"),
        ("Tags.old", "x", None),
    ]
    assert tag_changes([{"Key": "cost center", "Value": "1"}], [])[2][0].path == 'Tags["cost center"]'


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("churn", [], "churn-2"),
        ("churn", ["CHURN-2"], "churn-3"),
        ("churn-v2", [], "churn-v3"),
        ("churn-7", [], "churn-8"),
        ("a" * 32, [], "a" * 30 + "-2"),
    ],
)
def test_suggested_names_are_free_valid_and_close(name, taken, expected):
    assert suggest_name(name, taken) == expected
    assert len(expected) <= 32


@pytest.mark.parametrize(
    ("tag", "scope", "inside"),
    [
        ("dev/a.yaml", "dev", True),
        ("dev/a.yaml:2", "dev/a.yaml", True),
        ("dev/a.yaml", "", True),
        ("dev/a.yaml", ".", True),
        ("devops/a.yaml", "dev", False),
        ("prod/a.yaml", "dev/", False),
        ("dev/../prod/a.yaml", "dev", False),  # not a path automlspec writes: never inside anything
        ("./dev/a.yaml", "dev", False),
        ("/dev/a.yaml", "dev", False),
        ("../dev/a.yaml", "", False),
    ],
)
def test_prune_scope(tag, scope, inside):
    path = spec_path(tag)
    assert (path is not None and _inside(path, scope)) is inside


def job(name: str, request: dict, tags=(), status="InProgress") -> LiveJob:
    return LiveJob(name, f"arn:aws:sagemaker:us-east-1:1:automl-job/{name}", Status(status, "x"), request, tuple(tags))


def test_plan_target_gives_one_action_per_spec():
    desired = [
        Desired("new-job", "new.yaml", "new.yaml", {**REQUEST, "AutoMLJobName": "new-job"}, "t1", "acme", "c" * 40),
        Desired("churn", "churn.yaml", "churn.yaml", {**REQUEST, "Tags": [{"Key": "t", "Value": "2"}]}),
    ]
    live_request = {k: v for k, v in REQUEST.items()}
    jobs = {"churn": job("Churn", live_request, [("t", "1")])}
    actions = plan_target(desired, jobs, ["Churn", "gone", "by-hand"], "t1")
    assert [(a.action, a.name) for a in actions] == [(CREATE, "new-job"), (UPDATE_TAGS, "Churn")]
    created = actions[0].request
    assert created["Tags"][-4:] == [
        {"Key": live.SPEC_TAG, "Value": "new.yaml"},
        {"Key": live.HASH_TAG, "Value": request_hash({**REQUEST, "AutoMLJobName": "new-job"})},
        {"Key": live.PROJECT_TAG, "Value": "acme"},
        {"Key": live.COMMIT_TAG, "Value": "c" * 40},
    ]
    conflict = plan_target(
        [Desired("churn", "c.yaml", "c.yaml", with_(REQUEST, ("RoleArn",), "arn:aws:iam::123456789012:role/y"))],
        jobs,
        ["churn", "churn-2"],
    )
    assert conflict[0].action == CONFLICT and conflict[0].suggested_name == "churn-3"
    same = plan_target(
        [Desired("churn", "c.yaml", "c.yaml", {**REQUEST, "Tags": [{"Key": "t", "Value": "1"}]})], jobs, []
    )
    assert same[0].action == NOOP


def test_prune_stops_only_what_this_checkout_proves_it_created_and_deleted():
    commit = "c" * 40
    ours = [(live.PROJECT_TAG, "acme"), (live.COMMIT_TAG, commit)]
    candidates = [
        job("gone", REQUEST, [(live.SPEC_TAG, "specs/gone.yaml"), *ours]),
        job("gone-done", REQUEST, [(live.SPEC_TAG, "specs/gone.yaml"), *ours], status="Completed"),
        job("by-hand", REQUEST),
        job("elsewhere", REQUEST, [(live.SPEC_TAG, "other/x.yaml"), *ours]),
        job("theirs", REQUEST, [(live.SPEC_TAG, "specs/gone.yaml"), (live.PROJECT_TAG, "other"), ours[1]]),
        job("renamed", REQUEST, [(live.SPEC_TAG, "specs/renamed.yaml"), *ours]),
        job("excluded", REQUEST, [(live.SPEC_TAG, "specs/legacy/x.yaml"), *ours]),
        job(
            "behind",
            REQUEST,
            [(live.SPEC_TAG, "specs/new.yaml"), (live.PROJECT_TAG, "acme"), (live.COMMIT_TAG, "d" * 40)],
        ),
        job("old-tool", REQUEST, [(live.SPEC_TAG, "specs/old.yaml")]),
    ]
    history = {
        (commit, "specs/gone.yaml"): CONTAINED,
        (commit, "specs/renamed.yaml"): CONTAINED,
        (commit, "specs/legacy/x.yaml"): CONTAINED,
        ("d" * 40, "specs/new.yaml"): NOT_CONTAINED,
    }
    checkout = Checkout("specs", "acme", history)
    stops, kept = prune_target(candidates, frozenset({"excluded"}), (checkout,), "t1")
    assert [(a.action, a.name, a.spec_tag) for a in stops] == [
        (STOP, "gone", "specs/gone.yaml"),
        (STOP, "renamed", "specs/renamed.yaml"),
    ]
    assert {k.name: k.reason.split(";")[0] for k in kept} == {
        "behind": f"created from commit {'d' * 12}, which this checkout does not contain",
        "old-tool": "it carries no automlspec:project tag (made by hand, or by an automlspec older than the tag), so"
        " nothing proves this repository created it",
    }
    # a checkout without an identity stops nothing, and says why
    stops, kept = prune_target(candidates, frozenset(), (Checkout("specs", None, history),), "t1")
    assert stops == [] and all("no repository identity" in k.reason for k in kept)


def test_a_job_created_from_exactly_the_spec_is_known_by_its_hash_tag():
    spec = Desired("churn", "c.yaml", "c.yaml", {**REQUEST, "Tags": [{"Key": "t", "Value": "2"}]})
    mine = [{"Key": live.SPEC_TAG, "Value": "c.yaml"}, {"Key": live.HASH_TAG, "Value": spec.hash}]
    assert created_from(spec, mine)
    assert created_from(spec, [*mine, {"Key": "t", "Value": "1"}])  # user tags may differ: they can change
    other = Desired("churn", "c.yaml", "c.yaml", with_(REQUEST, ("RoleArn",), "arn:aws:iam::123456789012:role/y"))
    assert not created_from(other, mine)  # the spec changed since the job was created
    assert not created_from(spec, [{"Key": live.SPEC_TAG, "Value": "c.yaml"}])  # created some other way
    assert not created_from(spec, [{"Key": live.HASH_TAG, "Value": spec.hash.upper()}])  # a hand-edited tag
    assert not created_from(spec, [*mine, {"Key": live.HASH_TAG, "Value": "0" * 64}])  # two values: describe
    # A job known only by its summary and tags is compared by its tags alone.
    summary = {"AutoMLJobName": "churn", "AutoMLJobArn": "arn:j", "AutoMLJobStatus": "InProgress"}
    known = LiveJob.from_summary(summary, [*mine, {"Key": "t", "Value": "1"}])
    assert known.request is None and str(known.status) == "InProgress"
    [action] = plan_target([spec], {"churn": known}, ["churn"])
    assert action.action == UPDATE_TAGS and [(c.path, c.before, c.after) for c in action.changes] == [
        ("Tags.t", "1", "2")
    ]
    [action] = plan_target([spec], {"churn": LiveJob.from_summary(summary, [*mine, {"Key": "t", "Value": "2"}])}, [])
    assert action.action == NOOP


def test_the_live_fingerprint_is_what_can_change_tags_and_running():
    described = job("churn", REQUEST, [("t", "1")])
    assert (
        described.fingerprint
        == LiveJob(described.name, described.arn, described.status, None, described.tags).fingerprint
    )
    assert described.fingerprint != job("churn", REQUEST, [("t", "2")]).fingerprint
    assert described.fingerprint != job("churn", REQUEST, [("t", "1")], status="Completed").fingerprint


def test_the_hash_ignores_tags_and_key_order():
    reordered = dict(reversed(list(REQUEST.items())))
    assert request_hash(REQUEST) == request_hash({**reordered, "Tags": [{"Key": "a", "Value": "b"}]})
    assert request_hash(REQUEST) != request_hash(with_(REQUEST, ("RoleArn",), "arn:aws:iam::1:role/z"))


class FakeSageMaker:
    def __init__(self, fail=(), interrupt=()):
        self.fail, self.interrupt, self.calls = set(fail), set(interrupt), []

    def create(self, request):
        name = request["AutoMLJobName"]
        if name in self.interrupt:
            raise KeyboardInterrupt
        if name in self.fail:
            raise AwsError(f"sagemaker:CreateAutoMLJobV2: ResourceLimitExceeded: {name}", "ResourceLimitExceeded")
        self.calls.append(("create", name))
        return f"arn:{name}"


def creates(*names):
    return Plan(
        [
            plan_target([Desired(n, f"{n}.yaml", f"{n}.yaml", {**REQUEST, "AutoMLJobName": n})], {}, [], "t")[0]
            for n in names
        ]
    )


def test_apply_goes_on_after_a_failure_and_keeps_the_message():
    sm = FakeSageMaker(fail={"b"})
    outcomes, interrupted = apply.run(creates("a", "b", "c"), {"t": sm})
    assert not interrupted
    assert [(o.action.name, o.result) for o in outcomes] == [("a", "done"), ("b", "failed"), ("c", "done")]
    assert outcomes[1].message == "sagemaker:CreateAutoMLJobV2: ResourceLimitExceeded: b"
    assert apply.summary(outcomes, False) == "Apply failed: 2 created, 0 tags updated, 0 stopped, 1 failed."


def test_the_summary_says_apply_failed_whenever_an_action_was_not_applied():
    """issue 21: "Apply complete: ... 1 failed" read as a success; every outcome apply exits 1 for says failed."""
    a, b = (
        plan_target([Desired(n, f"{n}.yaml", f"{n}.yaml", {**REQUEST, "AutoMLJobName": n})], {}, [], "t")[0]
        for n in "ab"
    )
    done = apply.Outcome(a, apply.DONE)
    assert apply.summary([done], False) == "Apply complete: 1 created, 0 tags updated, 0 stopped, 0 failed."
    moved = apply.Outcome(b, apply.NOT_DONE, "a job named b exists now")
    assert (
        apply.summary([done, moved], False)
        == "Apply failed: 1 created, 0 tags updated, 0 stopped, 0 failed, 1 not done."
    )
    maybe = apply.Outcome(b, apply.MAYBE, "no answer before the deadline")
    assert apply.summary([done, maybe], False).startswith("Apply failed: 1 created")
    assert apply.summary([done, maybe], True).startswith("Apply interrupted: 1 created")


def test_ctrl_c_stops_before_the_next_action_and_says_what_was_not_done():
    # Ctrl-C while b's call is in flight: only AWS knows whether b happened, so b "may have happened";
    # c was never sent, so it is "not done".
    sm = FakeSageMaker(interrupt={"b"})
    outcomes, interrupted = apply.run(creates("a", "b", "c"), {"t": sm})
    assert interrupted and sm.calls == [("create", "a")]
    assert [(o.action.name, o.result) for o in outcomes] == [
        ("a", "done"),
        ("b", "may have happened"),
        ("c", "not done"),
    ]
    assert apply.summary(outcomes, True) == (
        "Apply interrupted: 1 created, 0 tags updated, 0 stopped, 0 failed,"
        " 1 may have happened (run `automlspec plan`), 1 not done."
    )


def test_wait_reports_the_best_candidate_and_objective_value():
    answers = iter(
        [
            {"AutoMLJobStatus": "InProgress", "AutoMLJobSecondaryStatus": "TrainingModels"},
            {
                "AutoMLJobStatus": "Completed",
                "AutoMLJobSecondaryStatus": "Completed",
                "BestCandidate": {
                    "CandidateName": "churn-trial-7",
                    "FinalAutoMLJobObjectiveMetric": {"MetricName": "F1", "Value": 0.91},
                },
            },
        ]
    )

    class Describer:
        def describe(self, name):
            return next(answers)

    watched = [apply.Watched("churn", "t")]
    shown = []
    assert apply.wait(watched, {"t": Describer()}, 0, lambda jobs: shown.append(jobs[0].status), sleep=lambda s: None)
    assert shown == ["InProgress", "Completed"]
    from automlspec.views.apply import outcome_text

    assert outcome_text(watched[0]) == "churn-trial-7: F1 = 0.91"

"""plan and apply, along terraform's seams (``internal/backend/local``, ``internal/plans``, ``planfile``):

- ``options``: what a plan depends on besides the spec files (saved with it);
- ``desired``: the spec files, linted and compiled, as desired jobs grouped by target;
- ``observe``: the one reader of live jobs (ListAutoMLJobs, ListTags, DescribeAutoMLJobV2) and its error policy;
- ``diff``: pure: desired and live jobs -> actions (the plan's data);
- ``planfile``: the saved plan (``plan --out``, ``apply --plan``) and its freshness check;
- ``apply``: the only writer to AWS;
- ``operation``: one run: the targets' AWS sessions live there and nowhere else; results carry data only.
"""

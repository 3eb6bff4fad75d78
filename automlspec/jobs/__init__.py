"""Live AutoML jobs as facts, pure: what AWS's answers about a job mean, with no AWS call in sight.

- ``lifecycle``: the AutoMLJobStatus values (in one place), a job's ``Status``, whether it runs.
- ``request``: a DescribeAutoMLJobV2 answer (and the job's tags) as the CreateAutoMLJobV2 request that
  would create it; the tags automlspec writes; ``minimal`` for a spec a person would write.
"""

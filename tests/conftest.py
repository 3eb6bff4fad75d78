"""Fixtures shared by every test module."""

from moto_server import aws_env, moto_server  # noqa: F401  (a real moto_server on 127.0.0.1: tests/moto_server.py)

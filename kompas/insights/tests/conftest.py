"""The reporting channel's handlers (with keys), so that reports can be filed in these tests."""

from kompas.reporting.tests.conftest import handlers

__all__ = ["handlers"]

from kompas.reporting.tests.conftest import handlers  # noqa: F401  (the handlers' key pairs)

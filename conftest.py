"""Root conftest: plugins the project's own test suite needs (pytester for testing the pytest plugin)."""

pytest_plugins = ["pytester"]

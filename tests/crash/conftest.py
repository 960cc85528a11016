def pytest_configure(config):
    config.addinivalue_line(
        "markers", "crash: kills real gunicorn and task workers at chosen points (tests/crash)"
    )

from django.apps import AppConfig


class CrashConfig(AppConfig):
    name = "tests.crash"
    label = "crash_harness"

    def ready(self):
        from tests.crash import killpoints

        killpoints.install()

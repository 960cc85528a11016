import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse

from stories.public_url import absolute_url


class Command(BaseCommand):
    help = "Create the demo administrator if missing and print how to log in (local demo only)."

    def handle(self, *args, **options):
        username = os.environ.get("DEMO_ADMIN_USER", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "centenaire")
        User = get_user_model()
        if not User.objects.filter(username=username).exists():
            User.objects.create_superuser(username, f"{username}@example.com", password)
            self.stdout.write(f"Administrator '{username}' created.")
        admin_url = absolute_url(reverse("wagtailadmin_home"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {admin_url}  user: {username}  password: {password}"
                " (set DEMO_ADMIN_PASSWORD before the first run to choose another)"
            )
        )

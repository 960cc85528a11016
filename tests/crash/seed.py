"""The content the harness needs, written into the run's database by a separate process:
the site, the story list, the contribution page and a moderator.

    python -m tests.crash.seed
"""

import django


def seed():
    from django.contrib.auth.models import Group, User

    from django_tasks_db.models import DBTaskResult

    from stories.models import ContributionPage
    from tests.builders import make_site, make_story_index

    home = make_site()
    make_story_index(home)
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    moderator = User.objects.create_user("moderatrice", "mod@example.org", "x")
    moderator.groups.add(Group.objects.get(name="Modérateurs"))
    DBTaskResult.objects.all().delete()  # the page's own search and share-card tasks
    print(page.url)


if __name__ == "__main__":
    django.setup()
    seed()

"""Content for the two-node test, written by a separate process into the shared PostgreSQL
database: a site, its story list, the contribution page and a moderator.

    python -m tests.ops.two_nodes_seed
"""

import json

import django


def seed():
    from stories.models import ContributionPage
    from tests.builders import make_moderator, make_site, make_story_index

    home = make_site()
    make_story_index(home)
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    from django.contrib.auth import get_user_model

    make_moderator(get_user_model(), username="moderatrice", password="motdepasse-long-42")
    return {"contribute": page.url_path.split("/", 2)[2]}


if __name__ == "__main__":
    django.setup()
    print(json.dumps(seed()))

"""Content for the proxy test, written by a separate process into the database gunicorn
reads (the test's own database is not reachable from another process).

    python -m tests.deploy.seed            a site, its contribution form, a public photo, a
                                           pending contribution
    python -m tests.deploy.seed publish N  publish story N, as a moderator's approval does
    python -m tests.deploy.seed forget-counts   empty the contribution form's rate counters

Prints what it made as JSON on the last line of its output.
"""

import io
import json
import sys
import uuid

import django


def photo_bytes(colour):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def seed():
    from django.core.files.images import ImageFile
    from django.utils import timezone

    from stories.models import CentenaryImage, Contribution, ContributionPage, StoryIndexPage
    from tests.builders import make_image, make_site, make_story, make_story_index

    home = make_site()
    index = StoryIndexPage.objects.first() or make_story_index(home)
    form = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    form.save_revision().publish()
    public = make_image(title="photo-publique")
    private = CentenaryImage(
        title="Photo en attente",
        description="Photo en attente",
        file=ImageFile(io.BytesIO(photo_bytes((200, 40, 40))), name="attente.jpg"),
    )
    private.is_contribution = True  # stored under contributions/, as the intake does
    private.save()
    story = make_story(index, title="Une histoire envoyée", live=False, image=private)
    contribution = Contribution(
        idempotency_key=uuid.uuid4().hex,
        name="Jeanne Martin",
        email="jeanne@example.org",
        relation="alumnus",
        display_choice="initial",
        consent_publication=True,
        consent_guidelines=True,
        consented_at=timezone.now(),
        page=story,
    )
    contribution.set_token()
    contribution.save()
    contribution.images.set([private])
    return {
        "story": story.pk,
        "public": public.file.name,
        "pending": private.file.name,
        "form": form.url,
    }


def publish(story_id):
    from stories.models import Contribution, StoryPage

    story = StoryPage.objects.get(pk=story_id)
    story.save_revision().publish()  # the contribution follows (stories.signals)
    return {"status": Contribution.objects.get(page=story).status}


def forget_counts():
    from stories.models import RateCount

    deleted, _ = RateCount.objects.all().delete()
    return {"deleted": deleted}


def main(argv):
    django.setup()
    if argv[:1] == ["publish"]:
        made = publish(int(argv[1]))
    elif argv[:1] == ["forget-counts"]:
        made = forget_counts()
    else:
        made = seed()
    print(json.dumps(made))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Intake: a valid form becomes files, a draft story and a contribution, then a review.

The files are written first, outside any transaction. Then one transaction writes the photos'
and video's rows, the contribution, the draft story, and queues the acknowledgement and the
start of the review (stories/outbox.py). If anything fails, the transaction is rolled back
and the files already written are deleted, so nothing is half-saved. A process killed in the
middle leaves at worst files with no row, which `manage.py check_media` removes once they are
older than its grace period.

Every draft story joins the story list, and treebeard's ``add_child`` locks the list's row
until the commit (its child count and the next path): contributors, batch commands and
editors adding a page take turns on that one row. So the story is added last, with only the
contribution's link after it, and the rest follows the commit: the story's first revision
and Wagtail's workflow (about half of the intake's queries) are written right after it by
``begin_review``, in a transaction that does not touch the list. A process killed between
the two leaves that queued task to the worker; the story is whole meanwhile, a draft in the
inbox. benchmarks/contributors.py measures the wait under load (bench/contributors.md).
"""

import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.utils.file import hash_filelike

from stories import outbox
from stories.busy import database_was_busy, retry_when_busy, waiting_at_most
from stories.contributions import tasks
from stories.contributions.moderation import begin_review, contributions_collection
from stories.filters import themes_in_use
from stories.models import (
    CentenaryImage,
    Contribution,
    StoryIndexPage,
    StoryKind,
    StoryPage,
    Video,
)
from stories.models.contributions import display_name
from stories.text import first_sentence

logger = logging.getLogger(__name__)
STANDFIRST_LENGTH = 300
# The review starts at once unless SQLite's lock stays taken this long: then the worker
# starts it, and the contributor is not kept waiting for a second turn at the lock.
REVIEW_WAIT_SECONDS = 1


@dataclass
class IntakeResult:
    contribution: Contribution
    token: str | None  # the private link's token, only when just created
    created: bool


@retry_when_busy(budget=lambda: settings.CONTRIBUTION_BUSY_SECONDS)
def submit_contribution(*, form, page, nonce) -> IntakeResult:
    """Turn a valid ContributionForm into a moderated draft story. Idempotent per ``nonce``.

    A busy database is tried again, for up to CONTRIBUTION_BUSY_SECONDS (30 s), before
    giving up (stories/busy.py); each attempt starts by looking for the nonce, so a story
    saved once is never saved twice."""
    existing = Contribution.objects.filter(idempotency_key=nonce).first()
    if existing:
        return IntakeResult(existing, None, created=False)
    rewind_uploads(form)
    written = []
    try:
        # Writing files takes a while (a video may be hundreds of megabytes): never while
        # holding a lock other contributors wait for (SQLite's, or the story list's row).
        images, video = write_files(form.cleaned_data, written)
        with transaction.atomic():
            contribution, token = _create_everything(form, page, nonce, images, video)
    except IntegrityError:
        delete_files(written)
        existing = Contribution.objects.filter(idempotency_key=nonce).first()
        if existing is None:
            raise
        return IntakeResult(existing, None, created=False)
    except BaseException:
        delete_files(written)
        raise
    review_now(contribution)
    return IntakeResult(contribution, token, created=True)


def rewind_uploads(form):
    """A second attempt reads the uploaded video from its start again."""
    video = form.cleaned_data.get("video")
    if video:
        video[0].seek(0)


def write_files(data, written):
    """The photos and the video written to storage, their rows not yet saved; each name
    goes into ``written`` as soon as it is on disk, to be deleted if the intake fails."""
    images = [
        write_photo(photo, caption, data["title"], written) for photo, caption in data["photos"]
    ]
    video = write_video(*data["video"], data["title"], written) if data.get("video") else None
    return images, video


def _create_everything(form, page, nonce, images, video):
    data = form.cleaned_data
    for image in images:
        image.save()
    if video is not None:
        video.save()
    contribution = Contribution(
        idempotency_key=nonce,
        name=" ".join(data["name"].split()),
        email=data["email"],
        relation=data["relation"],
        years_at_company=data["years_at_company"],
        display_choice=data["display_choice"],
        consent_publication=data["consent_publication"],
        consent_social=data["consent_social"],
        consent_people=data["consent_people"],
        consent_guidelines=data["consent_guidelines"],
        consent_texts=agreed_texts(data, page.consent_texts()),
        consented_at=timezone.now(),
        video=video,
    )
    token = contribution.set_token()
    contribution.save()  # a second send of the same form stops here (unique nonce)
    contribution.images.set(images)
    # In the same transaction (stories/outbox.py): a crash keeps the contribution with its
    # acknowledgement and the start of its review, or none of them. The moderators' notice
    # is queued by the workflow's signal (stories/signals.py) when the review starts.
    outbox.enqueue(tasks.send_acknowledgement, contribution.pk)
    outbox.enqueue(begin_review, contribution.pk)
    add_to_story_list(draft_story(data, images, contribution, video), contribution)
    return contribution, token


def add_to_story_list(story, contribution):
    """The story joins the list, last in the transaction: from add_child to the commit the
    list's row is locked, and every other contributor waits for it."""
    index = StoryIndexPage.objects.first()
    story.locale_id = index.locale_id  # what add_child would look up under the lock
    index.add_child(instance=story)
    contribution.page = story
    contribution.save(update_fields=["page", "updated_at"])


def review_now(contribution):
    """The review starts at once rather than when a worker gets to it. It is queued already:
    a failure here loses nothing, and the worker tries again."""
    try:
        with waiting_at_most(REVIEW_WAIT_SECONDS):
            begin_review.call(contribution.pk, unless_under_way=True)
    except Exception as error:
        if isinstance(error, OperationalError) and database_was_busy(error):
            logger.warning("Review of %s left to the task queue: %s", contribution.reference, error)
        else:
            logger.exception("Review of %s left to the task queue", contribution.reference)


def agreed_texts(data, texts):
    """The exact wording of each consent the contributor ticked."""
    return {name: str(text) for name, text in texts.items() if data.get(f"consent_{name}")}


def save_photo(photo, caption, title, written):
    image = write_photo(photo, caption, title, written)
    image.save()
    return image


def write_photo(photo, caption, title, written):
    """The photo's file in storage and its image, not saved yet."""
    image = CentenaryImage(
        title=(caption or title)[:255],
        description=(caption or title)[:255],
        collection=contributions_collection(),
    )
    image.is_contribution = True
    image.file.save(photo.file_name, ContentFile(photo.content), save=False)
    written.append(image.file.name)
    image.width, image.height = photo.width, photo.height
    image.file_size = len(photo.content)
    image.file_hash = hash_filelike(io.BytesIO(photo.content))  # Wagtail's duplicate check
    return image


def write_video(upload, info, title, written):
    """The contributed video under the private prefix, read again in the background for
    its poster once saved; its facts from the probe already done on the upload."""
    video = Video(
        title=title[:255],
        type="video",
        collection=contributions_collection(),
        contributed=True,
        duration=info.duration,
        width=info.width,
        height=info.height,
    )
    video.file.save(f"video.{info.container}", upload, save=False)
    written.append(video.file.name)
    video.process_after_save = True
    return video


def kind_of(images, video):
    if video is not None:
        return StoryKind.VIDEO
    return StoryKind.PHOTO if len(images) > 1 else StoryKind.ANECDOTE


def draft_story(data, images, contribution, video=None):
    """The draft story, not yet in the tree."""
    story = StoryPage(
        title=data["title"],
        slug=f"{slugify(data['title'])[:60]}-{contribution.reference.lower()}",
        # Cards, feeds, meta descriptions and share cards lead with the first sentence; the
        # story page shows it once, in the text (StoryPage.standfirst_opens_body).
        standfirst=first_sentence(data["story"], limit=STANDFIRST_LENGTH),
        kind=kind_of(images, video),
        video=video,
        year_start=data["year_start"],
        year_end=data.get("year_end"),
        place=data.get("place", ""),
        display_name=display_name(data["name"], data["display_choice"]),
        contributor_relation=data["relation"],
        image=images[0] if images else None,
        image_caption=lead_caption(data),
        photo_in_share_card=bool(data.get("consent_social")),
        body=story_body(data, images),
        live=False,
    )
    names = dict(themes_in_use())
    story.themes.set([names[slug] for slug in data.get("themes", []) if slug in names])
    return story


def lead_caption(data):
    """What the contributor wrote under the first photo, shown under the lead image."""
    photos = data.get("photos") or []
    return photos[0][1] if photos else ""


def story_body(data, images):
    """Paragraphs from the plain text (escaped), then the other photos and the video link."""
    blocks = [
        {"type": "paragraph", "value": paragraph_html(paragraph)}
        for paragraph in data["story"].replace("\r\n", "\n").split("\n\n")
        if paragraph.strip()
    ]
    captions = {image.pk: image.description for image in images}
    for image in images[1:]:
        blocks.append(
            {"type": "image", "value": {"image": image.pk, "caption": captions[image.pk]}}
        )
    if data.get("video_url"):
        blocks.append(
            {
                "type": "video",
                "value": {"url": data["video_url"], "title": data["title"], "transcript": ""},
            }
        )
    return blocks


def paragraph_html(text):
    lines = [escape(line.strip()) for line in text.strip().split("\n")]
    return "<p>" + "<br/>".join(lines) + "</p>"


def delete_files(names):
    storage = CentenaryImage._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not delete %s after a failed contribution", name)

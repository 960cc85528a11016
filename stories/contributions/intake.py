"""Intake: a valid form becomes files, a draft story, a contribution and a workflow, at once.

Everything happens in one transaction, the queued acknowledgement included; if anything
fails, the transaction is rolled back and the files already written are deleted, so nothing
is half-saved. A process killed in the middle leaves at worst files with no row, which
`manage.py check_media` removes once they are older than its grace period.
"""

import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.utils.file import hash_filelike

from stories import outbox
from stories.busy import retry_when_busy
from stories.contributions import tasks
from stories.contributions.moderation import contributions_collection, start_moderation
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
        with transaction.atomic():
            contribution, token = _create_everything(form, page, nonce, written)
            # In the same transaction (stories/outbox.py): a crash keeps the contribution and
            # its acknowledgement, or neither. The moderators' notice is queued the same way
            # by the workflow's signal (stories/signals.py).
            outbox.enqueue(tasks.send_acknowledgement, contribution.pk)
    except IntegrityError:
        delete_files(written)
        existing = Contribution.objects.filter(idempotency_key=nonce).first()
        if existing is None:
            raise
        return IntakeResult(existing, None, created=False)
    except BaseException:
        delete_files(written)
        raise
    return IntakeResult(contribution, token, created=True)


def rewind_uploads(form):
    """A second attempt reads the uploaded video from its start again."""
    video = form.cleaned_data.get("video")
    if video:
        video[0].seek(0)


def _create_everything(form, page, nonce, written):
    data = form.cleaned_data
    images = [
        save_photo(photo, caption, data["title"], written) for photo, caption in data["photos"]
    ]
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
    )
    video = save_video(*data["video"], data["title"], written) if data.get("video") else None
    token = contribution.set_token()
    story = create_draft_story(data, images, contribution, video)
    contribution.page = story
    contribution.video = video
    contribution.save()
    contribution.images.set(images)
    start_moderation(story)
    return contribution, token


def agreed_texts(data, texts):
    """The exact wording of each consent the contributor ticked."""
    return {name: str(text) for name, text in texts.items() if data.get(f"consent_{name}")}


def save_photo(photo, caption, title, written):
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
    image.save()
    return image


def save_video(upload, info, title, written):
    """The contributed video under the private prefix, read again in the background for
    its poster; its facts from the probe already done on the upload."""
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
    video.save()
    return video


def kind_of(images, video):
    if video is not None:
        return StoryKind.VIDEO
    return StoryKind.PHOTO if len(images) > 1 else StoryKind.ANECDOTE


def create_draft_story(data, images, contribution, video=None):
    index = StoryIndexPage.objects.first()
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
    index.add_child(instance=story)
    story.save_revision()
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

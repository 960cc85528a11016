"""A contributor answers a request for changes: through their private link they revise the
title, the text and the photos, and the story goes back to the moderators in the same
workflow, with its history.

Like intake, everything happens in one transaction; files written before a failure are
deleted, and photos the contributor took out are deleted with their renditions.
"""

from html import unescape

from django.conf import settings
from django.db import transaction
from django.utils.html import strip_tags

from stories.contributions.intake import (
    STANDFIRST_LENGTH,
    delete_files,
    kind_of,
    save_photo,
    story_body,
)
from stories.contributions.moderation import start_moderation
from stories.models import Contribution, ContributionStatus
from stories.text import first_sentence

WRITTEN_BY_CONTRIBUTOR = ("paragraph", "image")


class NotAwaitingChanges(Exception):
    """The story is no longer waiting for the contributor (refused, withdrawn, approved…)."""


def draft_of(contribution):
    """The story as the moderators left it: the latest revision, not the live page."""
    return contribution.page.specific.get_latest_revision_as_object()


def story_text(draft):
    """The story's paragraphs as plain text, as the contributor typed them in the form."""
    paragraphs = []
    for block in draft.body:
        if block.block_type == "paragraph":
            html = str(block.value.source).replace("<br/>", "\n").replace("<br>", "\n")
            paragraphs.append(unescape(strip_tags(html)).strip())
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def photo_room(kept_count):
    return max(settings.CONTRIBUTION_MAX_PHOTOS - kept_count, 0)


def submit_revision(*, contribution, title, story, kept_images, new_photos):
    """Save the contributor's revision as a new draft revision and resume the review.

    ``kept_images`` are the contribution's photos to keep (in order), ``new_photos`` pairs of
    (CleanPhoto, caption). Raises NotAwaitingChanges if moderators no longer wait for it.
    """
    written = []
    try:
        with transaction.atomic():
            _revise(contribution, title, story, kept_images, new_photos, written)
    except BaseException:
        delete_files(written)
        raise


def _revise(contribution, title, story, kept_images, new_photos, written):
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.status != ContributionStatus.CHANGES_REQUESTED or locked.page_id is None:
        raise NotAwaitingChanges
    added = [save_photo(photo, caption, title, written) for photo, caption in new_photos]
    images = [*kept_images, *added]
    draft = draft_of(locked)
    standfirst_follows_text = draft.standfirst_opens_body
    draft.title = title
    draft.body = revised_body(draft, story, images, locked)
    if standfirst_follows_text:  # the first sentence again, unless a moderator wrote one
        draft.standfirst = first_sentence(story, limit=STANDFIRST_LENGTH)
    draft.image_caption = lead_caption(draft, images, dict(new_photos_by_image(added, new_photos)))
    draft.image = images[0] if images else None
    draft.kind = kind_of(images, draft.video)
    draft.save_revision(log_action=True)
    drop_photos(locked, keep={image.pk for image in images})
    locked.images.add(*added)
    locked.status = ContributionStatus.IN_REVIEW
    locked.save(update_fields=["status", "updated_at"])
    resume_review(draft)


def revised_body(draft, story, images, contribution):
    """The new text and photos, then whatever the moderators added that is not theirs to
    change (a video, a quote, a photo from the library)."""
    own_images = set(contribution.images.values_list("pk", flat=True))
    kept = [
        block
        for block in draft.body.raw_data
        if block["type"] not in WRITTEN_BY_CONTRIBUTOR
        or (block["type"] == "image" and block["value"].get("image") not in own_images)
    ]
    return story_body({"story": story}, images) + kept


def new_photos_by_image(added, new_photos):
    return ((image.pk, caption) for image, (_photo, caption) in zip(added, new_photos, strict=True))


def lead_caption(draft, images, new_captions):
    """The caption under the lead photo: unchanged if the lead stays, the one typed for a new
    lead photo, else the photo's own description."""
    if not images:
        return ""
    lead = images[0]
    if lead.pk == draft.image_id:
        return draft.image_caption
    return new_captions.get(lead.pk, lead.description)


def drop_photos(contribution, keep):
    for image in contribution.images.exclude(pk__in=keep):
        contribution.images.remove(image)
        image.delete()  # Wagtail deletes the file and its renditions


def resume_review(page):
    """Back to the moderators: the same workflow, at the step that asked for changes."""
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user=None)
    elif state is None:
        start_moderation(page)

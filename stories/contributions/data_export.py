"""Right of access: everything kept about one contributor, in one archive.

``donnees.json`` holds every contribution sent with the address (identity, consents with the
exact texts, status, the story as it stands: title, text, captions); the photos and the video
they sent follow as files, under the names the JSON gives them.
"""

import json
import tempfile
import zipfile
from pathlib import PurePosixPath

from stories.contributions.revisions import draft_of, story_text
from stories.models import Contribution

IN_MEMORY_UP_TO = 20 * 1024 * 1024  # beyond (a video), the archive is spooled to disk


def contributor_data(email):
    """Everything kept about one contributor, as plain data, with the names of their files in
    the archive."""
    contributions = (
        Contribution.objects.filter(email__iexact=email)
        .select_related("page", "video")
        .prefetch_related("images")
    )
    return [contribution_data(contribution) for contribution in contributions]


def contribution_data(c):
    return {
        "reference": c.reference,
        "received_at": c.created_at.isoformat(),
        "status": c.status,
        "name": c.name,
        "email": c.email,
        "relation": c.relation,
        "years_at_company": c.years_at_company,
        "display_choice": c.display_choice,
        "consents": {
            "publication": c.consent_publication,
            "social": c.consent_social,
            "people": c.consent_people,
            "guidelines": c.consent_guidelines,
            "texts": c.consent_texts,
            "given_at": c.consented_at.isoformat(),
        },
        "changes_requested": c.changes_requested,
        "rejection_reason": c.rejection_reason,
        "story": story_data(c),
        "photos": [
            {"file": archive_name(c, image.file.name), "caption": image.description}
            for image in c.images.all()
        ],
        "video": archive_name(c, c.video.file.name) if c.video else None,
    }


def story_data(c):
    if c.page is None:
        return None
    draft = draft_of(c)
    return {
        "title": draft.title,
        "live": c.page.live,
        "text": story_text(draft),
        "place": draft.place,
        "years": draft.period_label,
    }


def archive_name(contribution, stored_name):
    return f"{contribution.reference}/{PurePosixPath(stored_name).name}"


def contributor_archive(email):
    """A ZIP file (open, at its start) with donnees.json and the contributor's files."""
    data = contributor_data(email)
    archive = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_UP_TO)  # noqa: SIM115 (returned)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("donnees.json", json.dumps(data, ensure_ascii=False, indent=2))
        for contribution in Contribution.objects.filter(email__iexact=email).select_related(
            "video"
        ):
            for field in [image.file for image in contribution.images.all()] + (
                [contribution.video.file] if contribution.video else []
            ):
                add_file(bundle, archive_name(contribution, field.name), field)
    archive.seek(0)
    return archive


def add_file(bundle, name, field):
    try:
        with field.open("rb") as source, bundle.open(name, "w") as target:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                target.write(chunk)
    except FileNotFoundError:
        bundle.writestr(f"{name}.absent.txt", "Ce fichier n’existe plus sur le serveur.")

"""Build the demo site from fixtures/demo/content.json, idempotently, keeping editors' work.

The rule, for a database where the demo is already loaded:

- a page is found by its slug under its parent; a missing page is created;
- a page the loader still owns (it is live and its latest revision was saved by the loader,
  which saves without a user) is updated when the fixtures differ, and left alone otherwise;
- a page someone edited, published or unpublished in the admin (its latest revision has a
  user, or it is not live) is never touched again: it is reported as kept;
- images and videos are created when missing, never changed; a setting is written only
  while it still holds the model's default value.

So running the loader twice gives the same site (and no extra revision), and re-running
``make demo`` never overwrites what an editor changed.
"""

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.models import Collection, Page, Site

from stories.models import (
    CentenaryImage,
    CentenarySettings,
    ContributionPage,
    HomeFeaturedStory,
    HomePage,
    ShareKitPage,
    ShareMessage,
    StandardPage,
    StoryIndexPage,
    StoryPage,
    TimelineEra,
    TimelineEvent,
    TimelineIndexPage,
    TimelinePage,
    Video,
)
from stories.models.timelines import default_anchor
from stories.public_url import site_address
from stories.renditions import CARD_RENDITIONS, LEAD_RENDITIONS, THUMB_RENDITIONS

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_CREDIT = "Illustration créée pour le projet Centenaire"
DEMO_LICENCE = "CC0 1.0"
BLOCK_NAMESPACE = uuid.UUID("6f1c1a52-5b7e-4c84-9a39-0e6a1b1f1a00")


CREATED, UPDATED, UNCHANGED, KEPT = "created", "updated", "unchanged", "kept as edited"


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # pages editors changed: left as they are
    unchanged: int = 0

    def record(self, page, outcome):
        if outcome == UNCHANGED:
            self.unchanged += 1
        else:
            {CREATED: self.created, UPDATED: self.updated, KEPT: self.kept}[outcome].append(
                page.title
            )


class DemoLoader:
    def __init__(
        self,
        content_path=DEMO_DIR / "content.json",
        images_dir=DEMO_DIR / "images",
        videos_dir=DEMO_DIR / "videos",
        progress=None,
    ):
        self.content = json.loads(Path(content_path).read_text(encoding="utf-8"))
        self.images_dir = Path(images_dir)
        self.videos_dir = Path(videos_dir)
        self.images = {}
        self.report = LoadReport()
        self.progress = progress or (lambda line: None)  # told one line per step

    @transaction.atomic
    def load(self):
        self.collection = demo_collection()
        self.load_images()
        self.load_videos()
        home = self.load_home()
        self.load_settings(home)
        story_index = self.upsert(
            home, StoryIndexPage, "histoires", show_in_menus=True, **self.content["story_index"]
        )
        self.step("Story index", story_index)
        self.load_stories(story_index)
        timeline_index = self.upsert(
            home, TimelineIndexPage, "frises", show_in_menus=True, **self.content["timeline_index"]
        )
        self.step("Timeline index", timeline_index)
        self.load_timelines(timeline_index)
        self.load_standard_pages(home)
        self.feature_stories(home)
        self.point_call_to_contribute(home)
        share_kit = self.upsert(
            home, ShareKitPage, "kit-de-partage", show_in_menus=True, **self.content["share_kit"]
        )
        self.step("Share kit", share_kit)
        return self.report

    def step(self, label, page):
        """One line of progress for a page: what the loader did with it."""
        self.progress(f"{label}: {page.title} — {self.outcome}")

    def counted(self, label, outcomes):
        """One line of progress for a group of things: how many were created or kept."""
        counts = ", ".join(f"{outcomes.count(o)} {o}" for o in dict.fromkeys(outcomes)) or "none"
        self.progress(f"{label}: {counts}")

    # Images ----------------------------------------------------------------------------------

    def load_images(self):
        alts = collect_alt_texts(self.content)
        outcomes = []
        for path in sorted(self.images_dir.glob("*.jpg")):
            image, outcome = self.ensure_image(path, alts.get(path.name, path.stem))
            self.images[path.name] = image
            outcomes.append(outcome)
        self.counted("Images", outcomes)

    def ensure_image(self, path, alt):
        """The demo image of that name, created if missing; an existing one is the editors'."""
        image = CentenaryImage.objects.filter(title=path.stem, collection=self.collection).first()
        if image is not None:
            return image, UNCHANGED
        with path.open("rb") as handle:
            image = CentenaryImage(
                title=path.stem,
                collection=self.collection,
                file=ImageFile(handle, name=path.name),
                description=alt,
                credit=DEMO_CREDIT,
                licence=DEMO_LICENCE,
            )
            image.save()
        return image, CREATED

    def image(self, name):
        return self.images.get(name) if name else None

    def warm_renditions(self):
        """Render the listing and lead sizes now so the first visit is fast."""
        for image in self.images.values():
            image.get_renditions(*CARD_RENDITIONS, *LEAD_RENDITIONS, *THUMB_RENDITIONS)
        self.progress(f"Image sizes: ready for {len(self.images)} images")

    # Pages -----------------------------------------------------------------------------------

    def load_home(self):
        site = Site.objects.filter(is_default_site=True).first()
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        data = self.content["home"]
        hero = self.image(data.get("hero_image") or self.content["stories"][0]["image"])
        values = {"title": data["title"], "intro": data["intro"], "hero_image": hero}
        if home is None:
            home = root.add_child(instance=HomePage(slug="accueil", **values))
            home.save_revision().publish()
            self.done(home, CREATED)
        else:
            home = self.apply(home, **values)
        self.step("Home page", home)
        if site is None:
            hostname, port = site_address()  # the public address (SITE_BASE_URL)
            Site.objects.create(
                hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=""
            )
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.save()
            if old_root.depth == 2 and not isinstance(old_root.specific, HomePage):
                old_root.delete()  # Wagtail's placeholder "Welcome" page
        return home

    def load_settings(self, home):
        """Fill in the settings still at their model default; an edited one is kept."""
        site = Site.objects.get(root_page=home)
        centenary = CentenarySettings.for_site(site)
        filled, kept = [], []
        for name, value in self.content["settings"].items():
            current = getattr(centenary, name)
            if current == value:
                continue
            if current == CentenarySettings._meta.get_field(name).get_default():
                setattr(centenary, name, value)
                filled.append(name)
            else:
                kept.append(name)
        logo = self.images_dir.parent / "logo.png"
        if centenary.logo_id is None and logo.exists():  # the demo's emblem, as a default
            centenary.logo, _outcome = self.ensure_image(logo, "Emblème du centenaire")
            filled.append("logo")
        if filled:
            centenary.save()  # only when something changed: saving re-renders every card
        self.progress(
            f"Settings: {len(filled)} filled in, {len(kept)} kept as edited"
            + (f" ({', '.join(kept)})" if kept else "")
        )

    def load_videos(self):
        """The generated video testimonies (fixtures/demo/videos), each read once for its
        poster and duration after the load is committed."""
        self.videos = {}
        outcomes = []
        described = json.loads((self.videos_dir / "transcripts.json").read_text("utf-8"))
        for slug, about in described.items():
            video, outcome = self.ensure_video(slug, about["title"], about["transcript"])
            self.videos[slug] = video
            outcomes.append(outcome)
        self.counted("Videos", outcomes)

    def ensure_video(self, slug, title, transcript):
        """The demo video of that title, created if missing; an existing one is the editors'."""
        video = Video.objects.filter(title=title).first()
        if video is not None:
            return video, UNCHANGED
        video = Video(
            title=title,
            type="video",
            collection=self.collection,
            transcript=transcript,
            captions_language="fr",
        )
        with open(self.videos_dir / f"{slug}.mp4", "rb") as clip:
            video.file.save(f"{slug}.mp4", File(clip), save=False)
        with open(self.videos_dir / f"{slug}.vtt", "rb") as captions:
            video.captions.save(f"{slug}.vtt", File(captions), save=False)
        video.process_after_save = True
        video.save()
        return video, CREATED

    def load_stories(self, index):
        self.stories = {}
        total = len(self.content["stories"])
        for number, story in enumerate(self.content["stories"], start=1):
            self.stories[story["slug"]] = self.upsert(
                index,
                StoryPage,
                story["slug"],
                title=story["title"],
                standfirst=story["standfirst"],
                kind=story["kind"],
                year_start=story["year_start"],
                year_end=story.get("year_end"),
                place=story.get("place", ""),
                display_name=story.get("display_name", ""),
                contributor_relation=story.get("relation", ""),
                pull_quote=story.get("pull_quote", ""),
                image=self.image(story.get("image")),
                body=self.stream(story["slug"], story.get("body", [])),
                themes=story.get("themes", []),
                share_messages=share_messages(story),
                video=self.videos.get(story["slug"]),
            )
            self.step(f"Stories {number}/{total}", self.stories[story["slug"]])

    def load_timelines(self, index):
        total = len(self.content["timelines"])
        for number, timeline in enumerate(self.content["timelines"], start=1):
            page = self.upsert(
                index,
                TimelinePage,
                timeline["slug"],
                title=timeline["title"],
                intro=timeline.get("intro", ""),
                image=self.image(timeline.get("image")),
                eras=[
                    TimelineEra(
                        sort_order=position,
                        label=era["label"],
                        start_year=era["start"],
                        end_year=era["end"],
                        summary=era.get("summary", ""),
                    )
                    for position, era in enumerate(timeline["eras"])
                ],
                events=[
                    self.event(event, position) for position, event in enumerate(timeline["events"])
                ],
                share_messages=share_messages(timeline),
            )
            self.step(f"Timelines {number}/{total}", page)

    def load_standard_pages(self, home):
        total = len(self.content["standard_pages"])
        for number, data in enumerate(self.content["standard_pages"], start=1):
            page = self.upsert(
                home,
                StandardPage,
                data["slug"],
                title=data["title"],
                intro=data.get("intro", ""),
                body=self.stream(data["slug"], data.get("body", [])),
                show_in_menus=False,
            )
            self.step(f"Standard pages {number}/{total}", page)

    def event(self, data, position):
        # An explicit sort_order: without it the database may return events in any order.
        return TimelineEvent(
            sort_order=position,
            year=data["year"],
            end_year=data.get("end_year"),
            title=data["title"],
            text=data.get("text", ""),
            image=self.image(data.get("image")),
            story=self.stories.get(data.get("story") or ""),
            anchor=default_anchor(data["year"], data["title"]),
        )

    def point_call_to_contribute(self, home):
        """The form page, and the call to contribute on every page leading to it."""
        charter = StandardPage.objects.child_of(home).get(slug="charte-des-contributeurs")
        form_page = self.upsert(
            home,
            ContributionPage,
            "contribuer",
            title="Contribuer",
            intro=self.content["contribute"]["intro"],
            guidelines_summary=self.content["contribute"]["guidelines_summary"].replace(
                "{charter_url}", charter.url
            ),
            show_in_menus=True,
        )
        self.step("Contribution page", form_page)
        centenary = CentenarySettings.for_site(Site.objects.get(root_page=home))
        if centenary.contribute_page_id is None:  # an editor's choice is kept
            centenary.contribute_page = form_page
            centenary.save()

    def feature_stories(self, home):
        wanted = [
            self.stories[story["slug"]]
            for story in self.content["stories"]
            if story.get("featured")
        ]
        featured = [HomeFeaturedStory(story=story, sort_order=i) for i, story in enumerate(wanted)]
        self.apply(home, featured_stories=featured)
        self.progress(f"Featured stories: {len(wanted)} on the home page — {self.outcome}")

    def stream(self, slug, blocks):
        """Fixture blocks as StreamField raw data, with stable block ids and image ids."""
        raw = []
        for position, block in enumerate(blocks):
            value = block["value"]
            if block["type"] == "image":
                value = {
                    "image": self.image(value["image"]).pk,
                    "caption": value.get("caption", ""),
                }
            block_id = str(uuid.uuid5(BLOCK_NAMESPACE, f"{slug}-{position}"))
            raw.append({"type": block["type"], "value": value, "id": block_id})
        return raw

    # Upsert machinery ------------------------------------------------------------------------

    def upsert(self, parent, model, slug, **values):
        """The page of that slug under ``parent``: created if missing, else ``apply``."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            plain, related = split_related(model, values)
            page = model(slug=slug, **plain)
            parent.add_child(instance=page)
            set_related(page, related)
            page.save_revision().publish()
            return self.done(page, CREATED)
        return self.apply(page, **values)

    def apply(self, page, **values):
        """Set the values on a page the loader still owns and publish a revision, only if
        something changed. A page an editor has touched is left exactly as it is."""
        if edited_in_admin(page):
            return self.done(page, KEPT)
        changed = [name for name, value in values.items() if not same_value(page, name, value)]
        if not changed:
            return self.done(page, UNCHANGED)
        plain, related = split_related(type(page), {name: values[name] for name in changed})
        for name, value in plain.items():
            setattr(page, name, value)
        set_related(page, related)
        page.save_revision().publish()
        return self.done(page, UPDATED)

    def done(self, page, outcome):
        self.outcome = outcome  # read by the step's progress line
        self.report.record(page, outcome)
        return page


def edited_in_admin(page):
    """Whether someone took the page over: the loader publishes every revision it saves, and
    saves it without a user, so a revision with a user or a page taken offline is a
    person's work."""
    if not page.live:
        return True
    revision = page.latest_revision
    return revision is not None and revision.user_id is not None


RELATED_FIELDS = {"themes", "eras", "events", "featured_stories", "share_messages"}
CHILD_FIELDS = {
    "share_messages": ("sort_order", "text"),
    "eras": ("sort_order", "label", "start_year", "end_year", "summary"),
    "events": ("sort_order", "year", "end_year", "title", "text", "image_id", "story_id", "anchor"),
    "featured_stories": ("sort_order", "story_id"),
}


def share_messages(data):
    return [
        ShareMessage(sort_order=position, text=text)
        for position, text in enumerate(data.get("share_messages", []))
    ]


def split_related(model, values):
    plain = {k: v for k, v in values.items() if k not in RELATED_FIELDS}
    related = {k: v for k, v in values.items() if k in RELATED_FIELDS}
    return plain, related


def set_related(page, related):
    for name, value in related.items():
        if name == "themes":
            page.themes.set(value)
        else:
            setattr(page, name, value)


def same_value(page, name, value):
    if name == "themes":
        return sorted(tag.name for tag in page.themes.all()) == sorted(value)
    if name in CHILD_FIELDS:
        fields = CHILD_FIELDS[name]
        current = [tuple(getattr(child, f) for f in fields) for child in getattr(page, name).all()]
        wanted = [tuple(getattr(child, f) for f in fields) for child in value]
        return current == wanted
    if name == "body":
        stream_block = page.body.stream_block
        wanted = stream_block.get_prep_value(stream_block.to_python(value))
        return stream_block.get_prep_value(page.body) == wanted
    current = getattr(page, name)
    return current == value


def collect_alt_texts(content):
    """The first alt text given for each image file anywhere in the content."""
    alts = {}

    def note(name, alt):
        if name and alt:
            alts.setdefault(name, alt)

    for story in content["stories"]:
        note(story.get("image"), story.get("image_alt"))
        for block in story.get("body", []):
            if block["type"] == "image":
                note(block["value"]["image"], block["value"].get("alt"))
    for timeline in content["timelines"]:
        note(timeline.get("image"), timeline.get("image_alt"))
        for event in timeline["events"]:
            note(event.get("image"), event.get("image_alt"))
    return alts


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="Démo").first()
    return existing or root.add_child(name="Démo")

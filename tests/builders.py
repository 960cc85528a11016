"""Test builders: small trees, one call each, sensible defaults overridable by keyword."""

import io
import itertools

from django.core.files.images import ImageFile

from wagtail.models import Page, Site

from PIL import Image as PILImage

from stories.models import (
    CentenaryImage,
    CentenarySettings,
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
)

_counter = itertools.count(1)


def make_image(*, title=None, colour=(15, 59, 122), size=(300, 200), **fields):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    title = title or f"image-{next(_counter)}"
    fields.setdefault("description", f"Description de {title}")
    image = CentenaryImage(title=title, file=ImageFile(buffer, name=f"{title}.jpg"), **fields)
    image.save()
    return image


def ensure_wagtail_roots():
    """Wagtail's migrations make the root page and collection; a flushed database lacks them."""
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code="fr")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    return root


def make_site(**settings_fields):
    """A home page as the default site's root, with the centenary settings of the demo."""
    root = ensure_wagtail_roots()
    home = root.add_child(instance=HomePage(title="100 ans d’histoires", slug="accueil"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    fields = {
        "organisation_name": "IBM France",
        "hashtag": "IBMfr100",
        "founding_year": 1914,
        "anniversary_year": 2014,
        **settings_fields,
    }
    CentenarySettings.objects.update_or_create(
        site=Site.objects.get(root_page=home), defaults=fields
    )
    return home


def make_story_index(home, **fields):
    fields.setdefault("title", "Histoires")
    fields.setdefault("slug", "histoires")
    return home.add_child(instance=StoryIndexPage(**fields))


def make_story(index, *, themes=(), live=True, share_messages=(), **fields):
    number = next(_counter)
    fields.setdefault("title", f"Histoire {number}")
    fields.setdefault("slug", f"histoire-{number}")
    fields.setdefault("standfirst", f"Le chapeau de l’histoire {number}.")
    fields.setdefault("year_start", 1985)
    story = StoryPage(live=live, **fields)
    story.share_messages = messages_from(share_messages)
    index.add_child(instance=story)
    if themes:
        story.themes.set(list(themes))
    revision = story.save_revision()
    if live:
        revision.publish()
    story.refresh_from_db()
    return story


def messages_from(texts):
    return [ShareMessage(sort_order=i, text=text) for i, text in enumerate(texts)]


def make_timeline(home, *, events=(), eras=(), share_messages=(), **fields):
    index = TimelineIndexPage.objects.child_of(home).first() or home.add_child(
        instance=TimelineIndexPage(title="Frises", slug="frises")
    )
    number = next(_counter)
    fields.setdefault("title", f"Frise {number}")
    fields.setdefault("slug", f"frise-{number}")
    timeline = TimelinePage(**fields)
    timeline.eras = [TimelineEra(sort_order=i, **era) for i, era in enumerate(eras)]
    timeline.events = [TimelineEvent(sort_order=i, **event) for i, event in enumerate(events)]
    timeline.share_messages = messages_from(share_messages)
    index.add_child(instance=timeline)
    timeline.save_revision().publish()
    return timeline


def make_standard_page(parent, **fields):
    number = next(_counter)
    fields.setdefault("title", f"Page {number}")
    fields.setdefault("slug", f"page-{number}")
    return parent.add_child(instance=StandardPage(**fields))


def make_share_kit(home, **fields):
    fields.setdefault("title", "Kit de partage")
    fields.setdefault("slug", "kit-de-partage")
    return home.add_child(instance=ShareKitPage(**fields))


# The groups migration 0004 creates (their names are data the admin may change; tests use
# the migrations' names).
MODERATORS = "Modérateurs"
EDITORS = "Éditeurs"


def restore_moderation_setup():
    """What migrations 0004 and 0009 create (the group, the review task, the workflow), made
    again when a transactional test's flush removed it: the application never recreates it."""
    from django.contrib.auth.models import Group

    from wagtail.models import Workflow, WorkflowTask

    from stories.contributions.moderation import moderation_workflow
    from stories.models import ContributionReviewTask

    if moderation_workflow() is not None:
        return
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    task, _ = ContributionReviewTask.objects.get_or_create(name="Relecture par les modérateurs")
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(
        name="Modération des contributions", defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def make_moderator(django_user_model, username="moderatrice", password="motdepasse-long-42"):  # noqa: S107
    """A member of "Modérateurs" with what the migrations give that group: admin access, the
    contributions inbox, editing of pages, and the review step of the contributions workflow.
    Granted again here because a database flushed by an earlier transactional test has lost
    the migrations' groups and permissions, and the browser tests run after such tests."""
    restore_moderation_setup()
    # Wagtail's own "Moderators" group, which the migrations rename, may add, change,
    # publish, lock and unlock pages.
    return _member_of(
        django_user_model,
        MODERATORS,
        username,
        password,
        model_permissions=(
            ("wagtailadmin", "access_admin"),
            ("stories", "view_contribution"),
            ("stories", "change_contribution"),
        ),
        page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        email="mod@example.org",
    )


def make_editor(django_user_model, username="editrice", password="motdepasse-long-42"):  # noqa: S107
    """A member of "Éditeurs" with what the migrations give that group: admin access and the
    editing and publishing of every page, but not the contributions inbox nor the review step
    of the contributions workflow."""
    return _member_of(
        django_user_model,
        EDITORS,
        username,
        password,
        model_permissions=(("wagtailadmin", "access_admin"),),
        page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        email="editrice@example.org",
    )


def make_admin_user(django_user_model, username="stagiaire", password="motdepasse-long-42"):  # noqa: S107
    """A bare admin user: may log into the admin (access_admin) and nothing more; in no group."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username, f"{username}@example.org", password)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def _member_of(
    django_user_model, group_name, username, password, *, model_permissions, page_permissions, email
):
    """A user in the group named, which holds at least the permissions given (the migrations
    grant them; granting again is a no-op on a migrated database)."""
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codename in model_permissions:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    root = ensure_wagtail_roots()
    for codename in page_permissions:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = django_user_model.objects.create_user(username, email, password)
    user.groups.add(group)
    return user

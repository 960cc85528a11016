"""Groups, permissions, the "Contributions" collection and the moderation workflow.

Modérateurs review contributions (Wagtail workflow "Modération des contributions", one
group approval task) and see the contributions inbox; Éditeurs edit and publish the whole
site. Both may use the admin and the image library. Wagtail's own "Moderators" and
"Editors" groups are renamed, keeping the permissions Wagtail gave them.
"""

from django.db import migrations

MODERATORS = "Modérateurs"
EDITORS = "Éditeurs"
WORKFLOW = "Modération des contributions"
TASK = "Relecture par les modérateurs"
COLLECTION = "Contributions"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def child_path(parent_path, position):
    digits = ""
    while position:
        position, remainder = divmod(position, 36)
        digits = ALPHABET[remainder] + digits
    return parent_path + digits.rjust(4, "0")


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_permissions(apps):
    """Model permissions are normally made after migrating; this migration needs them now."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("stories"), verbosity=0, apps=apps)


def french_group(apps, name, wagtail_default):
    """Wagtail creates "Moderators" and "Editors"; the site speaks French."""
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=name).first()
    if group is None:
        group = Group.objects.filter(name=wagtail_default).first() or Group(name=name)
        group.name = name
        group.save()
    return group


def contributions_collection(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.get(depth=1)
    existing = Collection.objects.filter(depth=2, path__startswith=root.path, name=COLLECTION)
    if existing.exists():
        return existing.get()
    collection = Collection.objects.create(
        name=COLLECTION, depth=2, numchild=0, path=child_path(root.path, root.numchild + 1)
    )
    root.numchild += 1
    root.save(update_fields=["numchild"])
    return collection


def grant_collection(apps, group, collection, codenames):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=permission(apps, "wagtailimages", codename),
        )


def grant_pages(apps, group, codenames):
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.get(depth=1)
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=permission(apps, "wagtailcore", f"{codename}_page")
        )


def create_workflow(apps, moderators):
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def forwards(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    ensure_permissions(apps)
    moderators = french_group(apps, MODERATORS, "Moderators")
    editors = french_group(apps, EDITORS, "Editors")
    access_admin = permission(apps, "wagtailadmin", "access_admin")
    moderators.permissions.add(
        access_admin,
        permission(apps, "stories", "view_contribution"),
        permission(apps, "stories", "change_contribution"),
    )
    editors.permissions.add(access_admin)
    collection = contributions_collection(apps)
    image_rights = ("add_image", "change_image", "choose_image")
    grant_collection(apps, moderators, collection, image_rights)
    grant_collection(apps, editors, Collection.objects.get(depth=1), image_rights)
    grant_pages(apps, moderators, ("change",))
    grant_pages(apps, editors, ("add", "change", "publish", "lock", "unlock"))
    create_workflow(apps, moderators)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0003_contributions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""The role groups (Moderators, Editors, Admins) with their permissions (accounts.roles)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from tribune.accounts.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias)


def remove_roles(apps, schema_editor):
    from tribune.accounts.roles import STAFF_ROLES

    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name__in=STAFF_ROLES
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0001_initial"),
        ("discussions", "0001_initial"),
        ("moderation", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

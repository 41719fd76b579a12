"""Seed the FAQ, Privacy Policy and Terms of Service with their default texts (content/*.md),
each with its first revision. Pages that exist already are left alone."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from tribune.site.defaults import DEFAULTS

    Page = apps.get_model("site_pages", "Page")
    PageRevision = apps.get_model("site_pages", "PageRevision")
    now = timezone.now()
    for default in DEFAULTS.values():
        if Page.objects.filter(slug=default.slug).exists():
            continue
        page = Page.objects.create(
            slug=default.slug,
            title=default.title,
            body_markdown=default.body_markdown,
            version=default.version,
            summary=default.summary,
            updated_at=now,
        )
        PageRevision.objects.create(
            page=page,
            title=page.title,
            body_markdown=page.body_markdown,
            version=page.version,
            summary=page.summary,
            saved_at=now,
        )


class Migration(migrations.Migration):
    dependencies = [("site_pages", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

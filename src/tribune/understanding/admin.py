"""Admin for the gazetteer (topics with their aliases), the candidate queue editors promote or
dismiss, and tags (read-only but for an editor's own). Every save goes through actions, so
the tagger sees the change at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tribune.news.models import Article
from tribune.understanding import actions
from tribune.understanding.models import Alias, Candidate, Tag, Topic
from tribune.understanding.seed import alias_key


class AliasForm(forms.ModelForm[Alias]):
    class Meta:
        model = Alias
        fields = ["name", "case_sensitive"]

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if not any(char.isalnum() for char in name):
            raise ValidationError("An alias must contain a letter or digit.")
        owner = (
            Alias.objects.filter(key=alias_key(name))
            .exclude(pk=self.instance.pk)
            .select_related("topic")
            .first()
        )
        if owner is not None:
            raise ValidationError(f"“{name}” already names {owner.topic.name}.")
        return name


class TopicForm(forms.ModelForm[Topic]):
    class Meta:
        model = Topic
        fields = ["kind", "name", "slug", "description", "is_active"]

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if not any(char.isalnum() for char in name):
            raise ValidationError("A name must contain a letter or digit.")
        owner = Alias.objects.filter(key=alias_key(name)).select_related("topic").first()
        if owner is not None and owner.topic_id != self.instance.pk:
            raise ValidationError(f"“{name}” already names {owner.topic.name}.")
        return name


class AliasInline(admin.TabularInline[Alias, Topic]):
    model = Alias
    form = AliasForm
    fields = ["name", "case_sensitive", "origin"]
    readonly_fields = ["origin"]
    extra = 1


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["name", "kind", "origin", "is_active", "alias_count", "tag_count", "slug"]
    list_filter = ["kind", "origin", "is_active"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    form = TopicForm
    readonly_fields = ["code", "origin", "created_at"]
    fields = ["kind", "name", "slug", "description", "is_active", "code", "origin", "created_at"]
    inlines = [AliasInline]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return super().get_queryset(request).annotate(alias_total=Count("aliases", distinct=True))

    @admin.display(description="Aliases", ordering="alias_total")
    def alias_count(self, topic: Topic) -> int:
        return int(getattr(topic, "alias_total", 0))

    @admin.display(description="Articles")
    def tag_count(self, topic: Topic) -> SafeString:
        url = reverse("admin:understanding_tag_changelist") + f"?topic__id__exact={topic.pk}"
        return format_html('<a href="{}">tags</a>', url)

    def get_inlines(self, request: HttpRequest, obj: Topic | None) -> list[Any]:
        # Places are matched from the place data; aliases would do nothing for them.
        if obj is not None and obj.kind == Topic.Kind.PLACE:
            return []
        return [AliasInline]

    def save_model(self, request: HttpRequest, obj: Topic, form: Any, change: bool) -> None:
        actions.do_save_topic(obj, name_changed=not change or "name" in form.changed_data)

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        for alias in formset.save(commit=False):
            actions.do_save_alias(alias)
        for alias in formset.deleted_objects:
            actions.do_delete_alias(alias)

    def delete_model(self, request: HttpRequest, obj: Topic) -> None:
        actions.do_delete_topic(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        for topic in queryset:
            actions.do_delete_topic(topic)


class QueueFilter(admin.SimpleListFilter):
    """Status, opening on the new names (the queue) rather than on all of them."""

    title = "status"
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [*Candidate.Status.choices, ("all", "All")]

    def choices(self, changelist: Any) -> Any:
        current = self.value() or Candidate.Status.NEW
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
        value = self.value() or Candidate.Status.NEW
        if value == "all":
            return queryset
        return queryset.filter(status=value)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin[Candidate]):
    """The queue: names the tagger keeps meeting that no alias covers, most used first."""

    list_display = [
        "name",
        "guess",
        "article_count",
        "source_count",
        "status",
        "last_seen_at",
        "topic",
    ]
    list_filter = [QueueFilter, "guess"]
    search_fields = ["name"]
    ordering = ["-article_count", "name"]
    list_select_related = ["topic"]
    readonly_fields = [
        "name",
        "key",
        "guess",
        "status",
        "article_count",
        "source_count",
        "example_articles",
        "first_seen_at",
        "last_seen_at",
        "topic",
    ]
    fields = tuple(readonly_fields)
    actions = ["promote_to_organization", "promote_to_person", "dismiss"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Examples")
    def example_articles(self, candidate: Candidate) -> SafeString:
        ids = [pk for pk in candidate.examples if isinstance(pk, int)]
        titles = dict(Article.objects.filter(id__in=ids).values_list("id", "title"))
        return format_html_join(
            "",
            '<p><a href="{}">{}</a></p>',
            (
                (reverse("admin:news_article_change", args=[pk]), titles[pk])
                for pk in ids
                if pk in titles
            ),
        )

    def _promote(self, request: HttpRequest, queryset: QuerySet[Candidate], kind: str) -> None:
        done = 0
        for candidate in queryset:
            try:
                actions.check_promote_candidate(candidate, kind)
                done += 1
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
        if done:
            self.message_user(request, f"{done} promoted; recent articles naming them are tagged.")

    @admin.action(description="Promote to organization", permissions=["change"])
    def promote_to_organization(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        self._promote(request, queryset, Topic.Kind.ORGANIZATION)

    @admin.action(description="Promote to person", permissions=["change"])
    def promote_to_person(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        self._promote(request, queryset, Topic.Kind.PERSON)

    @admin.action(description="Dismiss", permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        done = 0
        for candidate in queryset:
            try:
                actions.check_dismiss_candidate(candidate)
                done += 1
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
        if done:
            self.message_user(request, f"{done} dismissed; they will not be proposed again.")


class EditorTagForm(forms.ModelForm[Tag]):
    class Meta:
        model = Tag
        fields = ["article", "topic"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    """Tags are the tagger's; an editor adds one by hand (kept on re-tagging) or deletes a
    wrong one (it returns if the text still matches: fix the alias instead)."""

    list_display = ["topic", "article", "origin", "matched", "mentions", "in_title", "published_at"]
    list_filter = ["origin", "topic__kind", "in_title"]
    list_select_related = ["topic", "article"]
    search_fields = ["topic__name", "matched"]
    raw_id_fields = ["article"]
    autocomplete_fields = ["topic"]
    form = EditorTagForm
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Tag | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("article", "topic", "origin", "matched", "mentions", "in_title", "published_at")

    def get_fields(self, request: HttpRequest, obj: Tag | None = None) -> tuple[str, ...]:
        return ("article", "topic") if obj is None else self.get_readonly_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: Tag, form: Any, change: bool) -> None:
        if not change:
            saved = actions.do_add_editor_tag(obj.article, obj.topic)
            obj.pk = saved.pk

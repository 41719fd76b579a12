"""An article's or a story's own thread belongs to the page, not to a reader: moderators lock it
or act on its responses, and nobody flags, hides or removes the thread itself."""

from __future__ import annotations

import pytest

from tests.news.story_factories import make_story, publish
from tribune.discussions.actions import do_ensure_story_thread
from tribune.moderation import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_thread():
    from tribune.news.actions import do_add_source

    one, _ = do_add_source("https://one.example.org/feed", title="One")
    two, _ = do_add_source("https://two.example.org/feed", title="Two")
    story = make_story(publish(one, "Bridge reopens"), publish(two, "The bridge is open again"))
    return do_ensure_story_thread(story)


def test_a_story_thread_cannot_be_hidden_or_removed(mona, story_thread):
    for check in (actions.check_hide, actions.check_remove):
        with pytest.raises(actions.Refused, match="lock it instead"):
            check(mona, story_thread, "off topic")


def test_a_story_thread_cannot_be_flagged(ana, story_thread):
    with pytest.raises(actions.Refused, match="not the thread itself"):
        actions.check_flag(ana, story_thread, "spam", "")


def test_a_story_thread_links_to_its_story_page(story_thread):
    assert story_thread.get_absolute_url() == f"/stories/{story_thread.story_id}/#responses"

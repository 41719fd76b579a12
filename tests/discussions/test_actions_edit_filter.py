import pytest

from tribune.accounts.models import User
from tribune.discussions import actions
from tribune.discussions.models import Visibility
from tribune.moderation.models import FilteredWord
from tribune.moderation.policy import forget_filtered_words

pytestmark = pytest.mark.django_db


def test_an_edit_that_adds_a_filtered_word_goes_back_to_the_moderators():
    ana = User.objects.create_user("ana", "ana@example.org", "pw-long-enough-1")
    discussion = actions.do_start_discussion(ana, "Harbour", "Body")
    response = actions.do_respond(ana, discussion, "A fine reply")
    assert response.visibility == Visibility.VISIBLE
    FilteredWord.objects.create(phrase="scoundrel")
    forget_filtered_words()
    edited = actions.check_edit_response(ana, response, "You scoundrel")
    assert edited.visibility == Visibility.PENDING
    assert "scoundrel" in edited.moderation_reason

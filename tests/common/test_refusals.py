"""A refusal kept with its code is worded again for its reader only when the code names
one refusal; a code several refusals share keeps the words it was stored with."""

from django.utils import translation

from common.exceptions import word_refusal
from orders.exceptions import OrderNotInShop


def test_a_code_of_one_refusal_is_worded_in_the_readers_language():
    with translation.override("en"):
        assert word_refusal(OrderNotInShop.code, {}, "本店没有这个订单。") == (
            "No such order in this shop."
        )


def test_a_code_several_refusals_share_keeps_its_stored_words():
    # permission_denied: the merchant side's and the manufacturer's refusals say different
    # things; guessing one of them would put words in the other's mouth.
    assert word_refusal("permission_denied", {}, "仅代发厂家可用。") == "仅代发厂家可用。"


def test_a_code_nobody_knows_keeps_its_stored_words():
    assert word_refusal("no_such_code", {}, "as stored") == "as stored"

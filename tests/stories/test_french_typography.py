"""French typography filters (stories/templatetags/french.py)."""

from django.utils.safestring import mark_safe

from stories.templatetags.french import de, typo, typo_html

NN = "\u202f"


def test_high_punctuation_and_guillemets_get_a_narrow_no_break_space():
    assert typo("Pourquoi ? « Oui » : bien ; non !") == (
        f"Pourquoi{NN}? «{NN}Oui{NN}»{NN}: bien{NN}; non{NN}!"
    )


def test_times_urls_and_queries_keep_their_colons():
    assert typo("À 10:30, voir https://exemple.fr/?q=1") == "À 10:30, voir https://exemple.fr/?q=1"


def test_an_ellipsis_stays_with_its_word():
    assert typo("Et puis …") == "Et puis\u00a0…"


def test_plain_text_is_escaped_first():
    assert typo("<b>Oui</b> !") == f"&lt;b&gt;Oui&lt;/b&gt;{NN}!"


def test_rich_text_changes_text_only_never_tags_or_code():
    html = mark_safe(
        '<p>Voir <a href="https://x.fr/?a=1" title="a : b">ici</a> : ok ?</p><pre>a : b</pre>'
    )
    assert typo_html(html) == (
        f'<p>Voir <a href="https://x.fr/?a=1" title="a : b">ici</a>{NN}: ok{NN}?</p>'
        "<pre>a : b</pre>"
    )


def test_de_elides_before_a_vowel_or_a_mute_h():
    assert de("IBM France") == "d’IBM France"
    assert de("Électricité de France") == "d’Électricité de France"
    assert de("Hermès") == "d’Hermès"
    assert de("Renault") == "de Renault"

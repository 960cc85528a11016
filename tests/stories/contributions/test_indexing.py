"""Search engines may list the call to contribute, never a contributor's own pages: the
thank-you page and the private follow-up link stay out of their index."""

from stories.models import Contribution

NOINDEX = '<meta name="robots" content="noindex">'


def test_the_form_is_indexable_and_listed_in_the_sitemap(client, contribute_page):
    html = client.get(contribute_page.url).content.decode()

    assert NOINDEX not in html
    assert contribute_page.url in client.get("/sitemap.xml").content.decode()


def test_the_thank_you_and_follow_up_pages_stay_out_of_search_engines(
    client, contribute_page, post_contribution
):
    thanks = post_contribution()
    assert thanks.status_code == 303
    follow = f"{contribute_page.url}suivi/{Contribution.objects.get().private_token()}/"

    for url in (thanks["Location"], follow):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NOINDEX in response.content.decode(), url

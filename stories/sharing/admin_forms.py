from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm

from stories.sharing.messages import check_message


class ShareablePageForm(WagtailAdminPageForm):
    """The editor of a page with ready-to-post messages: each is checked against X's limit
    with the site's hashtag, which only the page (not the message) can tell."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("share_messages")
        if formset is not None:
            hashtag = self.site_hashtag()
            for form in formset.forms:
                self.check_message_form(form, hashtag)
        return cleaned_data

    def site_hashtag(self):
        centenary = self.instance.site_settings(parent=self.parent_page)
        return centenary.hashtag if centenary else ""

    @staticmethod
    def check_message_form(form, hashtag):
        if not form.is_valid() or form.cleaned_data.get("DELETE"):
            return
        text = form.cleaned_data.get("text")
        if not text:
            return
        try:
            check_message(text, hashtag)
        except ValidationError as error:
            form.add_error("text", error)

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from wagtailmedia.forms import BaseMediaForm

from stories.video.validation import validate_uploaded_video


class VideoForm(BaseMediaForm):
    """wagtailmedia's form, with the video checked by its content before it is stored."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            info = validate_uploaded_video(file)
            file.name = f"video.{info.container}"  # the stored name follows the content
            self.instance.process_after_save = True
        return file

    def save(self, commit=True):
        """A replaced file's archived original goes with it, once the new file is saved."""
        replaced = self.instance.pk and "file" in self.changed_data and self.instance.original
        old = (self.instance.original.name, self.instance.original.storage) if replaced else None
        if old:
            self.instance.original = ""
        video = super().save(commit)
        if old:
            name, storage = old
            transaction.on_commit(lambda: storage.delete(name))
        return video

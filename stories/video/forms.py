from django.core.files.uploadedfile import UploadedFile

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

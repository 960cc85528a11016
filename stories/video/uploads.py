"""Uploads are streamed to disk by Django (above FILE_UPLOAD_MAX_MEMORY_SIZE); this handler,
first in line, also stops keeping a file as soon as it passes the video size limit, so an
oversized upload is never written whole. The form then says the file is too big."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class UploadSizeLimitHandler(FileUploadHandler):
    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.VIDEO_MAX_BYTES:
            oversized = getattr(self.request, "oversized_uploads", {})
            oversized[self.field_name] = self.received
            self.request.oversized_uploads = oversized
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers build the file


def oversized_uploads(request):
    """{field name: bytes received before it was cut} for the files dropped as too big."""
    return getattr(request, "oversized_uploads", {})

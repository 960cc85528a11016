from django.urls import path

from stories.video import resumable

urlpatterns = [
    path("", resumable.create, name="resumable_create"),
    path("<str:token>/", resumable.upload, name="resumable_upload"),
]

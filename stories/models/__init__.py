from stories.models.images import CentenaryImage, CentenaryRendition
from stories.models.pages import (
    ContributorRelation,
    HomeFeaturedStory,
    HomePage,
    StandardPage,
    StoryIndexPage,
    StoryKind,
    StoryPage,
    StoryPageTag,
)
from stories.models.settings import CentenarySettings
from stories.models.timelines import TimelineEra, TimelineEvent, TimelineIndexPage, TimelinePage

__all__ = [
    "CentenaryImage",
    "CentenaryRendition",
    "CentenarySettings",
    "ContributorRelation",
    "HomeFeaturedStory",
    "HomePage",
    "StandardPage",
    "StoryIndexPage",
    "StoryKind",
    "StoryPage",
    "StoryPageTag",
    "TimelineEra",
    "TimelineEvent",
    "TimelineIndexPage",
    "TimelinePage",
]

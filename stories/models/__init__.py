from stories.choices import (
    ContributionStatus,
    ContributorRelation,
    DisplayChoice,
    MailStatus,
    Network,
    StoryKind,
    VideoStatus,
)
from stories.models.contribution_page import ContributionPage
from stories.models.contributions import Contribution
from stories.models.home import HomeFeaturedStory, HomePage
from stories.models.images import CentenaryImage, CentenaryRendition
from stories.models.moderation import ContributionReviewTask, contribution_refused
from stories.models.pages import (
    StandardPage,
    StoryIndexPage,
    StoryPage,
    StoryPageTag,
)
from stories.models.rate_limits import RateCount
from stories.models.settings import CentenarySettings
from stories.models.share_kit import ShareKitPage
from stories.models.sharing import ShareCount, ShareMessage
from stories.models.timelines import TimelineEra, TimelineEvent, TimelineIndexPage, TimelinePage
from stories.models.videos import Video

__all__ = [
    "CentenaryImage",
    "CentenaryRendition",
    "CentenarySettings",
    "Contribution",
    "ContributionPage",
    "ContributionReviewTask",
    "ContributionStatus",
    "ContributorRelation",
    "DisplayChoice",
    "HomeFeaturedStory",
    "HomePage",
    "MailStatus",
    "Network",
    "RateCount",
    "ShareCount",
    "ShareKitPage",
    "ShareMessage",
    "StandardPage",
    "StoryIndexPage",
    "StoryKind",
    "StoryPage",
    "StoryPageTag",
    "TimelineEra",
    "TimelineEvent",
    "TimelineIndexPage",
    "TimelinePage",
    "Video",
    "VideoStatus",
    "contribution_refused",
]

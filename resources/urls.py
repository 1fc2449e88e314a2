from django.urls import path

from resources.views import directory, events, referrals

app_name = "resources"

urlpatterns = [
    path("", directory.resource_list, name="resource-list"),
    path("new/", directory.resource_create, name="resource-create"),
    path("<int:pk>/", directory.resource_detail, name="resource-detail"),
    path("<int:pk>/edit/", directory.resource_edit, name="resource-edit"),
    path("<int:pk>/approve/", directory.resource_approve, name="resource-approve"),
    path("<int:pk>/offers/new/", directory.offer_create, name="offer-create"),
    path("offers/<int:pk>/", directory.offer_edit, name="offer-edit"),
    path("refer/<int:pk>/", referrals.referral_create, name="referral-create"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral-detail"),
    path("referrals/<int:pk>/respond/", referrals.referral_respond, name="referral-respond"),
    path("referrals/<int:pk>/complete/", referrals.referral_complete, name="referral-complete"),
    path("referrals/<int:pk>/withdraw/", referrals.referral_withdraw, name="referral-withdraw"),
    path("referrals/<int:pk>/follow-up/", referrals.referral_follow_up, name="referral-follow-up"),
    path("follow-ups/", referrals.follow_up_list, name="follow-up-list"),
    path("events/", events.event_list, name="event-list"),
    path("events/new/", events.event_create, name="event-create"),
    path("events/<int:pk>/", events.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event-edit"),
    path("events/<int:pk>/participants/", events.participant_add, name="participant-add"),
    path("events/<int:pk>/photos/", events.photo_add, name="photo-add"),
    path("participants/<int:pk>/", events.participant_attendance, name="participant-attendance"),
    path("photos/<int:pk>/", events.photo, name="photo"),
    path("photos/<int:pk>/delete/", events.photo_delete, name="photo-delete"),
]

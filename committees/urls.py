from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("", views.home, name="home"),
    path("centre/<str:code>/cases/", views.case_list, name="case-list"),
    path("centre/<str:code>/meetings/", views.meeting_list, name="meeting-list"),
    path("centre/<str:code>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("centre/<str:code>/roster/", views.roster, name="roster"),
    path("centre/<str:code>/roster/new/", views.member_new, name="member-new"),
    path("members/<int:pk>/", views.member_edit, name="member-edit"),
    path("members/<int:pk>/end/", views.member_end, name="member-end"),
    path("requests/<int:pk>/put-before/", views.put_before, name="put-before"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/opinion/", views.case_opinion, name="case-opinion"),
    path("cases/<int:pk>/conflict/", views.case_conflict, name="case-conflict"),
    path("cases/<int:pk>/circulation/", views.case_circulation, name="case-circulation"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting-attendance"),
    path(
        "meetings/<int:pk>/cases/<int:round_pk>/resolution/",
        views.meeting_resolution,
        name="meeting-resolution",
    ),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("visits/<int:pk>/members/", views.visit_members, name="visit-members"),
]

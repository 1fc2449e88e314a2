"""Root URLs: accounts, language switch, the apps, and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from centres import views as centre_views
from portal import views as portal_views
from portal.views import LoginView, LogoutView, PasswordChangeView, favicon

admin.site.site_header = _("Grassroots Economy Promotion Service Centres")
admin.site.site_title = _("Grassroots economy portal")
admin.site.index_title = _("Administration")

# Thai error pages in the portal's layout (used when DEBUG is off).
handler400 = portal_views.bad_request
handler403 = portal_views.permission_denied
handler404 = portal_views.page_not_found
handler500 = portal_views.server_error

urlpatterns = [
    path("", centre_views.home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("centres/", include("centres.urls")),
    path("clients/", include("clients.urls")),
    path("services/", include("services.urls")),
    path("resources/", include("resources.urls")),
    path("committees/", include("committees.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

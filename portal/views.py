"""Django's login and password-change pages, answering 422 when the form has errors."""

from django.contrib.auth import views as auth_views

from portal.shortcuts import UnprocessableOnErrorMixin


class LoginView(UnprocessableOnErrorMixin, auth_views.LoginView):
    pass


class PasswordChangeView(UnprocessableOnErrorMixin, auth_views.PasswordChangeView):
    pass

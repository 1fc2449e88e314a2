"""Password validators beyond Django's own (AUTH_PASSWORD_VALIDATORS): not only spaces, not
the current password, not the demo password that the README publishes (outside the demo)."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Every demo user's password (seed_demo sets it directly, without the validators).
DEMO_PASSWORD = "demo-1234"


class NotOnlyWhitespaceValidator:
    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if not password.strip():
            raise ValidationError(_("The password cannot be only spaces."), code="only_spaces")

    def get_help_text(self) -> str:
        return _("Your password cannot be only spaces.")


class NotTheCurrentPasswordValidator:
    """On a change, the new password must differ from the one the user has now."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        # hashers.check_password, not user.check_password: that one may save a rehashed password.
        if user is not None and user.password and check_password(password, user.password):
            raise ValidationError(
                _("The new password must be different from your current password."),
                code="password_unchanged",
            )

    def get_help_text(self) -> str:
        return _("Your new password must be different from your current password.")


class NotTheDemoPasswordValidator:
    """The demo password is public: refused everywhere but the local demo (DEBUG on)."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if not settings.DEBUG and password.strip().casefold() == DEMO_PASSWORD:
            raise ValidationError(
                _("This is the demo password, which anyone can read. Choose another one."),
                code="demo_password",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be the published demo password.")

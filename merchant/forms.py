from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from merchant.exceptions import LoginLockedOut, WrongPassword
from merchant.models import STAFF_ROLE_CHOICES
from merchant.selectors import list_memberships_for_user
from merchant.services import confirm_password


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password."),
        "no_shop": _("This account belongs to no shop. Buyers use the shopping app."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff and not list_memberships_for_user(user=user).exists():
            raise forms.ValidationError(self.error_messages["no_shop"], code="no_shop")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the old password checked through the login lockout."""

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        try:
            confirm_password(request=self.request, user=self.user, password=old_password)
        except WrongPassword as error:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            ) from error
        except LoginLockedOut as error:  # django-axes' middleware then signs the session out
            raise forms.ValidationError(str(error.message), code="locked_out") from error
        return old_password


class SignupForm(forms.Form):
    shop_name = forms.CharField(label=_("Shop name"), max_length=30)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; you log in with it."),
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password_confirm = forms.CharField(
        label=_("Confirm password"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") != cleaned.get("password_confirm"):
            self.add_error("password_confirm", _("The two passwords do not match."))
        return cleaned


class ShopForm(forms.Form):
    name = forms.CharField(label=_("Shop name"), max_length=30)
    low_stock_threshold = forms.IntegerField(
        label=_("Low-stock threshold"),
        min_value=0,
        max_value=100_000,
        help_text=_(
            "A SKU with this much stock or less shows under stock alerts and you are notified; "
            "a SKU may have its own threshold."
        ),
    )


class StaffCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)


class StaffUpdateForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class ReturnAddressForm(forms.Form):
    name = forms.CharField(label=_("Contact name"), max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    province = forms.CharField(label=_("Province"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=20)
    district = forms.CharField(label=_("District"), max_length=20)
    address = forms.CharField(label=_("Address"), max_length=120)


class NotificationFilterForm(forms.Form):
    """消息中心's filters: only the unread, or one kind of those the member receives."""

    unread = forms.BooleanField(label=_("Unread only"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (kind.kind, kind.label) for kind in kinds
        ]


class NotificationSettingsForm(forms.Form):
    """通知设置: a box per kind the member receives; those that cannot be turned off show
    ticked and disabled."""

    def __init__(self, *args, settings, **kwargs):
        super().__init__(*args, **kwargs)
        for setting in settings:
            self.fields[setting["kind"]] = forms.BooleanField(
                label=setting["label"],
                required=False,
                initial=setting["enabled"],
                disabled=not setting["optional"],
            )

    def enabled(self) -> dict[str, bool]:
        """The choices for the kinds that may be turned off."""
        return {
            name: bool(value)
            for name, value in self.cleaned_data.items()
            if not self.fields[name].disabled
        }

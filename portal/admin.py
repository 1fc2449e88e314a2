"""Admin helpers of the portal package (it registers no models of its own).

Use the overrides on every ModelAdmin with a DateField, so that admin date inputs read and show
Buddhist-era years::

    @admin.register(Meeting)
    class MeetingAdmin(admin.ModelAdmin):
        formfield_overrides = THAI_DATE_FORMFIELD_OVERRIDES

ModelAdmin merges these into its defaults ({DateField: {"widget": AdminDateWidget}}) with
dict.update, so both keys here replace the admin's: the form field is a ThaiDateField and its
widget a ThaiDateInput (without the admin's calendar pop-up, which writes CE years). Without
these overrides the admin's plain DateField reads 26/11/2569 as the year 2569 CE.
To add overrides of your own, merge: ``{**THAI_DATE_FORMFIELD_OVERRIDES, models.X: {...}}``.
"""

from django.db import models

from portal.forms import ThaiDateField, ThaiDateInput

THAI_DATE_FORMFIELD_OVERRIDES = {
    models.DateField: {"form_class": ThaiDateField, "widget": ThaiDateInput},
}

"""Thai date formats. `Y` prints the Buddhist-era year here: see portal.apps.install_be_year_patch.

Names not set here fall back to Django's own Thai formats. Note that DATE_INPUT_FORMATS are read
by strptime, which knows nothing of BE years: a plain forms.DateField would store 26/11/2569 as
the year 2569 CE. Date inputs therefore use portal.forms.ThaiDateField (date-time inputs
ThaiSplitDateTimeField), which parse BE years; in the admin too (portal/admin.py).
"""

DATE_FORMAT = "j M Y"  # 26 พ.ย. 2569
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y H:i"  # 26 พ.ย. 2569 14:05
SHORT_DATE_FORMAT = "d/m/Y"  # 26/11/2569
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"  # 26 พฤศจิกายน
YEAR_MONTH_FORMAT = "F Y"  # พฤศจิกายน 2569
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
FIRST_DAY_OF_WEEK = 0  # Sunday

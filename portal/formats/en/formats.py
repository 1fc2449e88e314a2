"""English date formats: the same shapes as the Thai ones, with Common-Era years."""

DATE_FORMAT = "j M Y"  # 26 Nov 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y H:i"  # 26 Nov 2026 14:05
SHORT_DATE_FORMAT = "d/m/Y"  # 26/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"  # 26 November
YEAR_MONTH_FORMAT = "F Y"  # November 2026
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
FIRST_DAY_OF_WEEK = 0  # Sunday

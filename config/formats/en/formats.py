# Day before month, 24-hour clock (config/formats/__init__.py).
DATE_FORMAT = "j F Y"  # 1 December 2026
DATETIME_FORMAT = "j F Y, H:i"  # 1 December 2026, 18:05
SHORT_DATE_FORMAT = "j M Y"  # 1 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 1 Dec 2026, 18:05
TIME_FORMAT = "H:i"  # 18:05
MONTH_DAY_FORMAT = "j F"  # 1 December
YEAR_MONTH_FORMAT = "F Y"  # December 2026
FIRST_DAY_OF_WEEK = 1  # Monday

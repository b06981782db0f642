# The same shapes as English, with Khmer month and day names from the translations (config/formats/__init__.py).
# The long date is the written Khmer form Django ships: "1 ខែ ធ្នូ ឆ្នាំ 2026" (day 1, month December, year 2026).
DATE_FORMAT = "j ខែ F ឆ្នាំ Y"  # 1 ខែ ធ្នូ ឆ្នាំ 2026
DATETIME_FORMAT = "j ខែ F ឆ្នាំ Y, H:i"  # 1 ខែ ធ្នូ ឆ្នាំ 2026, 18:05
SHORT_DATE_FORMAT = "j M Y"  # 1 ធ្នូ 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 1 ធ្នូ 2026, 18:05
TIME_FORMAT = "H:i"  # 18:05
MONTH_DAY_FORMAT = "j F"  # 1 ធ្នូ
YEAR_MONTH_FORMAT = "F Y"  # ធ្នូ 2026
FIRST_DAY_OF_WEEK = 1  # Monday

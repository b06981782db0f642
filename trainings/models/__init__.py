"""The training programme's models, one module per part: courses, cohorts and their sessions; enrolments and their
outcome; the roll-call (attendance records, their history, unlocks, self check-in codes)."""

from .attendance import AttendanceChange, AttendanceRecord, AttendanceUnlock, CheckInCode
from .courses import PERCENT_VALIDATORS, Cohort, Course, TrainingSession
from .enrolment import Enrollment

__all__ = [
    "PERCENT_VALIDATORS",
    "AttendanceChange",
    "AttendanceRecord",
    "AttendanceUnlock",
    "CheckInCode",
    "Cohort",
    "Course",
    "Enrollment",
    "TrainingSession",
]

"""The training programme's models, one module per part: courses, cohorts and their sessions; enrolments and their
outcome; the question bank, the tests and their attempts; the roll-call (attendance records, their history,
unlocks, self check-in codes)."""

from .assessments import Assessment, Attempt, AttemptQuestion, Choice, Question, QuestionVersion
from .attendance import AttendanceChange, AttendanceRecord, AttendanceUnlock, CheckInCode
from .courses import PERCENT_VALIDATORS, Cohort, Course, TrainingSession
from .enrolment import Enrollment

__all__ = [
    "PERCENT_VALIDATORS",
    "Assessment",
    "Attempt",
    "AttemptQuestion",
    "Choice",
    "Question",
    "QuestionVersion",
    "AttendanceChange",
    "AttendanceRecord",
    "AttendanceUnlock",
    "CheckInCode",
    "Cohort",
    "Course",
    "Enrollment",
    "TrainingSession",
]

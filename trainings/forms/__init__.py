"""The training programme's forms, one module per part; callers import from the module: `courses` (the organiser's
courses, cohorts, sessions and scores), `enrolment` (self-enrolment, a focal point's two enrol forms),
`certificates` (the organiser's choice of enrolments to certify), `layout` (what they share)."""

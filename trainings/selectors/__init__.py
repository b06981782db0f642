"""Every read of the training programme, one module per page family, each with what its page needs joined or
prefetched (no N+1); callers import from the module:

- `cohorts`: the catalogue, a cohort's page, the organiser's lists, cohorts due for their completion decision;
- `enrolment`: a person's enrolments, a cohort's, with attendance so far (`with_attendance_so_far`);
- `company`: the people a focal point sees (`company_people`: the one home of that rule) and their enrolments;
- `attendance`: the roll-call, its history and exports, a trainer's sessions;
- `certificates`: whether completion certificates can be issued, a cohort's enrolments with theirs.
"""

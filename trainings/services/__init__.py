"""Every write of the training programme, one module per part; callers import from the module:

- `courses`: courses, cohorts and their sessions;
- `enrolment`: places in a cohort (the capacity count under the cohort's row lock), withdrawal;
- `invitations`: a focal point enrols someone by e-mail, and the invitation link that follows;
- `completion`: the completion decision (by hand, and by itself once a cohort is over), assessment scores;
- `certificates`: completion certificates, issued with the decision or by an organiser;
- `attendance`: the roll-call's marks under the session's row lock, the lock and an organiser's unlock;
- `checkin`: self check-in codes and a participant checking themselves in.

Each refusal is a `trainings.errors.TrainingError`; each rule they ask is in `trainings.rules`.
"""

from django.tasks import task


@task()
def decide_completions() -> int:
    """The automatic trigger as a background task: decide every cohort that is over and not decided.

    Returns how many enrolments became completed. Safe to enqueue repeatedly (idempotent).
    """
    from .services import completions_decide_due

    return len(completions_decide_due())

"""The crispy-forms helper every form of the site that crispy builds whole (`{% crispy form %}`) starts from."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit


def form_helper(submit_label=None, *, css_class: str = "btn-primary") -> FormHelper:
    """A helper whose <form> is `novalidate`, ending with a submit button labelled `submit_label` when given.

    The browser's own checks ("Please fill in this field.") speak the browser's language, not the page's, and
    bubble up before the site's translated errors and their summary (templates/bootstrap5/errors.html): the
    server checks everything anyway.
    """
    helper = FormHelper()
    helper.attrs = {"novalidate": True}
    if submit_label is not None:
        helper.add_input(Submit("submit", submit_label, css_class=css_class))
    return helper

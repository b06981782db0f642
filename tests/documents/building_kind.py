"""A building kind of documents' own tests (documents.kinds.BuildKind): a person's name as a PDF and an XLSX, in
three steps, each of them recording the job's progress as the database holds it; organisers only."""

from botocore.exceptions import EndpointConnectionError

from documents import kinds
from documents.exports import xlsx_bytes
from documents.models import PrintJob
from documents.render import render_pdf
from people.models import User
from people.permissions import organiser_gate


class NamesBuild(kinds.BuildKind):
    name = "tests.names_build"
    label = "Names built"
    seen: list[tuple[int, int]] = []  # (done, total) of the job's row at each step
    files_seen: list[list[bool]] = []  # at each step, which of the kind's other jobs still have results

    def items(self, ids):
        return User.objects.filter(pk__in=list(ids))

    def gate(self, request):
        return organiser_gate(request)

    def steps(self, user):
        return 3

    def _record(self, user):
        jobs = PrintJob.objects.filter(kind=self.name).order_by("pk")
        running = jobs.filter(status=PrintJob.Status.RUNNING).get()
        self.seen.append((running.done, running.total))
        self.files_seen.append([job.has_results for job in jobs.exclude(pk=running.pk)])

    def build(self, user, progress):
        self._record(user)
        progress(1)
        self._record(user)
        if user.given_name == "Broken":
            raise ValueError("this name does not build")
        if user.given_name == "Unreachable":  # the file storage cannot be reached, as S3's client says it
            raise EndpointConnectionError(endpoint_url="https://s3.example.org/private-bucket")
        pdf = render_pdf("documents_tests/names.html", {"names": [user.email]}, language=user.language)
        progress(2)
        self._record(user)
        xlsx = xlsx_bytes(["Name"], [[user.email], ["=1+1"]], "Names")
        progress(3)
        return {"pdf": pdf, "xlsx": xlsx}


kinds.register(NamesBuild())

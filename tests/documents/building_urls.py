"""The site's URLs and the job pages of tests/documents/building_kind.py's kind, in a namespace of their own."""

from django.urls import include, path

from config.urls import urlpatterns as site
from documents.urls import job_pages

from .building_kind import NamesBuild

pages = job_pages(
    "",
    kinds=(NamesBuild.name,),
    list_template="documents/jobs/list.html",
    detail_template="documents/jobs/detail.html",
    download="names",
    parts=NamesBuild.parts,
)
urlpatterns = [*site, path("build-jobs/", include((pages, "build_jobs")))]

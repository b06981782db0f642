"""Settings the domain apps read (config/settings/base.py imports them): how long e-mails and batch job results are
kept, public verification limits, the forum's letterhead and youth data retention, safeguarding's limits and
fallback numbers. Each is read from the environment where an operator may change it."""

import os

from django.utils.translation import gettext_lazy as _

# Days the task queue keeps a failed e-mail's row (its text, links included), to find out why it failed.
EMAIL_FAILED_KEEP_DAYS = int(os.environ.get("EMAIL_FAILED_KEEP_DAYS", "7"))
# Days the note of each e-mail delivered (to whom, its subject, when: people.models.SentEmail) is kept for the
# download of a person's own data.
SENT_EMAIL_KEEP_DAYS = int(os.environ.get("SENT_EMAIL_KEEP_DAYS", "365"))
# Batch jobs (documents/jobs.py: printing into one merged PDF and a ZIP, e-mail delivery): items rendered or sent
# per chunk (progress moves after each; memory is bounded by a chunk); days the results (PDF, ZIP) are kept in
# private storage; minutes after which a job whose row stopped moving is failed as lost (it can then be retried).
# CERTIFICATES_PRINT_RESULT_DAYS is the older name of DOCUMENTS_JOBS_RESULT_DAYS and still read.
DOCUMENTS_JOBS_CHUNK_SIZE = int(os.environ.get("DOCUMENTS_JOBS_CHUNK_SIZE", "25"))
DOCUMENTS_JOBS_RESULT_DAYS = int(
    os.environ.get("DOCUMENTS_JOBS_RESULT_DAYS", os.environ.get("CERTIFICATES_PRINT_RESULT_DAYS", "7"))
)
DOCUMENTS_JOBS_STALE_MINUTES = int(os.environ.get("DOCUMENTS_JOBS_STALE_MINUTES", "30"))
# Public certificate verification (certificates/views.py): look-ups a minute per client address, then 429; and
# how many reverse proxies in front of the site append to X-Forwarded-For (0: the connection's address is the
# client's).
CERTIFICATES_VERIFY_PER_MINUTE = int(os.environ.get("CERTIFICATES_VERIFY_PER_MINUTE", "30"))
CERTIFICATES_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Forum: the host named on the visa invitation letter's letterhead (production names the ministry exactly).
FORUM_HOST_ORGANISATION = os.environ.get("FORUM_HOST_ORGANISATION", "") or _(
    "Ministry of Posts and Telecommunications, Kingdom of Cambodia, with UNICEF"
)

# The public programme's cached parts (forum/views/programme_cache.py): seconds a request that finds a part being
# rendered by another waits for it before rendering it itself (a cold render of 300 sessions takes about half a
# second on a loaded 2-core machine).
FORUM_PROGRAMME_RENDER_WAIT_SECONDS = float(os.environ.get("FORUM_PROGRAMME_RENDER_WAIT_SECONDS", "3"))

# Youth delegates (forum/services/youth.py, consent.py): guardian details, dates of birth and signed consent
# forms are deleted this many days after the forum's last day (only the fact that consent was given stays);
# consent links expire.
FORUM_YOUTH_RETENTION_DAYS = int(os.environ.get("FORUM_YOUTH_RETENTION_DAYS", "90"))
FORUM_YOUTH_CONSENT_LINK_MAX_AGE = 14 * 24 * 3600  # seconds

# Safeguarding (safeguarding/views/report.py): reports a client address may send an hour, and additions a
# follow-up link may post an hour, then 429 (counted in the cache under an HMAC of the address or the link with
# SECRET_KEY, never the address or the link itself; the address is read behind CERTIFICATES_TRUSTED_PROXY_COUNT
# proxies); the largest file a reporter may attach.
SAFEGUARDING_REPORTS_PER_HOUR = int(os.environ.get("SAFEGUARDING_REPORTS_PER_HOUR", "20"))
SAFEGUARDING_FOLLOW_UPS_PER_HOUR = int(os.environ.get("SAFEGUARDING_FOLLOW_UPS_PER_HOUR", "30"))
SAFEGUARDING_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# The numbers a reporter reads first when the organisers have set none (safeguarding.models.EmergencyContacts):
# Cambodia's national ones, Child Helpline Cambodia (free, day and night) and the police. Written here, never
# fetched: the page must show them without the network.
SAFEGUARDING_FALLBACK_CONTACTS = {
    "helpline_name": _("Child Helpline Cambodia"),
    "helpline_phone": "1280",
    "police_phone": "117",
}

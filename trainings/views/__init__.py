"""The training programme's pages, one module per audience (urls.py and organiser_urls.py name them):
`public` (catalogue, cohort page, a trainer's sessions), `company` (a focal point's company page), `invitations`
(the invitation link), `attendance` (the roll-call and its exports), `checkin` (self check-in), `organiser` (the
organiser console), `certificates` (a cohort's certificates, for organisers), `offline` (the offline layer's service
worker)."""

"""What the forum hands out as files: iCalendar feeds (ical), PDFs (pdf: the programme booklet, personal agendas,
visa letters) and spreadsheets of registrations (sheets)."""

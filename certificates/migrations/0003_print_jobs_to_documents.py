"""Print and delivery jobs move to documents (documents.PrintJob, PrintJobItem): the rows are copied with their
ids, kinds renamed to the names certificates registers ("print" -> "certificates.print"), and the certificate
of each item kept as its item id; then the old tables go. Going back copies certificates' jobs back."""

from django.core.management.color import no_style
from django.db import migrations

KINDS = {"print": "certificates.print", "deliver": "certificates.deliver"}
SAME_JOB_COLUMNS = [
    "id", "title", "status", "scope_key", "total", "done", "error", "attempts", "back_url", "created_by_id",
    "created_at", "updated_at", "started_at", "finished_at", "expires_at", "purged_at", "pdf_file", "zip_file",
]
SAME_ITEM_COLUMNS = ["id", "job_id", "delivery", "email", "error", "sent_at"]


def _copy(apps, schema_editor, *, forward: bool):
    jobs = [apps.get_model("certificates", "CertificateJob"), apps.get_model("documents", "PrintJob")]
    items = [apps.get_model("certificates", "CertificateJobItem"), apps.get_model("documents", "PrintJobItem")]
    kinds = KINDS if forward else {new: old for old, new in KINDS.items()}
    item_columns = ["certificate_id", "item_id"]  # an item's certificate is its item id
    if not forward:
        for pair in (jobs, items, item_columns):
            pair.reverse()
    quote = schema_editor.quote_name
    kind = "CASE kind " + " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in kinds.items()) + " END"
    copies = [
        # (to, from, {column to: SQL over the row from}, which rows)
        (jobs[1], jobs[0], {**{c: quote(c) for c in SAME_JOB_COLUMNS}, "kind": kind},
         "kind IN ({})".format(", ".join(f"'{name}'" for name in kinds))),
        (items[1], items[0], {**{c: quote(c) for c in SAME_ITEM_COLUMNS}, item_columns[1]: quote(item_columns[0])},
         f"job_id IN (SELECT id FROM {quote(jobs[1]._meta.db_table)})"),
    ]
    with schema_editor.connection.cursor() as cursor:
        for target, source, columns, where in copies:
            cursor.execute(  # only our own table and column names
                f"INSERT INTO {quote(target._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
                f"SELECT {', '.join(columns.values())} FROM {quote(source._meta.db_table)} WHERE {where}"
            )
        # The rows kept their ids: the next id of each table must come after them (PostgreSQL's sequences).
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [jobs[1], items[1]]):
            cursor.execute(sql)


def forward(apps, schema_editor):
    _copy(apps, schema_editor, forward=True)


def backward(apps, schema_editor):
    _copy(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_squashed_0002_print_jobs"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="certificatejob", name="certificates"),
        migrations.DeleteModel(name="CertificateJobItem"),
        migrations.DeleteModel(name="CertificateJob"),
    ]

"""The ground every app stands on: it imports no app. Audit trail,
validators, uploads and attachments, search helpers, admin helpers, log
filters, the Swedish names of third-party apps, PDFs from templates, form
tokens, and the two database roles with the migrate, flush and
grant_app_role commands that use them."""

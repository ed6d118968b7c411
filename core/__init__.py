"""The ground every app stands on: it imports no app. Audit trail,
validators, uploads and attachments, search helpers, admin helpers, log
filters and the Swedish names of third-party apps."""

"""CSV imports (DATA-FORMATS.md): the file format, the registry of importers
and the run. Each app declares its importers in `<app>/importers.py`;
the framework is in the modules here: columns (a cell to a value),
importer (Importer, ModelImporter), reading (the file and its header),
rows (row status, errors, the report), registry (the kinds) and run
(run_import).

A run reads the whole file, validates every row and collects every error
before it writes anything; the writing is one transaction, so a file is
imported whole or not at all.

A kind is one class in the app that owns the data:

    @register
    class PayerImporter(ModelImporter):
        kind, label, order = "payers", _("Betalare"), 10
        model, key = Payer, "betalarid"
        columns = {"betalarid": Text(), "name": Text()}

A ModelImporter upserts its model by `key`: columns named like a model field
(or given `field=`) are stored and checked by the field's own validation;
`Ref` columns are looked up for the whole file in one query. An `optional`
column may be left out of the header; then the rows keep what is stored.
Override `check` for rules across rows and `write_related` for columns that
are not fields. An Importer that changes data through a service implements
`write` instead (warehouse/importers.py)."""

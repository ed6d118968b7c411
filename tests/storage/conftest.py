# The S3 server and bucket (tests/s3.py), and the catalogue's article.
from tests.catalog.conftest import rollator, supplier  # noqa: F401
from tests.s3 import s3, s3_server  # noqa: F401

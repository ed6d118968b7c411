# The S3 server and bucket (tests/s3.py), the catalogue's article and a
# registered work order.
from tests.catalog.conftest import rollator, supplier  # noqa: F401
from tests.s3 import s3, s3_server  # noqa: F401
from tests.workorders.conftest import person, wheelchair, work_order  # noqa: F401

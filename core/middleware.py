from django.core.exceptions import SuspiciousOperation


class NullCharacterInRequest(SuspiciousOperation):
    pass


class RefuseNullCharactersMiddleware:
    """Answers 400 to a request with a NUL character in its path, query string
    or form fields. PostgreSQL refuses NUL in text, so such a value would
    otherwise end as a server error in whichever query or save first met it;
    no user types one. Uploaded files' contents are not text and pass."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *_values(request.GET)]
        if request.method == "POST":
            values += _values(request.POST)
        if any("\x00" in value for value in values):
            raise NullCharacterInRequest("NUL character in the request")
        return self.get_response(request)


def _values(query_dict):
    for key, values in query_dict.lists():
        yield key
        yield from values

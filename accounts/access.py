"""What the access log records of a request, made explicit: who looks, on
which page, in which session, and whether the answer shows a person. Views
make one per request with access_context(request) and hand it to the
services, which never see the request; a management command or a job
builds its own AccessContext(user=...)."""

from dataclasses import dataclass


@dataclass
class AccessContext:
    user: object
    path: str = ""
    session_key: str | None = None
    # Set by accounts.services.log_access; NoStoreForPersonsMiddleware then
    # makes the response no-store.
    shows_person: bool = False

    def own_customers(self):
        """The user's customers, only read when a row has no customer of its
        own; the same list as the page's header shows (User.customer_list)."""
        return self.user.customer_list


def access_context(request):
    """The request's AccessContext, made at its first use and kept on the
    request (as request.access), where NoStoreForPersonsMiddleware looks."""
    try:
        return request.access
    except AttributeError:
        session = getattr(request, "session", None)
        request.access = AccessContext(
            user=request.user,
            path=request.path,
            session_key=session.session_key if session is not None else None,
        )
        return request.access

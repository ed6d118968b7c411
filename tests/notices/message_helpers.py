from django.urls import reverse

from notices.models import Message


def assert_message_links_to(client, user, url, number):
    """The user's one message links to `url`, the page of the order, work
    order or pickup it is about, and the user can open that page."""
    message = Message.objects.get(recipient=user)
    client.force_login(user)
    page = client.get(reverse("message_detail", args=[message.pk]))
    assert f'href="{url}"' in page.text
    linked = client.get(url)
    assert linked.status_code == 200
    assert number in linked.text

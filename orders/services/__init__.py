"""Customer orders: building a draft, executing it, cancelling it, and
customer service's picking, shipping and date changes. Each function that
changes state is one transaction; views and the admin call these only.

One module per feature; the names below are the package's API, so callers
say `from orders import services` or `from orders.services import X`
without knowing which module holds it."""

from .alternatives import (
    alternatives,
    alternatives_of,
    choose_alternative,
    proposed_alternative,
)
from .baskets import REMIND_EVERY_DAYS, remind_overdue_baskets, settle_basket
from .details import (
    attach_file,
    check_attachable,
    choose_customer,
    save_delivery,
    save_delivery_step,
    use_address,
)
from .drafts import (
    StaleDraft,
    add_articles,
    add_line,
    delete_draft,
    draft_version,
    orderable_article,
    orderable_articles,
    purge_abandoned_drafts,
    save_lines,
    start_or_reuse_draft,
    start_order,
    update_lines,
)
from .execution import (
    BASKET_LOAN_DAYS,
    can_cancel,
    cancel_order,
    delivery_date,
    execute_order,
    missing_for_execution,
)
from .fulfilment import (
    change_delivery_date,
    deliver_line,
    journal_text,
    mark_order_picked,
    mark_picked,
    ship_line,
    ship_lines,
)
from .replenishment import Replenishment, replenish_stores, shortfalls
from .rules import DECEASED, MAX_QUANTITY
from .status import set_status, status_of_lines
from .stores import (
    check_store,
    holding_payer,
    local_stores_of,
    unit_on_shelf,
    units_on_shelf,
)
from .templates import (
    StaleTemplate,
    TemplateOrdered,
    create_template,
    delete_template,
    order_from_template,
    save_template,
    template_version,
)

__all__ = [
    "Replenishment",
    "BASKET_LOAN_DAYS",
    "DECEASED",
    "MAX_QUANTITY",
    "REMIND_EVERY_DAYS",
    "StaleDraft",
    "StaleTemplate",
    "TemplateOrdered",
    "add_articles",
    "add_line",
    "alternatives",
    "alternatives_of",
    "attach_file",
    "can_cancel",
    "cancel_order",
    "change_delivery_date",
    "check_store",
    "check_attachable",
    "choose_alternative",
    "choose_customer",
    "create_template",
    "delete_draft",
    "delete_template",
    "deliver_line",
    "delivery_date",
    "draft_version",
    "execute_order",
    "holding_payer",
    "journal_text",
    "local_stores_of",
    "mark_order_picked",
    "mark_picked",
    "missing_for_execution",
    "order_from_template",
    "orderable_article",
    "orderable_articles",
    "proposed_alternative",
    "purge_abandoned_drafts",
    "remind_overdue_baskets",
    "replenish_stores",
    "save_delivery",
    "save_delivery_step",
    "save_lines",
    "save_template",
    "set_status",
    "settle_basket",
    "status_of_lines",
    "ship_line",
    "ship_lines",
    "shortfalls",
    "start_or_reuse_draft",
    "start_order",
    "template_version",
    "unit_on_shelf",
    "units_on_shelf",
    "update_lines",
    "use_address",
]

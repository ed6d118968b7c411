from prometheus_client import REGISTRY


def counted(name, **labels):
    """A sample's value in this process's registry (0 before the first)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0

"""Demo and scale data: `seed_demo` and `generate_data`. Installed in
development and tests only (websesam/settings.py): production does not load it."""

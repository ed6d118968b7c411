"""Demo and scale data, shared by `seed_demo` and `generate_data`."""

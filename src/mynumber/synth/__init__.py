"""Synthetic population and activity (合成人口), deterministic from a seed.

Not a real-world organisation: it stands in for the people of Japan, generating households
with coherent ages, names and addresses, and registering them through the registry's api.
"""

"""Pure domain logic: no Django, no ORM, no HTTP. Plain values in, plain values out.

A test (chanye/analytics/tests/test_purity.py) fails if any module here imports Django.
"""

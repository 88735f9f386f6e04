"""What a visit *is*, in plain Python: no Qt, no SQLAlchemy.

Types and their labels, the NIK, signed tokens, field rules, the state machine, the clock
and the report figures. Every other layer may use these; they use none of them.
"""

"""(placeholder module: rules are being written)"""

RULES: tuple = ()

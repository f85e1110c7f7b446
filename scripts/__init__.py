"""Scripts run by make and CI (soak, restore check, production check); soak.py imports soak_clock."""

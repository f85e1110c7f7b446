"""Plain helpers every floor may use; like the ground floor, it imports no app of the program."""

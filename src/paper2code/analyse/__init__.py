"""Analyse: hyperparameters with quotes, paper type and contribution, the ambiguity audit."""

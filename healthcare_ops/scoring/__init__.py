"""The Python scoring phase of the build (README, "No-show model" and "Sentiment").

dbt-spark's session method cannot run dbt Python models, so the scoring is a phase of its own between two dbt
builds, the same on both engines (pipeline.scoring_phase): dbt builds everything that does not read the scores,
this package reads its inputs from that working warehouse, computes the scores and writes them into its `scores`
schema (a dbt source), and dbt then builds the marts that read them.

Modules: features (the model's frame), metrics (AUC, deciles, calibration, lift), no_show (train, evaluate, score,
explain), sentiment (VADER), tables (the score tables' names and types), store (reading and writing per engine),
phase (the whole phase, with its printed report).
"""

-- A fitted table may carry a residual model (docs/methods/latency-model.md, "Residual model"): gradient-boosted
-- trees over the whole configuration that correct the pairwise table's misfit, in XGBoost's binary format. Kept
-- only where it improves the held-out figures; its own held-out figures are in the fit figures beside the table's.
ALTER TABLE latency_tables ADD COLUMN residual_model bytea;

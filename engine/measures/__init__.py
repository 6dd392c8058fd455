"""3. What indicators measure from the facts, before any rule gives points: ratios, checklists,
findings, publications, targets, scores, and the evidence that is missing."""

-- 0028 is the stages branch's (projects.stage, FLOW-4). This placeholder only keeps the
-- supervision branch's 0029 numbered 1..n on its own: drop it when the stages branch is merged.
SELECT 1;

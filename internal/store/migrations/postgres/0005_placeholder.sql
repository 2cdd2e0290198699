-- 0005 is numbered for another registry built in parallel (issue 3). This placeholder only keeps
-- the numbering gapless on the machine-rooms branch: drop it when the real 0005 lands.
SELECT 1;

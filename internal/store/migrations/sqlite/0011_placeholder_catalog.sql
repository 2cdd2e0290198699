-- 0011: a placeholder for a migration of another branch in flight (catalog branch only; the lead replaces it on merge).
SELECT 1;

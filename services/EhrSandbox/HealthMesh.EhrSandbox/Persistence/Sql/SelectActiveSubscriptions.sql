SELECT r.json
FROM resources r
WHERE r.resource_type = 'Subscription' AND r.is_deleted = 0
  AND EXISTS (SELECT 1 FROM search_index s
              WHERE s.resource_type = r.resource_type AND s.resource_id = r.resource_id AND s.param = 'status' AND s.value = 'active');

SELECT DISTINCT r.resource_type AS ResourceType, r.resource_id AS Id, r.version_id AS VersionId, r.last_updated AS LastUpdated,
       r.is_deleted AS IsDeleted, r.json AS Json
FROM search_index s
JOIN resources r ON r.resource_type = s.system AND r.resource_id = s.value
WHERE s.resource_type = @SourceType AND s.resource_id IN @Ids AND s.param = @Param
  AND (@TargetType IS NULL OR s.system = @TargetType) AND r.is_deleted = 0;
